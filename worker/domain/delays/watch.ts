/**
 * An order and its parcels as the delay rules see them (pure): each parcel's state from the set of
 * its updates (shipment-state.ts), its promise, and the store's processing promise in the shopper's days.
 */
import { addBusinessDays, addDays, localDateOf, type CalendarDate } from "../calendar-date.ts";
import { promisedDeliveryWindow, type Window } from "../delivery-window.ts";
import { shipmentState } from "../shipment-state.ts";
import { milestoneRank, type CarrierUpdate } from "../shipment-status.ts";
import type { ShipmentRecord } from "../records.ts";
import type { ShippingPromise } from "../../schemas/store.ts";
import { localDate, offsetOf } from "./local-time.ts";
import type { OrderWatch, ParcelWatch } from "./notices.ts";

/** Days in transit without a scan before a parcel counts as stalled, when the store sets none. */
export const DEFAULT_STALLED_DAYS = 3;

/** The window promised for one parcel: the merchant's dates for it, else the store's promise. */
export function parcelPromise(
  s: Pick<ShipmentRecord, "promisedFrom" | "promisedTo">,
  storePromise: Window,
): Window & { source: "merchant" | "store_promise" } {
  return s.promisedFrom || s.promisedTo
    ? { from: s.promisedFrom ?? s.promisedTo!, to: s.promisedTo ?? s.promisedFrom!, source: "merchant" }
    : { ...storePromise, source: "store_promise" };
}

/** The merchant's latest delay report, unless the parcel has been out for delivery (or further) since. */
function delayInForce(updates: readonly CarrierUpdate[]): ParcelWatch["delay"] {
  const reported = updates
    .filter((u) => u.delayReason)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .at(-1);
  if (!reported?.delayReason) return undefined;
  const movedOn = updates.some(
    (u) => u.occurredAt > reported.occurredAt && u.status !== null && milestoneRank(u.status) >= milestoneRank("out_for_delivery"),
  );
  return movedOn ? undefined : { reason: reported.delayReason, at: reported.occurredAt };
}

export function parcelWatch(
  s: ShipmentRecord,
  placedAt: string,
  storePromise: Window,
  today: CalendarDate,
): ParcelWatch & { promised: Window; deliveredAt?: string; exceptionKind?: string } {
  const promised = parcelPromise(s, storePromise);
  const state = shipmentState({ placedAt, promised, estimate: s.estimate, updates: s.updates, today });
  const sorted = [...s.updates].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const shipped = sorted.find(
    (u) =>
      u.status === "exception" || u.status === "returned" || (u.status !== null && milestoneRank(u.status) >= milestoneRank("in_transit")),
  );
  return {
    id: s.id,
    status: state.status,
    shippedAt: shipped?.occurredAt,
    lastScanAt: sorted.at(-1)?.occurredAt,
    outForDeliveryAt: state.milestones.find((m) => m.status === "out_for_delivery")?.at,
    expected: { from: state.window.from, to: state.window.to },
    estimate: s.estimate,
    delay: delayInForce(s.updates),
    promised,
    deliveredAt: state.deliveredAt,
    exceptionKind: state.exception?.kind,
  };
}

/** The order as the rules see it at `now`. */
export function watchOrder(
  order: { placedAt: string; cancelledAt?: string | null },
  shipping: ShippingPromise,
  shipments: ShipmentRecord[],
  now: Date,
): OrderWatch & { parcels: ReturnType<typeof parcelWatch>[] } {
  const storePromise = promisedDeliveryWindow(order.placedAt, shipping);
  const today = localDate(now.getTime(), offsetOf(order.placedAt));
  const step = shipping.businessDaysOnly ? addBusinessDays : addDays;
  return {
    placedAt: order.placedAt,
    cancelled: !!order.cancelledAt,
    shipBy: step(localDateOf(order.placedAt), shipping.processingDays),
    stalledDays: shipping.stalledDays ?? DEFAULT_STALLED_DAYS,
    parcels: shipments.map((s) => parcelWatch(s, order.placedAt, storePromise, today)),
  };
}
