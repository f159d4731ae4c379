import type { DelayReasonCode } from "./delays/reasons.ts";

/**
 * Shipment statuses in the worker's terms: the contract's vocabulary (docs/contract.md §4,
 * contract/vocabularies.ts, re-exported here for the carriers and storage that speak it), where a
 * status sits on the line, and one carrier update whoever reported it.
 */
import { MILESTONES, type ExceptionKind, type Milestone, type ShipmentStatus } from "../../contract/vocabularies.ts";

export { MILESTONES, SHIPMENT_STATUSES, type ExceptionKind, type Milestone, type ShipmentStatus } from "../../contract/vocabularies.ts";

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
