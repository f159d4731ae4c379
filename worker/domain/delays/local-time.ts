/**
 * The shopper's own clock, as far as Doorstep knows it: the offset the merchant sent with the order's
 * `placedAt` (pure). Days start at the shopper's midnight, and messages wait for the shopper's morning.
 */
import { addDays, type CalendarDate } from "../calendar-date.ts";

const MINUTE = 60_000;

/** The offset of an ISO time in minutes east of UTC ("Z", or none, is 0). */
export function offsetOf(iso: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The calendar date an instant falls on at `offset` minutes east of UTC. */
export const localDate = (instant: number, offset: number): CalendarDate => new Date(instant + offset * MINUTE).toISOString().slice(0, 10);

/** The instant a local calendar date begins (its midnight at `offset`). */
export const startOfLocalDay = (date: CalendarDate, offset: number): number => Date.parse(`${date}T00:00:00Z`) - offset * MINUTE;

/** Hours of the shopper's day in which a message may arrive: from 08:00 to 21:00. */
export const DAYTIME = { from: 8, to: 21 } as const;

/**
 * The first moment at or after `instant` inside the shopper's daytime: the instant itself by day, else
 * 08:00 that morning (before dawn) or the next morning (late evening).
 */
export function daytimeFrom(instant: number, offset: number): string {
  const local = new Date(instant + offset * MINUTE);
  const hour = local.getUTCHours();
  if (hour >= DAYTIME.from && hour < DAYTIME.to) return new Date(instant).toISOString();
  const day = localDate(instant, offset);
  const morning = hour < DAYTIME.from ? day : addDays(day, 1);
  return new Date(startOfLocalDay(morning, offset) + DAYTIME.from * 60 * MINUTE).toISOString();
}
