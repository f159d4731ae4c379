import type { DelayReason, WindowSource } from "../../contract/vocabularies.ts";
import type { CalendarDate } from "./calendar-date.ts";
import type { Window } from "./delivery-window.ts";
import {
  MILESTONES,
  milestoneRank,
  type CarrierUpdate,
  type ExceptionKind,
  type Milestone,
  type ShipmentStatus,
} from "./shipment-status.ts";

export interface ShipmentFacts {
  placedAt: string;
  /** What the merchant promised for this parcel (or the store's default promise). */
  promised: Window & { source: "store_promise" | "merchant" };
  /** The carrier's latest estimate, if it gave one. */
  estimate?: Window;
  updates: readonly CarrierUpdate[];
  /** Today's calendar date, for "the promised day has passed". */
  today: CalendarDate;
}

export interface ShipmentState {
  status: ShipmentStatus;
  /** Each milestone and when it was first reached; a skipped one (no scan) is reached without a time. */
  milestones: { status: Milestone; reached: boolean; at?: string }[];
  exception?: { kind: ExceptionKind; at: string };
  delayed: boolean;
  delayReason?: DelayReason;
  /** When to expect it now: the carrier's estimate once there is one, else the promise. */
  window: Window & { source: WindowSource };
  deliveredAt?: string;
  latest?: CarrierUpdate;
  /** Newest first. */
  history: CarrierUpdate[];
}

const HISTORY_LIMIT = 30;

/**
 * One true state from the set of everything carriers and the merchant reported. It depends only on
 * the set, never on the order it arrived in: a late event cannot move a parcel back, and a repeated
 * one (already in the set) changes nothing.
 */
export function shipmentState(facts: ShipmentFacts): ShipmentState {
  // The store keeps each update once; identical reports from two sources are one event to the shopper too.
  const distinct = new Map(facts.updates.map((u) => [JSON.stringify([u.occurredAt, u.status, u.location, u.description]), u]));
  // Oldest first; at the same instant, the further milestone counts as later.
  const updates = [...distinct.values()].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || rankOf(a.status) - rankOf(b.status));
  const firstAt = new Map<ShipmentStatus, string>();
  for (const u of updates) if (u.status && !firstAt.has(u.status)) firstAt.set(u.status, u.occurredAt);

  const top = Math.max(0, ...updates.map((u) => rankOf(u.status)));
  const lastAt = (test: (u: CarrierUpdate) => boolean) => updates.findLast(test)?.occurredAt;
  const deliveredAt = firstAt.get("delivered");
  const returnedAt = lastAt((u) => u.status === "returned");
  // A return scan after delivery is the parcel going back; one before it was a detour that ended well.
  const returned = !!returnedAt && (!deliveredAt || returnedAt > deliveredAt);

  const lastException = updates.findLast((u) => u.status === "exception");
  const progressAfter = (at: string) => updates.some((u) => rankOf(u.status) > 0 && u.occurredAt > at);
  const exceptionActive = !!lastException && !deliveredAt && !returned && !progressAfter(lastException.occurredAt);

  const lastDelay = lastAt((u) => u.carrierDelay);
  const carrierDelay =
    !!lastDelay && !updates.some((u) => u.occurredAt > lastDelay && rankOf(u.status) >= milestoneRank("out_for_delivery"));

  const status: ShipmentStatus = returned ? "returned" : deliveredAt ? "delivered" : exceptionActive ? "exception" : MILESTONES[top]!;

  const window = facts.estimate ? { ...facts.estimate, source: "carrier" as const } : facts.promised;
  let delayReason: DelayReason | undefined;
  if (status !== "delivered" && status !== "returned") {
    if (exceptionActive) delayReason = "exception";
    else if (carrierDelay) delayReason = "carrier_delay";
    else if (facts.estimate && facts.estimate.to > facts.promised.to) delayReason = "revised_estimate";
    else if (facts.today > window.to) delayReason = "late";
  }

  return {
    status,
    milestones: MILESTONES.map((m, rank) => ({
      status: m,
      reached: rank <= top,
      at: m === "ordered" ? facts.placedAt : firstAt.get(m),
    })),
    exception:
      exceptionActive && lastException ? { kind: lastException.exceptionKind ?? "other", at: lastException.occurredAt } : undefined,
    delayed: !!delayReason,
    delayReason,
    window,
    deliveredAt,
    latest: updates.at(-1),
    history: updates.slice(-HISTORY_LIMIT).reverse(),
  };
}

function rankOf(status: ShipmentStatus | null): number {
  return status ? milestoneRank(status) : -1;
}
