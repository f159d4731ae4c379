import { z } from "zod";
import { ORDER_VIEW_SHAPES, WIDGET_PLACEMENTS } from "../../contract/vocabularies.ts";
import { currencyCode, externalId, httpUrl, money } from "./common.ts";

const family = z.string().min(1).max(64);
const days = z.int().min(1).max(730);

/** One product of `PUT /v1/catalog`. */
export const productInput = z.strictObject({
  sku: externalId,
  name: z.string().min(1).max(200),
  family,
  price: money,
  /**
   * Not in the contract: the price's currency, for stores that sell in several. A product that names
   * one is offered only on orders in it; without one it is offered on every order, in the order's.
   */
  currency: currencyCode.optional(),
  url: httpUrl.optional(),
  imageUrl: httpUrl.optional(),
  /** For consumables: days after which a shopper typically needs more. */
  replenishDays: days.optional(),
  /** What Google matches reviews to the product by (the review feed and JSON-LD, issue 24). */
  brand: z.string().trim().min(1).max(120).optional(),
  gtin: z
    .string()
    .regex(/^(\d{8}|\d{12,14})$/, "must be a GTIN: 8, 12, 13 or 14 digits")
    .optional(),
  mpn: z.string().trim().min(1).max(70).optional(),
  /** false takes the product out of every offer. */
  active: z.boolean().default(true),
});
export type ProductInput = z.infer<typeof productInput>;

/** `PUT /v1/catalog`: up to 500 products per request; products not sent are kept. */
export const catalogInput = z.array(productInput).min(1).max(500);

/** `PUT /v1/offer-rules`: how a store's offers are chosen. */
export const offerRules = z.strictObject({
  /** Days after a purchase before each kind of offer opens, per product family. */
  windows: z.record(family, z.strictObject({ reorder: days, upsell: days, replenishment: days }).partial()).default({}),
  /** Families that take longer to come back to (furniture, electronics): windows of 21–35 days. */
  expensiveFamilies: z.array(family).max(200).default([]),
  /** Hand-made pairings: a sku or a family → skus to suggest with it. */
  crossSell: z.record(z.string().min(1).max(128), z.array(externalId).max(20)).default({}),
  excludedSkus: z.array(externalId).max(5000).default([]),
  maxOffers: z
    .strictObject({
      confirmation: z.int().min(0).max(6),
      tracking: z.int().min(0).max(6),
      survey: z.int().min(0).max(6),
      email: z.int().min(0).max(6).default(2),
    })
    .default({ confirmation: 3, tracking: 2, survey: 3, email: 2 }),
  /** Share of customers who never see offers, so their behaviour measures what offers add. */
  holdoutShare: z.number().min(0).max(0.5).default(0.1),
  /** An order within this many days of an offer click counts as its conversion. */
  attributionDays: z.int().min(1).max(60).default(7),
  /** How-to content per family, for shoppers who were lukewarm (education, never a pitch). */
  education: z.record(family, z.strictObject({ title: z.string().min(1).max(120), url: httpUrl })).default({}),
});
export type OfferRules = z.infer<typeof offerRules>;

/** The shopper's `GET /v1/o/{token}/offers`: the widget's placements. */
export const offersQuery = z.object({ placement: z.enum(WIDGET_PLACEMENTS) });

/**
 * `GET /v1/o/{token}?offers=<placement>`: the order with that placement's offers in the same answer;
 * `?view=survey`, `confirmation` or `tracking`: only the part of the order that view reads (issue 22).
 */
export const orderQuery = z.object({
  offers: offersQuery.shape.placement.optional().describe("also answer this placement's offers, as GET /v1/o/{token}/offers does"),
  view: z
    .enum(ORDER_VIEW_SHAPES)
    .optional()
    .describe(
      "only what this view reads (new in 2026-12): `survey` answers a SurveyOrderView, `confirmation` a ConfirmationOrderView, `tracking` a TrackingOrderView, each with an ETag of its own",
    ),
});
