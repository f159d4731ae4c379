/**
 * Calendar dates as `YYYY-MM-DD` strings; arithmetic in UTC so no host time zone leaks in.
 *
 * Every function here answers in constant time for any input: a string that is not a date, or a day
 * count that is not an integer, is a RangeError, and results saturate at the ends of four-digit years.
 * Past 9999-12-31 `toISOString` writes "+010000-01-01", whose first ten characters ("+010000-01") read
 * back as the same day: adding days then never moved, and a weekend-skipping loop never ended (issue 17).
 * The inputs are bounded far inside these ends (schemas/common.ts); this is what holds if one is not.
 */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.parse("0000-01-01T00:00:00Z");
const LAST_DAY = Date.parse("9999-12-31T00:00:00Z");

/** The calendar date a timestamp names in its own offset: "2026-11-20T23:30:00-05:00" → "2026-11-20". */
export function localDateOf(isoDateTime: string): CalendarDate {
  const match = /^(\d{4}-\d{2}-\d{2})T/.exec(isoDateTime);
  if (!match) throw new Error(`not an ISO date-time: ${isoDateTime.slice(0, 40)}`);
  return match[1]!;
}

/** Midnight UTC of a real `YYYY-MM-DD` day ("2026-02-30" is not one), else NaN. */
function parseDate(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return NaN;
  const time = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().startsWith(date) ? time : NaN;
}

export const isCalendarDate = (value: string): boolean => Number.isFinite(parseDate(value));

/** Midnight UTC of a date, or a RangeError for anything that is not one. */
function timeOf(date: CalendarDate): number {
  const time = parseDate(String(date));
  if (!Number.isFinite(time)) throw new RangeError(`not a calendar date: ${String(date).slice(0, 40)}`);
  return time;
}

function dateAt(time: number): CalendarDate {
  return new Date(Math.min(LAST_DAY, Math.max(FIRST_DAY, time))).toISOString().slice(0, 10);
}

function wholeDays(days: number): number {
  if (!Number.isInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  // Anything beyond the span of four-digit years saturates anyway; this keeps the sums exact.
  return Math.max(-4_000_000, Math.min(4_000_000, days));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return dateAt(timeOf(date) + wholeDays(days) * DAY_MS);
}

/** 0 Sunday … 6 Saturday. */
const weekdayOf = (date: CalendarDate) => new Date(timeOf(date)).getUTCDay();

export function isWeekend(date: CalendarDate): boolean {
  const day = weekdayOf(date);
  return day === 0 || day === 6;
}

/**
 * Moves forward `days` working days (Mon–Fri); a weekend start first rolls to Monday. Counted, not
 * walked: five working days are a week, and the rest crosses one weekend at most. A count of 0 or less
 * only rolls a weekend start to Monday.
 */
export function addBusinessDays(date: CalendarDate, days: number): CalendarDate {
  const count = Math.max(0, wholeDays(days));
  const start = weekdayOf(date);
  const monday = start === 6 ? addDays(date, 2) : start === 0 ? addDays(date, 1) : date;
  const weekday = start === 6 || start === 0 ? 1 : start;
  const rest = count % 5;
  const weekendCrossed = weekday + rest > 5 ? 2 : 0;
  return addDays(monday, Math.floor(count / 5) * 7 + rest + weekendCrossed);
}
