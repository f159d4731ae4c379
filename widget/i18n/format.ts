/**
 * Numbers and dates in the shopper's locale (the full locale: `de-AT` groups thousands its own way).
 * Functions of their own, not methods of the I18n object, so a view that shows none (the survey's
 * questions) carries none of them, nor the currency table.
 */
import { minorDigits } from "../../contract/currency.ts";
import type { I18n } from "./index.ts";

/** Intl formatters, made on first use (one costs milliseconds to build, tens on a slow phone) and kept. */
const made = new Map<string, unknown>();
function formatter<T>(key: string, make: () => T): T {
  let f = made.get(key) as T | undefined;
  if (!f) made.set(key, (f = make()));
  return f;
}

/** An amount in minor units (cents, or yen: JPY has none) in the currency's own precision. */
export function money({ locale }: I18n, minor: number, currency: string): string {
  try {
    // Minor units by ISO 4217; Intl then shows as many digits as the currency is written with.
    return formatter(locale + currency, () => new Intl.NumberFormat(locale, { style: "currency", currency })).format(
      minor / 10 ** minorDigits(currency),
    );
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`; // an unknown currency code
  }
}

/** `YYYY-MM-DD` as midnight UTC, formatted in UTC so no time zone moves it to another day. */
function calendarDate(ymd: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : undefined;
}

/** A calendar date `YYYY-MM-DD`, long form with the year. */
export function date({ locale }: I18n, ymd: string): string {
  const d = calendarDate(ymd);
  return d
    ? formatter(
        `${locale} long`,
        () => new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }),
      ).format(d)
    : ymd;
}

/** Two calendar dates as one range ("Wed, Nov 25 – Sat, Nov 28"), or one date if they are equal. */
export function dateRange({ locale }: I18n, from: string, to: string): string {
  const a = calendarDate(from);
  const b = calendarDate(to);
  if (!a || !b) return [from, to].join(" – ");
  const format = formatter(
    `${locale} short`,
    () => new Intl.DateTimeFormat(locale, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }),
  );
  if (+a === +b) return format.format(a);
  return format.formatRange ? format.formatRange(a, b) : `${format.format(a)} – ${format.format(b)}`;
}

/** An ISO date-time, shown as a date in the shopper's own time zone. */
export function dateTime({ locale }: I18n, iso: string): string {
  const d = new Date(iso);
  return isNaN(+d)
    ? iso
    : formatter(`${locale} day`, () => new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric" })).format(d);
}

/** A carrier's event time in the shopper's own time zone and locale: "Tue, Nov 24, 2:05 PM". */
export function eventTime({ locale }: I18n, iso: string): string {
  const d = new Date(iso);
  return isNaN(+d)
    ? iso
    : formatter(
        `${locale} moment`,
        () => new Intl.DateTimeFormat(locale, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }),
      ).format(d);
}

/** Intl plural category for `n` in this locale ("one", "other", …). */
export const plural = ({ locale }: I18n, n: number): Intl.LDMLPluralRule =>
  formatter(`${locale} plural`, () => new Intl.PluralRules(locale)).select(n);
