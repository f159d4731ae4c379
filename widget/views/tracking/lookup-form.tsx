import { Component } from "preact";
import { lookupOrder } from "../../api.ts";
import type { TrackingText } from "./messages.ts";

interface Props {
  tt: TrackingText;
  api: string;
  storeId?: string;
  onFound(token: string): void;
}

/** No link at hand: order number + email find the order. The answer never says which one was wrong. */
export class LookupForm extends Component<Props, { busy?: boolean; problem?: string }> {
  submit = async (event: Event) => {
    event.preventDefault();
    const { tt, api, storeId, onFound } = this.props;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    if (!storeId) return this.setState({ problem: tt("findFailed") });
    this.setState({ busy: true, problem: "" });
    const answer = await lookupOrder(api, { storeId, orderNumber: String(form.get("order")), email: String(form.get("email")) });
    if (answer.ok && answer.data.orderToken) return onFound(answer.data.orderToken);
    this.setState({
      busy: false,
      problem: tt(answer.ok ? "findMissing" : answer.error.status == 429 ? "findLimited" : "findFailed"),
    });
  };

  render({ tt }: Props, { busy, problem }: { busy?: boolean; problem?: string }) {
    return (
      <form class="card" onSubmit={this.submit}>
        <h2>{tt("findTitle")}</h2>
        <p class="muted">{tt("findIntro")}</p>
        <label class="field">
          {tt("findNumber")}
          <input name="order" required autocomplete="off" />
        </label>
        <label class="field">
          {tt("findEmail")}
          <input name="email" type="email" required autocomplete="email" />
        </label>
        <button type="submit" class="btn" disabled={busy}>
          {tt("findSubmit")}
        </button>
        <p class="problem" role="alert">
          {problem}
        </p>
      </form>
    );
  }
}
