/**
 * Randomised, but stable: each customer is in the holdout arm (no offers) or the treatment arm, by a
 * hash of store and customer id, so the same shopper always lands in the same arm on every page and
 * every device, and the split needs no storage. FNV-1a: fast, well spread, not meant to be secret.
 */
import type { Arm } from "../../../contract/vocabularies.ts";

export type { Arm };

export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function armOf(storeId: string, customerId: string, holdoutShare: number): Arm {
  return fnv1a(`${storeId}\u0000${customerId}`) / 2 ** 32 < holdoutShare ? "holdout" : "treatment";
}
