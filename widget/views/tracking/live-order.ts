/**
 * Keeps an open tracking page current without reloads. Each poll is a plain GET: the worker answers
 * `Cache-Control: no-cache` with an ETag, so the browser itself revalidates (`If-None-Match` → 304) and
 * no CORS preflight is needed. Polls every 10 s while the page is visible (a carrier event shows up
 * within 15 s), every 5 minutes while hidden, at once when the shopper comes back, and never again
 * once every parcel has arrived.
 */
import type { OrderView } from "../../../contract/order-view.ts";
import { getOrder } from "../../api.ts";

export const VISIBLE_EVERY_MS = 10_000;
export const HIDDEN_EVERY_MS = 300_000;
const MAX_BACKOFF_MS = 300_000;

/** Nothing left to follow: every parcel is delivered or on its way back. */
export function settled(view: OrderView): boolean {
  return view.shipments.length > 0 && view.shipments.every((s) => s.status === "delivered" || s.status === "returned");
}

export function followOrder(options: { api: string; token: string; current: OrderView; onChange(view: OrderView): void }): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = settled(options.current);
  let failures = 0;
  let last = JSON.stringify(options.current);
  const hidden = () => typeof document !== "undefined" && document.visibilityState === "hidden";

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(poll, ms);
  };

  async function poll() {
    const answer = await getOrder(options.api, options.token);
    if (stopped) return;
    if (!answer.ok) {
      // Back off on failure (and honour Retry-After), so an outage is not met with a thundering herd.
      failures++;
      const backoff = Math.min(VISIBLE_EVERY_MS * 2 ** failures, MAX_BACKOFF_MS);
      return schedule(Math.max(backoff, (answer.retryAfter ?? 0) * 1000));
    }
    failures = 0;
    const text = JSON.stringify(answer.data);
    if (text !== last) {
      last = text;
      options.onChange(answer.data);
    }
    if (settled(answer.data)) stopped = true;
    schedule(hidden() ? HIDDEN_EVERY_MS : VISIBLE_EVERY_MS);
  }

  const onVisibility = () => schedule(hidden() ? HIDDEN_EVERY_MS : 0);
  document.addEventListener("visibilitychange", onVisibility);
  schedule(hidden() ? HIDDEN_EVERY_MS : VISIBLE_EVERY_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}
