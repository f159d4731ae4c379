import { z } from "zod";
import { REVIEW_AUTHOR_CHOICES, STANDOUTS, WANTS } from "../../contract/vocabularies.ts";
import { externalId } from "./common.ts";

// The outbound vocabulary is the contract's; re-exported for the operator CLI and tests that read it here.
export { OUTBOUND_EVENT_TYPES, type OutboundEventType } from "../../contract/outbound.ts";

const text = (max: number) => z.string().trim().max(max);

/**
 * `POST /v1/o/{token}/survey`. The contract's full answer, which the widget also sends one step at a
 * time: the rating alone, then with `standout`, then with `wants` (each post replaces the response).
 */
export const surveyInput = z.object({
  rating: z.int().min(1).max(5),
  standout: z.object({ choice: z.enum(STANDOUTS), text: text(500).optional() }).optional(),
  wants: z.enum(WANTS).optional(),
  comment: text(2000).optional(),
  /** A detractor's request to be called back, at a time that suits them. */
  callback: z
    .object({
      phone: z
        .string()
        .max(32)
        .regex(/^\+?[0-9 ().-]{6,}$/, "must be a phone number"),
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
      /** How the review is signed in public: first name and initial (the default), or anonymous. */
      author: z.enum(REVIEW_AUTHOR_CHOICES).optional(),
    }),
  )
  .min(1)
  .max(50)
  .refine((reviews) => new Set(reviews.map((r) => r.sku)).size === reviews.length, "each sku at most once per request");
export type ReviewsInput = z.infer<typeof reviewsInput>;
