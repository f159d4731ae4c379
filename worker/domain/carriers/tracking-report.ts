import { CARRIER_CLOCK_SKEW_MS, instantInRange, promiseDateInRange } from "../date-range.ts";
import { toUtcIso, type CarrierUpdate } from "../shipment-status.ts";

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
  parts
    .filter((p): p is string => !!p && p.trim() !== "")
    .map((p) => p.trim())
    .join(", ") || undefined;

/**
 * A vendor's date-time as a UTC instant, or undefined when it is unusable: not a date-time, or outside
 * what a parcel can carry (from 2000 to a day ahead of `now`, domain/date-range.ts). An unusable time
 * is skipped the way one that does not parse always was: the rest of the delivery still counts, and
 * the vendor gets its 200 rather than a 500 it would retry for days.
 *
 * A scan from the future is left out, not clamped to now. Sorted after every real scan, it kept its
 * status (an exception, say) whatever the carrier said next (issue 17). Clamping would put a time on
 * the timeline the carrier never said, and since the stored update's identity includes its time
 * (easypost.ts, aftership.ts) each redelivery would clamp differently and store it again. Left out,
 * nothing is lost that was real: EasyPost and AfterShip send the tracking's whole history with every
 * delivery, so a scan that was only ahead of our clock counts from the first delivery after its time;
 * a typo such as 2099 never does. The same holds for the time an estimate was reported, which decides
 * whether a later estimate replaces it (storage/shipments.ts): from the future, it would never be.
 */
export function vendorInstant(value: string | null | undefined, now: Date): string | undefined {
  const iso = toUtcIso(value);
  return iso && instantInRange(iso, now.getTime(), CARRIER_CLOCK_SKEW_MS) ? iso : undefined;
}

/** A Unix time in seconds (AfterShip's `ts`) as a usable instant, like vendorInstant. */
export function vendorSeconds(seconds: number | null | undefined, now: Date): string | undefined {
  // Past ±8.64e12 s a Date is invalid, and toISOString throws.
  if (typeof seconds !== "number" || !(Math.abs(seconds) <= 8.64e12)) return undefined;
  return vendorInstant(new Date(seconds * 1000).toISOString(), now);
}

/**
 * A date-time or date as its calendar date, as written (the carrier's local date); undefined unless it
 * is a real day from 2000 to two years ahead of `now`, like the merchant's own promises.
 */
export function calendarDateOf(value: string | null | undefined, now: Date): string | undefined {
  const date = value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
  return date && promiseDateInRange(date, now.getTime()) ? date : undefined;
}
