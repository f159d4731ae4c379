/**
 * What an offers answer is, and the two pure steps between the facts and the ranking: the customer's
 * segment and the bandit's weights. services/offers.ts runs the whole request.
 */
import { daysSince, rfmScore, type CustomerTotals, type Quintiles } from "./rfm.ts";

/** Until the first nightly recomputation, a customer is placed by plain rules of thumb. */
export function segmentOf(totals: CustomerTotals | undefined, quintiles: Quintiles | undefined, now: Date): string {
  if (!totals) return "one_time";
  if (quintiles && quintiles.recencyDays.length === 4) return rfmScore(totals, quintiles, now).segment;
  if (daysSince(totals.lastOrderAt, now) > 90) return "at_risk";
  return totals.orders <= 1 ? "one_time" : "mid_value_repeat";
}

/**
 * Sampled click-throughs as multipliers between 0.5 and 1 (the best-sampled kind gets 1): clicks move
 * offers up and down the list without a lucky sample throwing out a strong candidate entirely.
 */
export function dampedWeights<K extends string>(sampled: Record<K, number>): Record<K, number> {
  const best = Math.max(...(Object.values(sampled) as number[])) || 1;
  const damped = {} as Record<K, number>;
  for (const kind in sampled) damped[kind] = 0.5 + (0.5 * sampled[kind]) / best;
  return damped;
}
