/**
 * The pure rules of drawing a merchant's survey: whose wording a shopper reads and in which order the
 * options come (where a reload resumes: steps.ts). No Preact, no I/O (table-tested in tests/widget/questions).
 */
import type { Localized } from "../../../contract/surveys.ts";

/** The merchant's wording for `locale`: the full locale's (`fr-CA`), else its language's (`fr`), else English. */
export function pickText(text: Localized, locale: string): string {
  const lang = locale.split("-")[0]!.toLowerCase();
  const exact = Object.keys(text).find((key) => key.toLowerCase() === locale.toLowerCase());
  return (exact && text[exact]) || text[lang] || text.en;
}

/** FNV-1a over the string: a 32-bit seed that is the same for the same token and question on every load. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * `ids` in an order of their own for this shopper (Fisher–Yates driven by mulberry32 seeded with the order
 * token and the question's id): a reload shows the same order, another shopper another one, which is what
 * spreads the first-listed bias across channels. `other` is never shuffled: it stays last.
 */
export function shuffled<T extends string>(ids: readonly T[], seed: string): T[] {
  const out = ids.filter((id) => id !== "other");
  let s = seedOf(seed);
  for (let i = out.length - 1; i > 0; i--) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const j = (((t ^ (t >>> 14)) >>> 0) % (i + 1)) as number;
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return ids.includes("other" as T) ? [...out, "other" as T] : out;
}
