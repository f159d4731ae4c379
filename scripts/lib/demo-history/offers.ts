/**
 * Offers as the ranking would have put them, and what shoppers did with them: co-purchase neighbours
 * and the store's pairings for what was bought, a step up or another of something bought weeks ago,
 * how-to content for the lukewarm, and only support for the unhappy; each kind's score damped by a
 * sampled click-through (0.5–1). A click now and then brings the shopper back to buy.
 */
import { catalog } from "../../../demo-store/catalog.ts";
import { product } from "./baskets.ts";
import type { Dice } from "./dice.ts";
import { recordEvent, type HistoryRun } from "./run.ts";
import { DAY, MAX_OFFERS, type HistoryDecision, type HistoryOrder, type Kind, type OfferRecord, type Placement } from "./types.ts";

/** Co-purchase neighbours as the mission structure makes them, strongest first (for offer reasons). */
const NEIGHBOURS: Record<string, string[]> = {
  "ridgeline-trail-runner": ["trail-sock-3pack", "switchback-run-vest", "beacon-headlamp"],
  "tempo-road-shoe": ["trail-sock-3pack", "basecamp-merino-tee"],
  "summit-daypack": ["basecamp-merino-tee", "cirrus-wind-shell"],
  "cirrus-wind-shell": ["basecamp-merino-tee", "summit-daypack"],
  "basecamp-merino-tee": ["cirrus-wind-shell", "summit-daypack", "tempo-road-shoe"],
  "switchback-run-vest": ["ridgeline-trail-runner", "trail-sock-3pack", "beacon-headlamp"],
  "trail-sock-3pack": ["ridgeline-trail-runner", "tempo-road-shoe", "switchback-run-vest"],
  "beacon-headlamp": ["ridgeline-trail-runner", "switchback-run-vest"],
};
/** The demo store's offer rules (scripts/lib/demo-setup.ts seedOffers). */
const PAIRS: Record<string, string[]> = { footwear: ["trail-sock-3pack"], "summit-daypack": ["beacon-headlamp"] };
const EDUCATION_FAMILIES = new Set(["footwear"]);

/**
 * An offer decision on one of the order's pages (none in the future), its offers unless the customer
 * is in the holdout, and at most one click on them.
 */
export function decide(run: HistoryRun, order: HistoryOrder, placement: Placement, at: number, clickRate: number): void {
  if (at >= run.nowMs) return;
  const { dice } = run;
  const arm = order.customer.arm;
  const decision: HistoryDecision = {
    id: `dec_${dice.randomId(16)}`,
    orderId: order.input.id,
    customerId: order.customer.id,
    placement,
    arm,
    segment: "one_time",
    offers: arm === "holdout" ? [] : offersFor(dice, order, placement, at),
    at: at + dice.between(200, 900),
  };
  run.decisions.push(decision);
  clickOnce(run, order, decision, clickRate);
}

/** At most one click per page view; the first offer draws the most. */
function clickOnce(run: HistoryRun, order: HistoryOrder, decision: HistoryDecision, clickRate: number): void {
  const { dice } = run;
  for (const [i, offer] of decision.offers.entries()) {
    if (!dice.chance(clickRate * (i === 0 ? 1.4 : i === 1 ? 0.9 : 0.6))) continue;
    const clickAt = decision.at + dice.between(8_000, 240_000);
    if (!recordEvent(run, order, "offer_click", `${offer.kind}:${offer.sku}`, clickAt)) return;
    decision.clicked = { kind: offer.kind, at: clickAt };
    // Some come back within the week and buy it: the worker records that order as the click's conversion.
    if ((offer.kind === "cross_sell" || offer.kind === "upsell" || offer.kind === "reorder") && dice.chance(0.4)) {
      const orderAt = clickAt + dice.between(0.2, 6.5) * DAY;
      if (orderAt < run.startOfToday) run.calendar.planReturn({ at: orderAt, customer: order.customer, sku: offer.sku });
    }
    return;
  }
}

/** The offers shown on a page at `at`: support alone after a low rating, how-to after a middling one. */
function offersFor(dice: Dice, order: HistoryOrder, placement: Placement, at: number): OfferRecord[] {
  const rating = order.survey && order.survey.createdAt <= at ? order.survey.rating : undefined;
  if (rating !== undefined && rating <= 2) return [{ sku: "support", kind: "support", score: 1, reason: "detractor_support" }];
  const candidates = new Candidates(dice);
  if (rating === 3) {
    for (const line of order.input.lines)
      if (line.family && EDUCATION_FAMILIES.has(line.family)) candidates.add(line.sku, "education", 1, "how_to");
  } else {
    const bought = boughtBy(order, at);
    addGoesWith(dice, candidates, order, bought);
    addAgainOrStepUp(candidates, bought, at);
    // Neighbours of neighbours, weakly, so a single-item order still has a few to show.
    if (candidates.size < 2)
      for (const sku of ["beacon-headlamp", "trail-sock-3pack", "basecamp-merino-tee"])
        if (!bought.has(sku)) candidates.add(sku, "cross_sell", 0.25, "co_purchase");
  }
  return candidates.best(MAX_OFFERS[placement]);
}

/** The best-scoring offer per sku, each kind's score damped by its sampled click-through. */
class Candidates {
  private readonly weight: Record<Kind, number>;
  private readonly bySku = new Map<string, OfferRecord>();

  constructor(dice: Dice) {
    this.weight = {
      cross_sell: dice.between(0.5, 1),
      upsell: dice.between(0.5, 1),
      reorder: dice.between(0.5, 1),
      education: dice.between(0.5, 1),
      support: 1,
    };
  }

  get size() {
    return this.bySku.size;
  }

  add(sku: string, kind: Kind, base: number, reason: string) {
    const score = Math.round(base * this.weight[kind] * 10_000) / 10_000;
    const seen = this.bySku.get(sku);
    if (!seen || seen.score < score) this.bySku.set(sku, { sku, kind, score, reason });
  }

  best(limit: number): OfferRecord[] {
    return [...this.bySku.values()].sort((a, b) => b.score - a.score || a.sku.localeCompare(b.sku)).slice(0, limit);
  }
}

/** Every sku the customer had bought by `at`, with when they last bought it. */
function boughtBy(order: HistoryOrder, at: number): Map<string, number> {
  const bought = new Map<string, number>();
  for (const o of order.customer.orders)
    if (o.placedAt <= at) for (const l of o.input.lines) bought.set(l.sku, Math.max(bought.get(l.sku) ?? 0, o.placedAt));
  return bought;
}

/** Cross-sells: the order's co-purchase neighbours and the store's pairings, not bought yet. */
function addGoesWith(dice: Dice, candidates: Candidates, order: HistoryOrder, bought: Map<string, number>): void {
  for (const { sku } of order.input.lines) {
    for (const [i, n] of (NEIGHBOURS[sku] ?? []).entries())
      if (!bought.has(n)) candidates.add(n, "cross_sell", dice.between(0.75, 1) - i * 0.18, "co_purchase");
    for (const n of [...(PAIRS[sku] ?? []), ...(PAIRS[product(sku).family] ?? [])])
      if (!bought.has(n)) candidates.add(n, "cross_sell", 0.7, "pairs_with");
  }
}

/** Another of what wears out (not socks or shoes) after a week, a step up in the family after two. */
function addAgainOrStepUp(candidates: Candidates, bought: Map<string, number>, at: number): void {
  for (const [sku, last] of bought) {
    const daysAgo = (at - last) / DAY;
    const p = product(sku);
    if (p.family !== "socks" && p.family !== "footwear" && daysAgo >= 7) candidates.add(sku, "reorder", 0.5, "reorder_window");
    if (daysAgo < 14) continue;
    for (const step of catalog) {
      if (step.family === p.family && !bought.has(step.sku) && step.price > p.price && step.price <= p.price * 2.5)
        candidates.add(step.sku, "upsell", 0.6, "upsell_family");
    }
  }
}
