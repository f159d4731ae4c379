import type { CarrierUpdate } from "../shipment-status.ts";

/** One carrier update as it will be stored: the contract's terms plus what the vendor actually said. */
export interface ReportedUpdate extends CarrierUpdate {
  /** Stable text identifying the update across redeliveries; the store keys a digest of it. */
  key: string;
  vendorStatus: string;
  raw: unknown;
}

/** What one vendor webhook says about one parcel. */
export interface TrackingReport {
  vendor: "easypost" | "aftership";
  /** The vendor's id for this delivery, so a replay is recognised. */
  deliveryId: string;
  trackingNumber: string;
  /** The carrier's latest estimate as calendar dates, and when the vendor reported it. */
  estimate?: { from: string; to: string; reportedAt: string };
  updates: ReportedUpdate[];
}

export const joinPlace = (...parts: (string | null | undefined)[]) =>
  parts.filter((p): p is string => !!p && p.trim() !== "").map((p) => p.trim()).join(", ") || undefined;

/** A date-time or date as its calendar date, as written (the carrier's local date). */
export const calendarDateOf = (value: string | null | undefined) =>
  value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
