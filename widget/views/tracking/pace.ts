/**
 * How often an open tracking page asks for news, from what can change next. A parcel in transit moves a
 * few times a day; the day it is out for delivery, or due, is when a shopper watches the page. So: every
 * 10 s then, every 60 s otherwise, every 5 minutes while the tab is hidden, and never once every parcel
 * has arrived. Pure (the capacity model in scripts/bench/capacity.ts applies it to its status mix).
 */
import type { ShipmentView } from "../../../contract/order-view.ts";

export const WATCHED_EVERY_MS = 10_000;
export const VISIBLE_EVERY_MS = 60_000;
export const HIDDEN_EVERY_MS = 300_000;

/**
 * Milliseconds until the next refresh, or 0 once every parcel is delivered or returned (nothing left to
 * follow). `today` is the shopper's calendar date (YYYY-MM-DD), the one a window's last day is compared with.
 */
export function paceOf(parcels: Pick<ShipmentView, "status" | "window">[], hidden: boolean, today: string): number {
  const open = parcels.filter((p) => p.status !== "delivered" && p.status !== "returned");
  return parcels.length && !open.length
    ? 0
    : hidden
      ? HIDDEN_EVERY_MS
      : open.some((p) => p.status === "out_for_delivery" || p.window.to === today)
        ? WATCHED_EVERY_MS
        : VISIBLE_EVERY_MS;
}
