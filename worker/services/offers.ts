/**
 * GET /v1/o/{token}/offers (and a lifecycle moment's offers), end to end: the holdout check, the facts,
 * the ranking, and the record of what was decided. The ranking itself is pure (domain/offers/).
 */
import { randomToken } from "../crypto/random.ts";
import { sampleKindWeights, seededRandom } from "../domain/offers/bandit.ts";
import { coPurchaseScore } from "../domain/offers/co-purchase.ts";
import { armOf } from "../domain/offers/holdout.ts";
import type { OffersAnswer } from "../../contract/offers.ts";
import type { Placement } from "../../contract/vocabularies.ts";
import { dampedWeights, segmentOf } from "../domain/offers/offers-for.ts";
import { OFFER_KINDS, recommend } from "../domain/offers/recommend.ts";
import type { OrderRecord, Store } from "../domain/records.ts";
import { scoreSignal } from "../domain/survey-signal.ts";
import type { OfferRules } from "../schemas/offers.ts";
import { loadOfferFacts, recordDecision, type OfferFacts } from "../storage/offers.ts";

/** The offers for one order in one placement; the decision is recorded through `defer`. */
export async function offersFor(
  db: D1Database,
  /** `facts`: what ranking needs, when the caller read it already (with the order's view, in one statement). */
  input: { order: OrderRecord; store: Store; placement: Placement; now: Date; facts?: OfferFacts },
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
  const facts =
    input.facts ??
    (await loadOfferFacts(db, {
      storeId: store.id,
      customerId: order.customerId,
      orderId: order.id,
      orderSkus,
      extraSkus: pairings,
    }));
  const segment = segmentOf(facts.totals, facts.quintiles, now);
  const related = facts.pairs.map((p) => ({
    from: p.from,
    to: p.to,
    score: coPurchaseScore(p.together, p.withA, p.withB, facts.storeOrders),
  }));
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
          related,
          rules,
          signal: facts.survey ? scoreSignal(facts.survey.score, facts.survey.wants) : undefined,
          weights: dampedWeights(
            sampleKindWeights(OFFER_KINDS, facts.kindStats[segment] ?? {}, seededRandom(crypto.getRandomValues(new Uint32Array(1))[0]!)),
          ),
          support: { url: store.support.url, email: store.support.email },
        });
  // The holdout's empty answer is recorded too: it is the baseline lift is measured against. The write
  // happens after the answer is sent; the shopper does not wait for the bookkeeping.
  defer(
    recordDecision(db, {
      storeId: store.id,
      id: decisionId,
      orderId: order.id,
      customerId: order.customerId,
      placement,
      arm,
      segment,
      offers,
      at: now.toISOString(),
    }),
  );
  return { decisionId, arm, offers: offers.map(({ score: _score, ...offer }) => offer) };
}
