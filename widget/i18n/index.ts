/**
 * Messages and Intl formatting for one locale. The catalogue follows the language (`de-AT` reads
 * German); numbers and dates follow the full locale (`de-AT` groups thousands its own way).
 *
 * English ships inside the views; every other language is a chunk of its own, fetched only by the
 * shoppers who read it, so adding a language costs English readers nothing.
 */
import { importPart } from "../parts.ts";
import { enCommon, type MessageKey, type Messages } from "./en.ts";
import { minorDigits } from "../../contract/currency.ts";

export type { MessageKey, Messages };

export interface I18n {
  locale: string;
  /** The message for `key` with `{name}` placeholders filled from `params`. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** An amount in minor units (cents, or yen: JPY has none) in the currency's own precision. */
  money(minor: number, currency: string): string;
  /** A calendar date `YYYY-MM-DD`, long form with the year. */
  date(ymd: string): string;
  /** Two calendar dates as one range ("Wed, Nov 25 – Sat, Nov 28"), or one date if they are equal. */
  dateRange(from: string, to: string): string;
  /** An ISO date-time, shown as a date in the shopper's own time zone. */
  dateTime(iso: string): string;
  /** Intl plural category for `n` in this locale ("one", "other", …). */
  plural(n: number): Intl.LDMLPluralRule;
}

/** The language part of a locale tag: "de-AT" → "de". */
export const languageOf = (locale: string) => locale.toLowerCase().split("-")[0] ?? "";

/** Languages with catalogues of their own (`parts/<scope>.<lang>.js`); English ships inside the views. */
export const LANGUAGES = ["de", "fr", "es", "ar"];

/**
 * A catalogue for `locale` from its language part (`parts/<scope>.<lang>.js`, exporting the catalogue
 * under the language's name) over `english`: a key the part lacks reads English. English alone for
 * English, any language without parts, or a part that cannot be fetched (English beats nothing).
 */
/** The store's own wording for the current page (set by the session from the store's config). */
let custom: Record<string, string> | undefined;
export const setStoreMessages = (messages: Record<string, Record<string, string>> | undefined, locale: string) =>
  (custom = { ...messages?.[languageOf(locale)], ...messages?.[locale] });

export async function loadLanguagePart<T>(api: string, locale: string, scope: string, english: T): Promise<T> {
  const lang = languageOf(locale);
  let part: T | undefined;
  try {
    if (LANGUAGES.includes(lang)) part = (await importPart<Record<string, T>>(api, `${scope}.${lang}`))[lang];
  } catch {
    /* English, then */
  }
  return { ...english, ...part, ...custom };
}

/**
 * The shared messages for a locale, from the worker at `api` when not English, over `english`: the
 * English a view's module carries (what every view says; confirmation and tracking pass the whole `en`).
 */
export const loadMessages = (api: string, locale: string, english: Partial<Messages> = enCommon) =>
  loadLanguagePart<Messages>(api, locale, "common", english as Messages);

/** A view's own lookup function over one of its catalogues. */
export type ViewText<K extends string> = (key: K, params?: Record<string, string | number>) => string;

export const viewText =
  <K extends string>(messages: Record<K, string>): ViewText<K> =>
  (key, params) =>
    fillIn(messages[key], params);

/** Fills `{name}` placeholders. */
export const fillIn = (template: string, params?: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? ""));

/** `YYYY-MM-DD` as midnight UTC, formatted in UTC so no time zone moves it to another day. */
function calendarDate(ymd: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : undefined;
}

/** Made on first use: an Intl formatter costs milliseconds to build (tens on a slow phone), and a view
 * that shows no date (the survey's questions) should not pay for one. */
const lazy = <T>(make: () => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};

/** `messages` may lack what this view never says (a key it lacks reads as nothing, never a crash). */
export function createI18n(locale: string, messages: Partial<Messages> = enCommon): I18n {
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const long = lazy(() => new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }));
  const short = lazy(() => new Intl.DateTimeFormat(locale, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }));
  const plurals = lazy(() => new Intl.PluralRules(locale));

  return {
    locale,
    t: (key, params) => fillIn(messages[key] ?? "", params),
    money(minor, currency) {
      try {
        let format = moneyFormats.get(currency);
        if (!format) moneyFormats.set(currency, (format = new Intl.NumberFormat(locale, { style: "currency", currency })));
        // Minor units by ISO 4217; Intl then shows as many digits as the currency is written with.
        return format.format(minor / 10 ** minorDigits(currency));
      } catch {
        return `${(minor / 100).toFixed(2)} ${currency}`; // an unknown currency code
      }
    },
    date: (ymd) => {
      const d = calendarDate(ymd);
      return d ? long().format(d) : ymd;
    },
    dateRange(from, to) {
      const a = calendarDate(from);
      const b = calendarDate(to);
      if (!a || !b) return [from, to].join(" – ");
      const format = short();
      if (+a === +b) return format.format(a);
      return format.formatRange ? format.formatRange(a, b) : `${format.format(a)} – ${format.format(b)}`;
    },
    dateTime: (iso) => {
      const d = new Date(iso);
      return isNaN(+d) ? iso : d.toLocaleDateString(locale, { year: "numeric", month: "long", day: "numeric" });
    },
    plural: (n) => plurals().select(n),
  };
}
