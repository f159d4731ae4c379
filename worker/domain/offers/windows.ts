import type { OfferRules } from "../../schemas/offers.ts";

export interface Windows {
  reorder: number;
  upsell: number;
  replenishment: number;
}

/** The defaults; expensive families are bought again more slowly. */
export const DEFAULT_WINDOWS: Windows = { reorder: 7, upsell: 14, replenishment: 28 };
export const EXPENSIVE_WINDOWS: Windows = { reorder: 21, upsell: 28, replenishment: 35 };

/** Days after a purchase before each kind of offer opens for a product of `family`. */
export function windowsFor(family: string | undefined, rules: Pick<OfferRules, "windows" | "expensiveFamilies">): Windows {
  const base = family && rules.expensiveFamilies.includes(family) ? EXPENSIVE_WINDOWS : DEFAULT_WINDOWS;
  return { ...base, ...(family ? rules.windows[family] : undefined) };
}
