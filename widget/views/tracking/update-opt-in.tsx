import { useState } from "preact/hooks";
import type { OrderView } from "../../../worker/schemas/views.ts";
import { setUpdatePreference } from "../../api.ts";
import type { TrackingText } from "./messages.ts";

type Channel = "email" | "sms" | "none";
const CHANNELS: Channel[] = ["email", "sms", "none"];

interface Props {
  tt: TrackingText;
  api: string;
  token: string;
  current: OrderView["updates"];
  onSaved(channel: Channel): void;
}

/** Email or text updates about this order, or none: one choice, saved to the worker with consent time. */
export function UpdateOptIn({ tt, api, token, current, onSaved }: Props) {
  const [channel, setChannel] = useState<Channel>(current?.channel ?? "email");
  const [contact, setContact] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(
    current ? (current.channel === "none" ? tt("savedNone") : tt("saved", { contact: current.contactHint ?? "" })) : "",
  );

  const onContact = (e: Event) => setContact((e.target as HTMLInputElement).value);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const trimmed = contact.trim();
    const answer = await setUpdatePreference(api, token, channel === "none" || !trimmed ? { channel } : { channel, contact: trimmed });
    setBusy(false);
    if (!answer.ok) return setMessage(tt("saveFailed", { message: answer.error.message }));
    setMessage(answer.data.channel === "none" ? tt("savedNone") : tt("saved", { contact: answer.data.contactHint ?? "" }));
    onSaved(channel);
  };

  return (
    <form class="card opt-in" onSubmit={save}>
      <fieldset>
        <legend>
          <h3>{tt("updates")}</h3>
          <span class="muted">{tt("updatesAsk")}</span>
        </legend>
        <div class="choices" role="radiogroup">
          {CHANNELS.map((c) => (
            <label key={c} class="choice">
              <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
              {tt(`ch_${c}`)}
            </label>
          ))}
        </div>
        {channel !== "none" && (
          <label class="field">
            <span>{channel === "sms" ? tt("phoneLabel") : tt("emailLabel")}</span>
            {channel === "sms" ? (
              <input type="tel" autocomplete="tel" value={contact} onInput={onContact} />
            ) : (
              <input type="email" autocomplete="email" value={contact} onInput={onContact} />
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
