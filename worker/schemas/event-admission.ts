// Clocks on phones drift; an event stamped a little ahead of ours is still real (the skew is shared
// with merchants' scans, domain/date-range.ts).
import { MAX_CLOCK_SKEW_MS } from "../domain/date-range.ts";
import { checkoutFeel, widgetEvent, type WidgetEvent } from "./events.ts";

/** The widget keeps unsent events for a week; anything older is not a resend but junk. */
export const MAX_EVENT_AGE_MS = 8 * 24 * 60 * 60 * 1000;

export interface RejectedEvent {
  index: number;
  id?: string;
  code: "invalid_event" | "event_in_future" | "event_too_old";
  message: string;
}

/**
 * Splits a batch into events to record and events to refuse, one by one, so a single bad event never
 * costs the good ones around it. Refused events are final: resending them cannot succeed.
 */
export function admitEvents(batch: unknown[], now: Date): { valid: WidgetEvent[]; rejected: RejectedEvent[] } {
  const valid: WidgetEvent[] = [];
  const rejected: RejectedEvent[] = [];
  batch.forEach((raw, index) => {
    const parsed = widgetEvent.safeParse(raw);
    const id = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id.slice(0, 64) : undefined;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({ index, id, code: "invalid_event", message: `${issue?.path.join(".") || "event"}: ${issue?.message}` });
      return;
    }
    const event = parsed.data;
    const at = Date.parse(event.at);
    if (at > now.getTime() + MAX_CLOCK_SKEW_MS) {
      rejected.push({ index, id, code: "event_in_future", message: "at: is in the future" });
    } else if (at < now.getTime() - MAX_EVENT_AGE_MS) {
      rejected.push({ index, id, code: "event_too_old", message: "at: is older than 8 days" });
    } else if (event.type === "checkout_feel" && !checkoutFeel.safeParse(event.target).success) {
      rejected.push({ index, id, code: "invalid_event", message: "target: must be easy, okay or hard for checkout_feel" });
    } else {
      valid.push(event);
    }
  });
  return { valid, rejected };
}
