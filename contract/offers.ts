/** `GET /v1/o/{token}/offers?placement=…`: the few offers most likely to bring a shopper back. */
import type { Arm, OfferKind } from "./vocabularies.ts";

/** The values in an offer's reason, for languages other than English (a type, so it fills message placeholders). */
export type ReasonParams = { item?: string; days?: number };

/** One offer, as the widget draws it. */
export interface OfferView {
  sku: string;
  name: string;
  price: number;
  currency: string;
  url?: string;
  imageUrl?: string;
  kind: OfferKind;
  /** Why this offer: a stable code, an English sentence, and the values in it (for other languages). */
  reason: { code: string; text: string; params?: ReasonParams };
}

export interface OffersAnswer {
  decisionId: string;
  /** holdout: no offers, by design. */
  arm: Arm;
  offers: OfferView[];
}
