/**
 * The demo history's one source of chance: a seeded PRNG and the draws made from it. Each draw takes
 * a fixed number of numbers from the PRNG, so the same seed and the same sequence of calls give the
 * same history.
 */
import { seededRandom } from "../../../worker/domain/offers/bandit.ts";

const TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export interface Dice {
  random(): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A real number in [a, b). */
  between(a: number, b: number): number;
  /** An integer in [a, b]. */
  int(a: number, b: number): number;
  pick<T>(items: readonly T[]): T;
  /** One item, drawn in proportion to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** URL-safe characters, as order tokens and event ids are made. */
  randomId(length: number): string;
  digits(n: number): string;
}

export function createDice(seed: number): Dice {
  const random = seededRandom(seed);
  const characters = (length: number, alphabet: string) => {
    let text = "";
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    return text;
  };
  return {
    random,
    chance: (p) => random() < p,
    between: (a, b) => a + random() * (b - a),
    int: (a, b) => a + Math.floor(random() * (b - a + 1)),
    pick: (items) => items[Math.floor(random() * items.length)]!,
    weighted(items) {
      let r = random() * items.reduce((s, [, w]) => s + w, 0);
      for (const [item, w] of items) if ((r -= w) < 0) return item;
      return items[items.length - 1]![0];
    },
    randomId: (length) => characters(length, TOKEN_CHARS),
    digits: (n) => characters(n, "0123456789"),
  };
}
