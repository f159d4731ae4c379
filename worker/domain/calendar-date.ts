/** Calendar dates as `YYYY-MM-DD` strings; arithmetic in UTC so no host time zone leaks in. */
export type CalendarDate = string;

/** The calendar date a timestamp names in its own offset: "2026-11-20T23:30:00-05:00" → "2026-11-20". */
export function localDateOf(isoDateTime: string): CalendarDate {
  const match = /^(\d{4}-\d{2}-\d{2})T/.exec(isoDateTime);
  if (!match) throw new Error(`not an ISO date-time: ${isoDateTime}`);
  return match[1]!;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isWeekend(date: CalendarDate): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** Moves forward `days` working days (Mon–Fri); a weekend start first rolls to Monday. */
export function addBusinessDays(date: CalendarDate, days: number): CalendarDate {
  let current = date;
  while (isWeekend(current)) current = addDays(current, 1);
  for (let left = days; left > 0; ) {
    current = addDays(current, 1);
    if (!isWeekend(current)) left--;
  }
  return current;
}
