/**
 * The dashboard's words. Every screen's text lives in a catalogue of its own (dashboard/words/<screen>.ts,
 * English), never inline in a component: tests/scripts/dashboard-words.test.ts fails on a sentence written
 * anywhere else. Other languages are whole translations of these catalogues (dashboard/languages/),
 * written over them before the screens load (language.ts); figures, dates and money follow the
 * merchant's browser's locale (format.ts).
 */

import { count } from "./format.ts";

export type Params = Record<string, string | number>;

/** `text` with each `{name}` replaced by `params.name` (a name without a value stays as it is). */
export const fillIn = (text: string, params?: Params): string =>
  params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;

/** English's plural categories (Intl.PluralRules): the key of a count's wording, `one` or `other`. */
const plurals = new Intl.PluralRules("en");
export const byCount = <K extends string>(count: number, forms: { one: K; other: K }): K =>
  plurals.select(count) === "one" ? forms.one : forms.other;

/**
 * A screen's lookup over its catalogue: `say("key", params)`; and `say.count(n, "fooOne", "fooOther")`,
 * the wording of `n` things, singular or plural, with `{count}` in the merchant's digits.
 */
export function wordsOf<K extends string>(catalogue: Record<K, string>) {
  const say = (key: K, params?: Params): string => fillIn(catalogue[key], params);
  const counted = (n: number, one: K, other: K, params?: Params) => say(byCount(n, { one, other }), { count: count(n), ...params });
  return Object.assign(say, { count: counted });
}
