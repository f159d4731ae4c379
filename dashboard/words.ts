/**
 * The dashboard's words. Every screen's text lives in a catalogue of its own (dashboard/words/<screen>.ts,
 * English), never inline in a component: tests/scripts/dashboard-words.test.ts fails on a sentence written
 * anywhere else. Other languages are whole translations of these catalogues (dashboard/languages/),
 * written over them before the screens load (language.ts); figures, dates and money follow the
 * merchant's browser's locale (format.ts).
 */

import { count } from "./format.ts";
import { spokenLanguage } from "./language.ts";

export type Params = Record<string, string | number>;

/** `text` with each `{name}` replaced by `params.name` (a name without a value stays as it is). */
export const fillIn = (text: string, params?: Params): string =>
  params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;

const pluralRules = new Map<string, Intl.PluralRules>();
const pluralCategory = (n: number): Intl.LDMLPluralRule => {
  const lang = spokenLanguage();
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(n);
};

/**
 * The key of a count's wording, `one` or `other`, by the plural rules of the language the dashboard
 * speaks (Intl.PluralRules): English, German and Spanish say "one" for 1 only, French for 0 and 1 too
 * ("0 message"). Every other category takes `other`: French's and Spanish's "many" (a million), and
 * Arabic's zero, two, few (3–10), many (11–99) and other (100…). A translation has only these two
 * wordings, so its `other` must read right for every count but one: dashboard/languages/ar.ts writes
 * those count-neutrally ("عدد الطلبات: {count}", "the number of orders: 12"), as the plural noun after a
 * figure is right only from 3 to 10.
 */
export const byCount = <K extends string>(n: number, forms: { one: K; other: K }): K =>
  pluralCategory(n) === "one" ? forms.one : forms.other;

/**
 * A screen's lookup over its catalogue: `say("key", params)`; and `say.count(n, "fooOne", "fooOther")`,
 * the wording of `n` things, singular or plural (byCount), with `{count}` in the merchant's digits.
 */
export function wordsOf<K extends string>(catalogue: Record<K, string>) {
  const say = (key: K, params?: Params): string => fillIn(catalogue[key], params);
  const counted = (n: number, one: K, other: K, params?: Params) => say(byCount(n, { one, other }), { count: count(n), ...params });
  return Object.assign(say, { count: counted });
}

/**
 * A value the worker sends from a list of its own (a status, a reason, a segment, an event type) in the
 * merchant's words: `keys` names the catalogue entry of every value the dashboard knows. A value it does
 * not know (a newer worker's) is shown as sent, its underscores as spaces: readable, if not translated,
 * and nothing breaks. The entry is read when asked, so it is the language spoken then. `values` lists
 * the known ones (tests/dashboard/worker-values.test.ts holds each list to the contract's and checks
 * every language words each of them).
 */
export function valueWords<V extends string, K extends string>(catalogue: Record<K, string>, keys: Record<V, NoInfer<K>>) {
  const knows = (value: string): value is V => Object.hasOwn(keys, value);
  const inWords = (value: string): string => (knows(value) ? catalogue[keys[value]] : value.replace(/_/g, " "));
  return Object.assign(inWords, { knows, values: Object.keys(keys) as V[], keys, catalogue });
}
