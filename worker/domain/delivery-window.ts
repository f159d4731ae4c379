import type { ShippingPromise } from "../schemas/store.ts";
import { addBusinessDays, addDays, type CalendarDate, localDateOf } from "./calendar-date.ts";

export interface Window {
  from: CalendarDate;
  to: CalendarDate;
}

/**
 * The window the store promises before any carrier has spoken: handling time, then the transit range.
 * Counted from the order's date in the merchant's own offset, so a late-evening order is not a day off.
 */
export function promisedDeliveryWindow(placedAt: string, promise: ShippingPromise): Window {
  const step = promise.businessDaysOnly ? addBusinessDays : addDays;
  const shipped = step(localDateOf(placedAt), promise.processingDays);
  return { from: step(shipped, promise.transitDaysMin), to: step(shipped, promise.transitDaysMax) };
}

/**
 * The last day a return can be started. Counted from the latest day the parcel is expected, so the
 * shopper is never promised less time than the policy gives.
 */
export function returnDeadline(deliveredBy: CalendarDate, returnDays: number): CalendarDate | undefined {
  return returnDays > 0 ? addDays(deliveredBy, returnDays) : undefined;
}
