import { z } from "zod";
import { MOMENT_KINDS } from "../domain/lifecycle/schedule.ts";
import { externalId } from "./common.ts";

/** What stood out or slowed the shopper down; the widget offers the ones that fit the rating. */
export const STANDOUT_CHOICES = ["delivery_speed", "packaging", "product_quality", "price", "support", "website", "other"] as const;

const text = (max: number) => z.string().trim().max(max);

/**
 * `POST /v1/o/{token}/survey`. The contract's full answer, which the widget also sends one step at a
 * time: the rating alone, then with `standout`, then with `wants` (each post replaces the response).
 */
export const surveyInput = z.object({
  rating: z.int().min(1).max(5),
  standout: z.object({ choice: z.enum(STANDOUT_CHOICES), text: text(500).optional() }).optional(),
  wants: z.enum(["tip", "promotion", "demo", "none"]).optional(),
  comment: text(2000).optional(),
  /** A detractor's request to be called back, at a time that suits them. */
  callback: z
    .object({
      phone: z.string().max(32).regex(/^\+?[0-9 ().-]{6,}$/, "must be a phone number"),
      preferredTime: text(80).optional(),
    })
    .optional(),
});
export type SurveyInput = z.infer<typeof surveyInput>;

export const REVIEW_LIMITS = { title: 120, body: 5000 } as const;

/** `POST /v1/o/{token}/reviews`: one entry per item; sending an item again edits its review. */
export const reviewsInput = z
  .array(
    z.object({
      sku: externalId,
      rating: z.int().min(1).max(5),
      title: text(REVIEW_LIMITS.title).optional(),
      body: text(REVIEW_LIMITS.body).optional(),
    }),
  )
  .min(1)
  .max(50)
  .refine((reviews) => new Set(reviews.map((r) => r.sku)).size === reviews.length, "each sku at most once per request");
export type ReviewsInput = z.infer<typeof reviewsInput>;

/** Events a store can subscribe a webhook endpoint to. */
export const OUTBOUND_EVENT_TYPES = [
  "survey.submitted",
  "survey.detractor",
  "review.created",
  // Lifecycle moments (worker/domain/lifecycle/schedule.ts MOMENT_KINDS), one type per kind.
  ...MOMENT_KINDS.map((kind) => `moment.${kind}` as const),
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];
