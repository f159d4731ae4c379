/**
 * Reviews that sell (issue 24), orchestrated: the shopper's reviews saved with the automatic policy
 * check, the public list with its aggregate, JSON-LD and the Google feed, and the merchant's moderation,
 * replies and published share per star. SQL is storage's; the rules are domain/reviews/.
 */
import type { ModeratedReview, ModerationList, ProductReviewsAnswer, ReviewSummary } from "../../contract/reviews.ts";
import type { ReviewSort, ReviewStatus } from "../../contract/vocabularies.ts";
import type { Store } from "../domain/records.ts";
import { automaticDecision } from "../domain/reviews/moderation.ts";
import { aggregateOf, googleReviewFeed, JSON_LD_REVIEWS, PUBLIC_PAGE_SIZE, productJsonLd, publicReview } from "../domain/reviews/public.ts";
import { reviewSummary } from "../domain/reviews/summary.ts";
import type { ReviewsInput } from "../schemas/feedback.ts";
import type { ModerationInput } from "../schemas/reviews.ts";
import { applyChanges } from "../storage/changes.ts";
import { type Owner, saveReviews } from "../storage/feedback.ts";
import {
  feedReviews,
  moderatedReviewById,
  moderationPage,
  moderationStatement,
  productFacts,
  publishedReviewPage,
  replyStatement,
  reviewStatusCounts,
  type StoredModeratedReview,
} from "../storage/reviews.ts";

/** The shopper's reviews, each published or queued by what its words say (never by its rating). */
export function saveShopperReviews(db: D1Database, owner: Owner, reviews: ReviewsInput, now: string) {
  return saveReviews(db, owner, reviews, reviews.map(automaticDecision), now);
}

/** A product's aggregate and one page of its published reviews. */
export async function productReviews(
  db: D1Database,
  storeId: string,
  sku: string,
  query: { page: number; sort: ReviewSort },
  origin: string,
): Promise<ProductReviewsAnswer> {
  const { perStar, reviews } = await publishedReviewPage(db, storeId, sku, { ...query, pageSize: PUBLIC_PAGE_SIZE });
  const aggregate = aggregateOf(perStar);
  return {
    sku,
    aggregate,
    sort: query.sort,
    page: query.page,
    pageSize: PUBLIC_PAGE_SIZE,
    pages: Math.ceil(aggregate.count / PUBLIC_PAGE_SIZE),
    reviews: reviews.map((r) => publicReview(r, origin)),
  };
}

/** schema.org Product JSON-LD for a product the store sold, or null for a sku it never did. */
export async function productReviewsJsonLd(db: D1Database, storeId: string, sku: string, origin: string) {
  const [product, { perStar, reviews }] = await Promise.all([
    productFacts(db, storeId, sku),
    publishedReviewPage(db, storeId, sku, { sort: "newest", page: 1, pageSize: JSON_LD_REVIEWS }),
  ]);
  if (!product) return null;
  return productJsonLd(
    product,
    aggregateOf(perStar),
    reviews.map((r) => publicReview(r, origin)),
  );
}

/** Google's product review feed (schema 2.4) of the store's published reviews. */
export async function googleFeed(db: D1Database, store: Store, origin: string): Promise<string> {
  const reviews = await feedReviews(db, store.id);
  return googleReviewFeed(
    { name: store.name },
    reviews.map(({ review, product }) => ({ review: publicReview(review, origin), product })),
  );
}

const moderatedAnswer = (stored: StoredModeratedReview, origin: string): ModeratedReview => {
  const { verifiedBuyer: _always, ...review } = publicReview(stored.review, origin);
  return {
    ...review,
    sku: stored.sku,
    status: stored.status,
    ...(stored.moderationReason ? { moderationReason: stored.moderationReason } : {}),
    ...(stored.moderatedBy ? { moderatedBy: stored.moderatedBy } : {}),
    ...(stored.moderatedAt ? { moderatedAt: stored.moderatedAt } : {}),
    authorChoice: stored.review.authorChoice,
    updatedAt: stored.updatedAt,
  };
};

/** Reviews per page of the merchant's list. */
export const MODERATION_PAGE_SIZE = 50;

export async function moderationList(
  db: D1Database,
  storeId: string,
  query: { status?: ReviewStatus; rating?: number; page: number },
  origin: string,
): Promise<ModerationList> {
  const { total, reviews } = await moderationPage(db, storeId, query, query.page, MODERATION_PAGE_SIZE);
  return {
    ...(query.status ? { status: query.status } : {}),
    ...(query.rating ? { rating: query.rating } : {}),
    page: query.page,
    pageSize: MODERATION_PAGE_SIZE,
    total,
    reviews: reviews.map((r) => moderatedAnswer(r, origin)),
  };
}

/** Publishes a review, or rejects it for a stated reason; null when the store has no such review. */
export async function moderate(
  db: D1Database,
  storeId: string,
  id: string,
  decision: ModerationInput,
  by: "api_key" | "dashboard",
  origin: string,
  now: Date,
): Promise<ModeratedReview | null> {
  if (!(await moderatedReviewById(db, storeId, id))) return null;
  await applyChanges(db, [moderationStatement(storeId, id, decision, by, now.toISOString())]);
  const after = await moderatedReviewById(db, storeId, id);
  return after && moderatedAnswer(after, origin);
}

/** Writes (or, with null, removes) the merchant's reply; null when the store has no such review. */
export async function setReply(
  db: D1Database,
  storeId: string,
  id: string,
  body: string | null,
  origin: string,
  now: Date,
): Promise<ModeratedReview | null> {
  if (!(await moderatedReviewById(db, storeId, id))) return null;
  await applyChanges(db, [replyStatement(storeId, id, body, now.toISOString())]);
  const after = await moderatedReviewById(db, storeId, id);
  return after && moderatedAnswer(after, origin);
}

export async function publishedShare(db: D1Database, storeId: string): Promise<ReviewSummary> {
  return reviewSummary(await reviewStatusCounts(db, storeId));
}
