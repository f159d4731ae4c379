/**
 * What offers add, measured against the holdout: per arm, the share of customers who bought again,
 * the share who bought within the attribution window, and revenue per customer; the treatment minus
 * holdout difference of each with a 95% confidence interval (normal approximation: Wald for the
 * shares, Welch for revenue).
 */
import type { ArmSummary, Difference, LiftReport } from "../../../contract/admin.ts";
import type { Arm } from "../../../contract/vocabularies.ts";

export interface CustomerOutcome {
  arm: Arm;
  /** Orders after the customer's first offer decision. */
  ordersAfter: number;
  /** Of those, placed within the attribution window after a decision. */
  ordersInWindow: number;
  revenueAfter: number;
}

const Z95 = 1.959964;

function summarise(outcomes: CustomerOutcome[]): ArmSummary & { revenueVariance: number } {
  const n = outcomes.length;
  const mean = (f: (o: CustomerOutcome) => number) => (n ? outcomes.reduce((s, o) => s + f(o), 0) / n : 0);
  const revenue = mean((o) => o.revenueAfter);
  return {
    customers: n,
    repeatRate: mean((o) => (o.ordersAfter > 0 ? 1 : 0)),
    conversionRate: mean((o) => (o.ordersInWindow > 0 ? 1 : 0)),
    revenuePerCustomer: revenue,
    revenueVariance: n > 1 ? outcomes.reduce((s, o) => s + (o.revenueAfter - revenue) ** 2, 0) / (n - 1) : 0,
  };
}

function proportionDifference(p1: number, n1: number, p2: number, n2: number): Difference {
  const difference = p1 - p2;
  const se = n1 && n2 ? Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2) : NaN;
  return { difference, low: difference - Z95 * se, high: difference + Z95 * se };
}

export function liftReport(outcomes: CustomerOutcome[]): LiftReport {
  const t = summarise(outcomes.filter((o) => o.arm === "treatment"));
  const h = summarise(outcomes.filter((o) => o.arm === "holdout"));
  const revenueDiff = t.revenuePerCustomer - h.revenuePerCustomer;
  const revenueSe = t.customers && h.customers ? Math.sqrt(t.revenueVariance / t.customers + h.revenueVariance / h.customers) : NaN;
  const strip = ({ revenueVariance: _v, ...arm }: typeof t): ArmSummary => arm;
  return {
    treatment: strip(t),
    holdout: strip(h),
    repeatRate: proportionDifference(t.repeatRate, t.customers, h.repeatRate, h.customers),
    conversionRate: proportionDifference(t.conversionRate, t.customers, h.conversionRate, h.customers),
    revenuePerCustomer: { difference: revenueDiff, low: revenueDiff - Z95 * revenueSe, high: revenueDiff + Z95 * revenueSe },
  };
}
