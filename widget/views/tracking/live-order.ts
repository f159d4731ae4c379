/**
 * Keeps an open tracking page current without reloads. Each poll is a plain GET of the tracking view's
 * part of the order (`?view=tracking`): the worker answers `Cache-Control: no-cache` with an ETag, so
 * the browser itself revalidates (`If-None-Match` → 304) and no CORS preflight is needed. The pace follows what can change (pace.ts): every 10 s while a parcel is
 * out for delivery or due today, every 60 s otherwise, every 5 minutes while hidden, at once when the
 * shopper comes back, and never again once every parcel has arrived.
 */
import type { TrackingOrderView } from "../../../contract/order-view.ts";
import { getOrder } from "../../api.ts";
import { HIDDEN_EVERY_MS, paceOf } from "./pace.ts";

/** The tracking view's part of the order (issue 22): what its refreshes, and an order found by lookup, read. */
export const TRACKING_PART = "?view=tracking";

/**
 * The shopper's calendar date, YYYY-MM-DD as the worker's delivery windows are written. From the Date's
 * local fields, not Intl: a poll every 10 s has no need to build a formatter.
 */
export function localDay(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

export function followOrder(options: {
  api: string;
  token: string;
  current: TrackingOrderView;
  onChange(view: TrackingOrderView): void;
}): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let view = options.current;
  let stopped = false;
  let failures = 0;
  const pace = () => paceOf(view.shipments, document.visibilityState === "hidden", localDay(new Date()));

  const schedule = (ms: number) => {
    clearTimeout(timer);
    // A pace of 0: every parcel has arrived, nothing more will come.
    if (pace() && !stopped) timer = setTimeout(poll, ms);
  };

  async function poll() {
    const answer = await getOrder<TrackingOrderView>(options.api, options.token, undefined, TRACKING_PART);
    if (stopped) return;
    if (!answer.ok) {
      // Back off from the current pace on failure, to the hidden tab's at most (and honour Retry-After):
      // an outage is not met with a thundering herd.
      const backoff = Math.min(pace() * 2 ** ++failures, HIDDEN_EVERY_MS);
      return schedule(Math.max(backoff, (answer.retryAfter ?? 0) * 1000));
    }
    failures = 0;
    // A 304 comes back as the same view: only a real change is reported.
    if (JSON.stringify(answer.data) !== JSON.stringify(view)) options.onChange((view = answer.data));
    schedule(pace());
  }

  // Back in view (a pace below the hidden one): at once.
  const onVisibility = () => schedule(pace() < HIDDEN_EVERY_MS ? 0 : HIDDEN_EVERY_MS);
  document.addEventListener("visibilitychange", onVisibility);
  schedule(pace());
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}
