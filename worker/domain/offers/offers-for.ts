/**
 * GET /v1/o/{token}/offers, end to end: the holdout check, the facts, the ranking, and the record of
 * what was decided. The ranking itself is pure (recommend.ts); this module wires it to storage.
 */
import type { OffersAnswer } from "../../../contract/offers.ts";
import type { Placement } from "../../../contract/vocabularies.ts";
import type { OfferRules } from "../../schemas/offers.ts";
import { loadOfferFacts, recordDecision } from "../../storage/offers.ts";
import type { OrderRecord } from "../../storage/orders.ts";
import type { Store } from "../../storage/stores.ts";
import { randomToken } from "../../crypto/random.ts";
import { surveySignal } from "../survey-signal.ts";
import { sampleKindWeights, seededRandom } from "./bandit.ts";
import { armOf } from "./holdout.ts";
import { OFFER_KINDS, recommend } from "./recommend.ts";
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

export async function offersFor(
  db: D1Database,
  input: { order: OrderRecord; store: Store; placement: Placement; now: Date },
  /** Where the decision's write goes: after the answer (waitUntil) in the worker, awaited in tests. */
  defer: (write: Promise<unknown>) => void = () => undefined,
): Promise<OffersAnswer> {
  const { order, store, placement, now } = input;
  const rules: OfferRules = store.offerRules;
  const decisionId = `dec_${randomToken(12)}`;
  const arm = armOf(store.id, order.customerId, rules.holdoutShare);
  const orderSkus = order.lines.map((l) => l.sku);
  const families = [...new Set(order.lines.map((l) => l.family).filter((f): f is string => !!f))];
  const pairings = [...orderSkus, ...families].flatMap((key) => rules.crossSell[key] ?? []);
  const facts = await loadOfferFacts(db, { storeId: store.id, customerId: order.customerId, orderId: order.id, orderSkus, extraSkus: pairings });
  const segment = segmentOf(facts.totals, facts.quintiles, now);
  const offers =
    arm === "holdout"
      ? []
      : recommend({
          placement,
          now,
          currency: order.currency,
          orderSkus,
          purchases: facts.purchases,
          catalog: facts.catalog,
          related: facts.related,
          rules,
          signal: facts.survey ? surveySignal(facts.survey.rating, facts.survey.wants) : undefined,
          weights: dampedWeights(sampleKindWeights(OFFER_KINDS, facts.kindStats[segment] ?? {}, seededRandom(crypto.getRandomValues(new Uint32Array(1))[0]!))),
          support: { url: store.support.url, email: store.support.email },
        });
  // The holdout's empty answer is recorded too: it is the baseline lift is measured against. The write
  // happens after the answer is sent; the shopper does not wait for the bookkeeping.
  defer(recordDecision(db, {
    storeId: store.id,
    id: decisionId,
    orderId: order.id,
    customerId: order.customerId,
    placement,
    arm,
    segment,
    offers,
    at: now.toISOString(),
  }));
  return { decisionId, arm, offers: offers.map(({ score: _score, ...offer }) => offer) };
}
