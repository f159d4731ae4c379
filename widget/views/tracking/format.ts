/** A carrier's event time in the shopper's own time zone and locale: "Tue, Nov 24, 2:05 PM". */
export function eventTime(locale: string, iso: string): string {
  const d = new Date(iso);
  if (isNaN(+d)) return iso;
  return d.toLocaleString(locale, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}
