/**
 * The dates Doorstep takes from anyone (merchants, carriers, the widget), bounded to what a real order
 * can carry: nothing it serves predates 2000, nothing that has happened is stamped later than now
 * (give or take a clock's drift), and no promise or estimate reaches more than two years ahead. An
 * order "placed" in year 9999 used to be accepted and then hung its view (issue 17): the edge refuses
 * such dates (schemas/common.ts), the carrier readers treat them like dates that do not parse
 * (domain/carriers/), and the calendar arithmetic holds even if one gets past both (calendar-date.ts).
 */
import { isCalendarDate, type CalendarDate } from "./calendar-date.ts";

const DAY_MS = 86_400_000;

export const EARLIEST_DATE: CalendarDate = "2000-01-01";
export const EARLIEST_TIME = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);

/** How far ahead a promised or estimated delivery day may be. */
export const PROMISE_HORIZON_DAYS = 730;

/**
 * How far ahead of the worker's clock an order may be placed or cancelled. An order refused is a
 * confirmation page lost, so only what cannot be a server's clock (or an offset mistake) is refused.
 */
export const ORDER_CLOCK_SKEW_MS = DAY_MS;

/**
 * How far ahead of the worker's clock a widget event or a merchant's scan may be stamped: clocks on
 * phones and servers drift, and an event a little ahead of ours is still real. A scan further ahead
 * is refused: sorted after every real scan, a typo such as 2099 kept its status (an exception, say)
 * whatever the carrier said next (issue 17).
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * How far ahead a carrier's scan may be stamped before it is left out. Wider than the merchant's
 * skew because AfterShip sends some checkpoint times without an offset, read as UTC
 * (shipment-status.ts): a real scan in a zone east of UTC then looks up to 14 hours ahead.
 */
export const CARRIER_CLOCK_SKEW_MS = DAY_MS;

/** Whether an ISO date-time is a real instant from 2000 on, at most `aheadMs` past `now`. */
export function instantInRange(value: string, now: number, aheadMs: number): boolean {
  const time = Date.parse(value);
  return Number.isFinite(time) && time >= EARLIEST_TIME && time <= now + aheadMs;
}

/** The last calendar day (UTC) a promise or estimate may name. */
export const latestPromiseDate = (now: number): CalendarDate => new Date(now + PROMISE_HORIZON_DAYS * DAY_MS).toISOString().slice(0, 10);

/** Whether a `YYYY-MM-DD` is a real day from 2000 on and within the promise horizon of `now`. */
export function promiseDateInRange(date: string, now: number): boolean {
  return isCalendarDate(date) && date >= EARLIEST_DATE && date <= latestPromiseDate(now);
}
