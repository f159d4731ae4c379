/**
 * Recency, frequency and monetary value, each scored 1–5 by the store's own quintiles, and the four
 * segments the offers and the dashboard speak of:
 *   at_risk            bought before, but longer ago than most (R ≤ 2)
 *   one_time           a single recent order
 *   high_value_repeat  two or more orders, spending in the store's top two fifths (M ≥ 4)
 *   mid_value_repeat   two or more orders, the rest
 */
export type Segment = "high_value_repeat" | "mid_value_repeat" | "one_time" | "at_risk";

export interface CustomerTotals {
  customerId: string;
  orders: number;
  /** In minor units, summed over orders. */
  revenue: number;
  lastOrderAt: string;
}

/** The four cut points between fifths of `values` (ascending); reused to score new customers incrementally. */
export interface Quintiles {
  recencyDays: number[];
  orders: number[];
  revenue: number[];
}

export function quintileCuts(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return [0, 0, 0, 0];
  return [1, 2, 3, 4].map((q) => sorted[Math.min(sorted.length - 1, Math.floor((q * sorted.length) / 5))]!);
}

/** 1–5: how many cut points `value` reaches (for recency, fewer days is better). */
export function scoreAgainst(value: number, cuts: number[], lowerIsBetter = false): number {
  const reached = cuts.filter((cut) => value >= cut).length;
  return lowerIsBetter ? 5 - reached : 1 + reached;
}

export const daysSince = (iso: string, now: Date) => Math.max(0, (now.getTime() - Date.parse(iso)) / 86_400_000);

export function quintilesOf(customers: CustomerTotals[], now: Date): Quintiles {
  return {
    recencyDays: quintileCuts(customers.map((c) => daysSince(c.lastOrderAt, now))),
    orders: quintileCuts(customers.map((c) => c.orders)),
    revenue: quintileCuts(customers.map((c) => c.revenue)),
  };
}

export interface RfmScore {
  r: number;
  f: number;
  m: number;
  segment: Segment;
}

export function rfmScore(customer: CustomerTotals, q: Quintiles, now: Date): RfmScore {
  const r = scoreAgainst(daysSince(customer.lastOrderAt, now), q.recencyDays, true);
  const f = scoreAgainst(customer.orders, q.orders);
  const m = scoreAgainst(customer.revenue, q.revenue);
  const segment: Segment = r <= 2 ? "at_risk" : customer.orders <= 1 ? "one_time" : m >= 4 ? "high_value_repeat" : "mid_value_repeat";
  return { r, f, m, segment };
}
