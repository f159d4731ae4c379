/**
 * Proactive delay notices: what the shopper (and the merchant) should hear before they have to ask
 * (pure rules over plain data; the sweep in services/delay-sweep.ts raises and withdraws them, the
 * order view shows them). Each holds while its condition does and is moot as soon as it does not:
 *
 *   fulfillment_delayed  nothing has left the warehouse (no parcel scanned in transit or beyond) and the
 *                        store's processing promise ended before today
 *   stalled              a parcel in transit has had no scan for the store's threshold (3 days)
 *   late                 a parcel's expected delivery day (the carrier's estimate, else the promise) is
 *                        past and it has not been delivered
 *   arriving_soon        a parcel is out for delivery, or its estimate ends today or tomorrow
 *   delayed              the merchant reported a delay with a reason (not swept: the lifecycle schedule
 *                        already sends a `delayed` moment for it); shown until the parcel is out for
 *                        delivery
 *
 * Days are the shopper's: the order's own offset decides when "today" begins, so a parcel promised for
 * the 26th is not late at 19:00 on the 26th in New York just because it is the 27th in UTC.
 */
import { addDays, type CalendarDate } from "../calendar-date.ts";
import type { Window } from "../delivery-window.ts";
import { milestoneRank, type ShipmentStatus } from "../shipment-status.ts";
import { localDate, offsetOf, startOfLocalDay } from "./local-time.ts";
import type { DelayReasonCode } from "./reasons.ts";

export { NOTICE_KINDS, type NoticeKind } from "../../../contract/vocabularies.ts";
import type { NoticeKind } from "../../../contract/vocabularies.ts";

/** What the rules need to know about one parcel. */
export interface ParcelWatch {
  id: string;
  status: ShipmentStatus;
  /** First scan in transit or beyond (delivered, an exception or a return count: the carrier had it). */
  shippedAt?: string;
  /** The newest scan of any kind. */
  lastScanAt?: string;
  /** When it first went out for delivery. */
  outForDeliveryAt?: string;
  /** When to expect it now: an estimate once there is one, else the promise. */
  expected: Window;
  /** The latest estimate (the carrier's, or the merchant's new one), if any. */
  estimate?: Window;
  /** The merchant's report of a delay, while it is still in force. */
  delay?: { reason: DelayReasonCode; at: string };
}

export interface OrderWatch {
  /** With the shopper's offset (the merchant's `placedAt`). */
  placedAt: string;
  cancelled: boolean;
  /** The last day the order should leave by the store's processing promise. */
  shipBy: CalendarDate;
  /** Days in transit without a scan before a parcel counts as stalled. */
  stalledDays: number;
  parcels: ParcelWatch[];
}

export interface Notice {
  kind: NoticeKind | "delayed";
  /** The parcel's id, or "" for the order as a whole. */
  ref: string;
  /** When the condition began (UTC). */
  since: string;
  /** When the parcel is expected now (stalled, late, arriving_soon, delayed). */
  expected?: Window;
  /** The last scan (stalled). */
  lastScanAt?: string;
  /** Out for delivery now, rather than due by an estimate (arriving_soon). */
  outForDelivery?: boolean;
  reason?: DelayReasonCode;
}

const DAY = 86_400_000;
const DONE: ReadonlySet<ShipmentStatus> = new Set(["delivered", "returned"]);
const iso = (ms: number) => new Date(ms).toISOString();

/** Every notice that holds for the order at `now`, order-wide first, then parcel by parcel. */
export function delayNotices(order: OrderWatch, now: Date): Notice[] {
  if (order.cancelled) return [];
  const offset = offsetOf(order.placedAt);
  const today = localDate(now.getTime(), offset);
  const notices: Notice[] = [];

  if (!order.parcels.some((p) => p.shippedAt) && today > order.shipBy) {
    notices.push({ kind: "fulfillment_delayed", ref: "", since: iso(startOfLocalDay(addDays(order.shipBy, 1), offset)) });
  }

  for (const p of order.parcels) {
    if (DONE.has(p.status)) continue;
    if (p.delay) notices.push({ kind: "delayed", ref: p.id, since: p.delay.at, reason: p.delay.reason, expected: p.expected });
    if (p.status === "in_transit" && p.lastScanAt) {
      const stalledAt = Date.parse(p.lastScanAt) + order.stalledDays * DAY;
      if (now.getTime() >= stalledAt)
        notices.push({ kind: "stalled", ref: p.id, since: iso(stalledAt), lastScanAt: p.lastScanAt, expected: p.expected });
    }
    const late = today > p.expected.to;
    if (late)
      notices.push({ kind: "late", ref: p.id, since: iso(startOfLocalDay(addDays(p.expected.to, 1), offset)), expected: p.expected });
    if (p.status === "out_for_delivery" && p.outForDeliveryAt) {
      notices.push({ kind: "arriving_soon", ref: p.id, since: p.outForDeliveryAt, outForDelivery: true, expected: p.expected });
    } else if (!late && p.estimate && milestoneRank(p.status) >= 0 && (p.estimate.to === today || p.estimate.to === addDays(today, 1))) {
      notices.push({
        kind: "arriving_soon",
        ref: p.id,
        since: iso(startOfLocalDay(addDays(p.estimate.to, -1), offset)),
        expected: p.estimate,
      });
    }
  }
  return notices;
}

/** The notices the sweep raises and withdraws (the merchant's own `delayed` report is not one). */
export const sweptNotices = (notices: Notice[]) => notices.filter((n): n is Notice & { kind: NoticeKind } => n.kind !== "delayed");
