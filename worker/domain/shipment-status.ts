import type { DelayReasonCode } from "./delays/reasons.ts";

/**
 * The contract's shipment vocabulary (docs/contract.md §4). Milestones form a line a parcel only moves
 * forward on; `exception` and `returned` are detours that can happen anywhere on it.
 */
export const MILESTONES = ["ordered", "packed", "in_transit", "out_for_delivery", "delivered"] as const;
export const SHIPMENT_STATUSES = [...MILESTONES, "exception", "returned"] as const;

export type Milestone = (typeof MILESTONES)[number];
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** What went wrong, so the shopper can be told what happens next instead of just "exception". */
export type ExceptionKind = "attempt_failed" | "address" | "held" | "damaged_or_lost" | "refused" | "other";

export const milestoneRank = (status: ShipmentStatus): number => MILESTONES.indexOf(status as Milestone);

/** One carrier update, in the contract's terms, whoever reported it. */
export interface CarrierUpdate {
  /** null: the carrier said something (pending, unknown) that reaches no milestone. */
  status: ShipmentStatus | null;
  exceptionKind?: ExceptionKind;
  /** The carrier says it will arrive later than planned, without anything having gone wrong. */
  carrierDelay: boolean;
  /** Why, when the merchant reported the delay (a `delayed` parcel event). */
  delayReason?: DelayReasonCode;
  /** UTC ISO 8601. */
  occurredAt: string;
  location?: string;
  description?: string;
}

/**
 * Vendors send local times with an offset, and sometimes without one (AfterShip's checkpoint_time):
 * those are read as UTC, which is at worst hours off and never reorders a day's events across days.
 * Answers undefined for something that is not a date-time at all.
 */
export function toUtcIso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) || !/T\d/.test(value) ? value : `${value}Z`;
  const time = Date.parse(withZone);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}
