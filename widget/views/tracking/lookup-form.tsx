import { useState } from "preact/hooks";
import { lookupOrder } from "../../api.ts";
import type { TrackingText } from "./messages.ts";

interface Props {
  tt: TrackingText;
  api: string;
  storeId?: string;
  onFound(token: string): void;
}

/** No link at hand: order number + email find the order. The answer never says which one was wrong. */
export function LookupForm({ tt, api, storeId, onFound }: Props) {
  const [number, setNumber] = useState("");
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!storeId) return setProblem(tt("findFailed"));
    setBusy(true);
    setProblem("");
    const answer = await lookupOrder(api, { storeId, orderNumber: number, email });
    setBusy(false);
    if (answer.ok && answer.data.orderToken) return onFound(answer.data.orderToken);
    setProblem(answer.ok ? tt("findMissing") : answer.error.status === 429 ? tt("findLimited") : tt("findFailed"));
  };

  return (
    <form class="card lookup" onSubmit={submit}>
      <h2>{tt("findTitle")}</h2>
      <p class="muted">{tt("findIntro")}</p>
      <label class="field">
        <span>{tt("findNumber")}</span>
        <input name="order" required autocomplete="off" value={number} onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        <span>{tt("findEmail")}</span>
        <input name="email" type="email" required autocomplete="email" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
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
