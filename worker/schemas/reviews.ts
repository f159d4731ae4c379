/** Reviews on product pages (issue 24): the public list's query, the merchant's moderation and replies. */
import { z } from "zod";
import { MODERATION_REASONS, REVIEW_SORTS, REVIEW_STATUSES } from "../../contract/vocabularies.ts";
import { MAX_PUBLIC_PAGE } from "../domain/reviews/public.ts";

const page = z.coerce.number().int().min(1).max(MAX_PUBLIC_PAGE).default(1);

/** `GET /v1/stores/{storeId}/products/{sku}/reviews`. */
export const publicReviewsQuery = z.object({
  page: page.describe(`1-based, at most ${MAX_PUBLIC_PAGE}`),
  sort: z.enum(REVIEW_SORTS).default("newest").describe("newest first, highest or lowest rating first, or those with photos first"),
});

/** `GET /v1/admin/reviews/moderation`: every review, or those of one status and/or one rating. */
export const moderationQuery = z.object({
  status: z.enum(REVIEW_STATUSES).optional(),
  rating: z.coerce.number().int().min(1).max(5).optional(),
  page,
});

/** `POST /v1/admin/reviews/{reviewId}/moderation`: publish, or reject with one of the stated reasons. */
export const moderationInput = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("publish") }),
  z.strictObject({
    action: z.literal("reject"),
    reason: z.enum(MODERATION_REASONS).describe("the policy the review breaks; a rating is never a reason"),
  }),
]);
export type ModerationInput = z.infer<typeof moderationInput>;

export const REPLY_LIMIT = 2000;

/** `PUT /v1/admin/reviews/{reviewId}/reply`: the merchant's one public reply, created or replaced. */
export const replyInput = z.strictObject({ body: z.string().trim().min(1).max(REPLY_LIMIT) });

/** A review's public id (`rv_…`). */
export const reviewId = z.string().regex(/^rv_[A-Za-z0-9_-]{16,40}$/, "must be a review id (rv_…)");

/** A photo's key (`ph_…` and its extension). */
// After `ph_`, the store's shard marker when it is not s0 (`s1.`, worker/domain/shards.ts).
export const photoKey = z.string().regex(/^ph_(?:s(?:0|[1-9][0-9]{0,2})\.)?[A-Za-z0-9_-]{22,40}\.(jpg|png|webp)$/, "must be a photo key");
