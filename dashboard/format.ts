import { minorDigits } from "../contract/currency.ts";
/** Figures as a merchant reads them (Intl, the browser's language); "–" where a rate is unknown. */
const lang = typeof navigator === "undefined" ? "en-US" : navigator.language;
const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
const day = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", timeZone: "UTC" });
const moment = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

export const count = (n: number) => integer.format(n);
export const number = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? "–" : decimal.format(n));
export const pct = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? "–" : percent.format(n));
export const points = (n: number | null | undefined) =>
  n === null || n === undefined || Number.isNaN(n) ? "–" : `${n > 0 ? "+" : ""}${decimal.format(n)}`;
export const shortDay = (ymd: string) => day.format(new Date(`${ymd}T00:00:00Z`));
/** An instant in the merchant's own time zone: "Dec 6, 6:33 AM". */
export const dateTime = (iso: string) => moment.format(new Date(iso));
/** Minor units of the store's main currency; the dashboard sums across currencies only as a rough figure. */
export const money = (minor: number, currency = "USD") => new Intl.NumberFormat(lang, { style: "currency", currency }).format(minor / 100);

/** An order's amount in its own currency's minor unit (JPY has none, KWD three), as the widget shows it. */
export function orderMoney(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(lang, { style: "currency", currency }).format(minor / 10 ** minorDigits(currency));
  } catch {
    return `${minor} ${currency}`;
  }
}
