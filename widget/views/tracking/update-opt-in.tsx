import { Component } from "preact";
import type { OrderView } from "../../../contract/order-view.ts";
import { UPDATE_CHANNELS, type UpdateChannel } from "../../../contract/vocabularies.ts";
import { setUpdatePreference } from "../../api.ts";
import type { TrackingText } from "./messages.ts";

interface Props {
  tt: TrackingText;
  api: string;
  token: string;
  current: OrderView["updates"];
  onSaved(channel: UpdateChannel): void;
}

interface State {
  channel: UpdateChannel;
  contact: string;
  busy: boolean;
  message: string;
}

/** Email or text updates about this order, or none: one choice, saved to the worker with consent time. */
export class UpdateOptIn extends Component<Props, State> {
  override state: State = {
    channel: this.props.current?.channel ?? "email",
    contact: "",
    busy: false,
    message: this.props.current ? this.saved(this.props.current.channel, this.props.current.contactHint) : "",
  };

  saved(channel: string, hint = "") {
    return channel == "none" ? this.props.tt("savedNone") : this.props.tt("saved", { contact: hint });
  }

  save = async (event: Event) => {
    event.preventDefault();
    const { channel, contact } = this.state;
    this.setState({ busy: true });
    const trimmed = contact.trim();
    const answer = await setUpdatePreference(
      this.props.api,
      this.props.token,
      channel == "none" || !trimmed ? { channel } : { channel, contact: trimmed },
    );
    if (!answer.ok) return this.setState({ busy: false, message: this.props.tt("saveFailed", { message: answer.error.message }) });
    this.setState({ busy: false, message: this.saved(answer.data.channel, answer.data.contactHint) });
    this.props.onSaved(channel);
  };

  render({ tt }: Props, { channel, contact, busy, message }: State) {
    const onInput = (e: { currentTarget: HTMLInputElement }) => this.setState({ contact: e.currentTarget.value });
    return (
      <form class="card" onSubmit={this.save}>
        <fieldset>
          <legend>
            <h3>{tt("updates")}</h3>
            <span class="muted">{tt("updatesAsk")}</span>
          </legend>
          {UPDATE_CHANNELS.map((c) => (
            <label key={c} class="choice">
              <input type="radio" name="channel" value={c} checked={channel == c} onChange={() => this.setState({ channel: c })} />
              {tt(`ch_${c}`)}
            </label>
          ))}
          {channel != "none" && (
            <label class="field">
              {channel == "sms" ? tt("phoneLabel") : tt("emailLabel")}
              {channel == "sms" ? (
                <input type="tel" autocomplete="tel" value={contact} onInput={onInput} />
              ) : (
                <input type="email" autocomplete="email" value={contact} onInput={onInput} />
              )}
            </label>
          )}
        </fieldset>
        <button type="submit" class="btn" disabled={busy}>
          {tt("save")}
        </button>
        <p class="muted" role="status">
          {message}
        </p>
      </form>
    );
  }
}
