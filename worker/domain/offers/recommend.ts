/**
 * The next-best offers for one order at one placement, from facts already loaded (pure, no I/O).
 *
 * Candidates, each with a base score in 0–1 and a reason:
 *   cross_sell     co-purchase neighbours of what was just bought (scaled lift), and the store's own pairings
 *   replenishment  a consumable bought long enough ago to be running out (its replenishDays)
 *   reorder        something bought long enough ago to want again (the family's reorder window)
 *   upsell         a pricier product of a family bought long enough ago (the upsell window)
 *   education      how-to content, instead of any pitch, for shoppers who were lukewarm
 *   support        the only thing a dissatisfied shopper is shown
 * Already-bought items (for cross-sells and upsells), excluded and inactive skus, and products in another
 * currency are removed. The final score is the base score times the sampled click-through of the kind
 * (bandit.ts), so kinds shoppers ignore fade; ties go to the sku in alphabetical order.
 */
import type { OfferView, ReasonParams } from "../../../contract/offers.ts";
import type { OfferKind, Placement } from "../../../contract/vocabularies.ts";
import type { OfferRules } from "../../schemas/offers.ts";
import type { SurveySignal } from "../survey-signal.ts";
import { daysSince } from "./rfm.ts";
import { windowsFor } from "./windows.ts";

export { OFFER_KINDS, type OfferKind } from "../../../contract/vocabularies.ts";

export interface Product {
  sku: string;
  name: string;
  family: string;
  price: number;
  /** Undefined: the store sells in one currency, the order's. */
  currency?: string;
  url?: string;
  imageUrl?: string;
  replenishDays?: number;
  active: boolean;
}

/** An offer as the contract shows it, with the score it was ranked by. */
export interface Offer extends OfferView {
  score: number;
}

export interface RecommendInput {
  placement: Placement;
  now: Date;
  currency: string;
  /** Skus of the order the shopper is looking at. */
  orderSkus: string[];
  /** Everything this customer bought (this order included), one entry per sku and order. */
  purchases: { sku: string; family?: string; at: string }[];
  /** The products any candidate could be (neighbours, same-family products, bought items). */
  catalog: Map<string, Product>;
  /** Co-purchase neighbours of the order's skus, with coPurchaseScore. */
  related: { from: string; to: string; score: number }[];
  rules: OfferRules;
  signal?: SurveySignal;
  /** Sampled click-through per kind; 1 for all when there is nothing to learn from yet. */
  weights: Record<OfferKind, number>;
  support?: { url?: string; email?: string };
}

type Candidate = Omit<Offer, "score"> & { base: number };

export function recommend(input: RecommendInput): Offer[] {
  const { rules, catalog, signal } = input;
  const limit = rules.maxOffers[input.placement];
  if (limit <= 0) return [];

  if (signal?.nextAction === "remediation") {
    const url = input.support?.url ?? (input.support?.email ? `mailto:${input.support.email}` : undefined);
    return url
      ? [
          {
            sku: "support",
            name: "Get help with your order",
            price: 0,
            currency: input.currency,
            url,
            kind: "support",
            score: 1,
            reason: { code: "detractor_support", text: "We're sorry it wasn't right. Tell us, and we'll fix it." },
          },
        ]
      : [];
  }

  const bought = new Set(input.purchases.map((p) => p.sku));
  const nameOf = (sku: string) => catalog.get(sku)?.name ?? "purchase";
  const candidates: Candidate[] = [];
  const offer = (product: Product | undefined, kind: OfferKind, base: number, code: string, text: string, params: ReasonParams) => {
    if (product)
      candidates.push({
        sku: product.sku,
        name: product.name,
        price: product.price,
        currency: product.currency ?? input.currency,
        url: product.url,
        imageUrl: product.imageUrl,
        kind,
        base,
        reason: { code, text, params },
      });
  };

  if (signal?.sentiment === "neutral") {
    // Education, never a pitch: how-to content for the families just bought.
    for (const sku of input.orderSkus) {
      const product = catalog.get(sku);
      const content = product && rules.education[product.family];
      if (content)
        candidates.push({
          sku,
          name: content.title,
          price: 0,
          currency: input.currency,
          url: content.url,
          kind: "education",
          base: 1,
          reason: { code: "how_to", text: `Get more from your ${product.name}`, params: { item: product.name } },
        });
    }
  } else {
    const strongest = Math.max(0, ...input.related.map((r) => r.score));
    for (const r of input.related) {
      if (input.orderSkus.includes(r.from) && !bought.has(r.to)) {
        offer(
          catalog.get(r.to),
          "cross_sell",
          0.2 + 0.8 * (r.score / (strongest || 1)),
          "co_purchase",
          `Often bought with your ${nameOf(r.from)}`,
          { item: nameOf(r.from) },
        );
      }
    }
    for (const sku of input.orderSkus) {
      const family = catalog.get(sku)?.family;
      for (const pick of [...(rules.crossSell[sku] ?? []), ...(family ? (rules.crossSell[family] ?? []) : [])]) {
        if (!bought.has(pick))
          offer(catalog.get(pick), "cross_sell", 0.7, "pairs_with", `Pairs well with your ${nameOf(sku)}`, { item: nameOf(sku) });
      }
    }
    // Upsell steps by family, grouped once: a customer of hundreds of skus must not scan the catalog for each.
    let families: Map<string, Product[]> | undefined;
    const byFamily = () => {
      if (!families) {
        families = new Map();
        for (const p of catalog.values()) families.get(p.family)?.push(p) ?? families.set(p.family, [p]);
      }
      return families;
    };
    // Windows open per sku, counted from its latest purchase.
    const latest = new Map<string, string>();
    for (const p of input.purchases) if ((latest.get(p.sku) ?? "") < p.at) latest.set(p.sku, p.at);
    for (const [sku, at] of latest) {
      const product = catalog.get(sku);
      if (!product) continue;
      const days = Math.floor(daysSince(at, input.now));
      const windows = windowsFor(product.family, rules);
      if (product.replenishDays && days >= product.replenishDays) {
        offer(
          product,
          "replenishment",
          Math.min(1, 0.8 + (0.2 * (days - product.replenishDays)) / product.replenishDays),
          "replenish_due",
          `Time to restock: ${days} days since your last order`,
          { days },
        );
      } else if (!product.replenishDays && days >= windows.reorder) {
        offer(product, "reorder", 0.5, "reorder_window", `Need another ${product.name}?`, { item: product.name });
      }
      if (days >= windows.upsell) {
        for (const step of byFamily().get(product.family) ?? []) {
          if (!bought.has(step.sku) && step.price > product.price && step.price <= product.price * 2.5) {
            offer(step, "upsell", 0.6, "upsell_family", `A step up from your ${product.name}`, { item: product.name });
          }
        }
      }
    }
  }

  const excluded = new Set(rules.excludedSkus);
  const best = new Map<string, Offer>();
  for (const c of candidates) {
    const product = catalog.get(c.sku);
    if (c.kind !== "education" && (excluded.has(c.sku) || !product?.active || (product.currency && product.currency !== input.currency)))
      continue;
    const { base, ...rest } = c;
    const scored = { ...rest, score: base * (input.weights[c.kind] ?? 1) };
    const seen = best.get(c.sku);
    if (!seen || seen.score < scored.score) best.set(c.sku, scored);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.sku.localeCompare(b.sku)).slice(0, limit);
}
