/**
 * Messages for one locale. The catalogue follows the language (`de-AT` reads German); numbers and dates
 * (format.ts, apart: the survey shows none) follow the full locale (`de-AT` groups thousands its own way).
 *
 * English ships inside the views; every other language is a chunk of its own, fetched only by the
 * shoppers who read it, so adding a language costs English readers nothing.
 */
import { importPart } from "../parts.ts";
import { enCommon, type MessageKey, type Messages } from "./en.ts";

export type { MessageKey, Messages };

export interface I18n {
  locale: string;
  /** The message for `key` with `{name}` placeholders filled from `params`. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
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

/** `messages` may lack what this view never says (a key it lacks reads as nothing, never a crash). */
export const createI18n = (locale: string, messages: Partial<Messages> = enCommon): I18n => ({
  locale,
  t: (key, params) => fillIn(messages[key] ?? "", params),
});
