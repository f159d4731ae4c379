/**
 * Reviews on product pages (issue 24): the public read API a product page (and the widget's `reviews`
 * view) draws from, and the merchant's moderation answers. Nothing here identifies a shopper: no email,
 * order id, customer id or token; a review's `id` is opaque.
 */
import type { ModerationReason, ReviewAuthorChoice, ReviewStatus } from "./vocabularies.ts";

/** A review photo, served by the worker (`GET /v1/photos/{key}`) with its metadata stripped. */
export interface ReviewPhoto {
  /** Absolute URL on the worker's origin; immutable, cacheable for a year. */
  url: string;
  width?: number;
  height?: number;
}

/** The merchant's one public reply to a review. */
export interface ReviewReply {
  body: string;
  createdAt: string;
  /** When the reply was last edited, if it was. */
  updatedAt?: string;
}

/** The stars of a product's published reviews. */
export interface ReviewAggregate {
  count: number;
  /** Mean rating rounded to one decimal; null without reviews. */
  average: number | null;
  /** Published reviews per star, "1" to "5". */
  histogram: Record<"1" | "2" | "3" | "4" | "5", number>;
}

/**
 * How the reviewer is named: `name` (first name and initial, "Sam R."), `anonymous` (they chose not to
 * be named; `author` is "Anonymous") or `verified_buyer` (no name is held; `author` is "Verified buyer").
 * A view translates the last two by this field rather than by the English words.
 */
export type ReviewAuthorKind = "name" | "anonymous" | "verified_buyer";

/** One published review as anyone may read it. */
export interface PublicReview {
  /** Opaque (`rv_…`), stable across edits; never the order id. */
  id: string;
  rating: number;
  title?: string;
  body?: string;
  author: string;
  authorKind: ReviewAuthorKind;
  createdAt: string;
  /** Every Doorstep review comes from a real order of this product. */
  verifiedBuyer: true;
  photos: ReviewPhoto[];
  reply?: ReviewReply;
}

/** `GET /v1/stores/{storeId}/products/{sku}/reviews`. */
export interface ProductReviewsAnswer {
  sku: string;
  aggregate: ReviewAggregate;
  sort: "newest" | "highest" | "lowest" | "photos";
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Pages of published reviews (0 without any). */
  pages: number;
  reviews: PublicReview[];
}

/** One review as the merchant moderates it (`GET /v1/admin/reviews/moderation`). */
export interface ModeratedReview extends Omit<PublicReview, "verifiedBuyer"> {
  sku: string;
  status: ReviewStatus;
  /** Why it is pending or rejected. */
  moderationReason?: ModerationReason;
  /** Who decided last: `automatic` (the policy check on the text), `api_key` or `dashboard`, and when. */
  moderatedBy?: "automatic" | "api_key" | "dashboard";
  moderatedAt?: string;
  authorChoice: ReviewAuthorChoice;
  updatedAt: string;
}

/** `GET /v1/admin/reviews/moderation`: newest first, a page at a time. */
export interface ModerationList {
  status?: ReviewStatus;
  rating?: number;
  page: number;
  pageSize: number;
  total: number;
  reviews: ModeratedReview[];
}

/** Per star: how many reviews there are and how many of them are published. */
export interface StarShare {
  rating: number;
  total: number;
  published: number;
  pending: number;
  rejected: number;
  /** published ÷ total, null when there are none. */
  publishedShare: number | null;
}

/** `GET /v1/admin/reviews/summary`: the published share per star, for anyone to see low ratings are not held back. */
export interface ReviewSummary {
  stars: StarShare[];
  /** Pending and rejected per reason. */
  byReason: Record<ModerationReason, { pending: number; rejected: number }>;
}

/** `POST /v1/o/{token}/reviews/{sku}/photos`: the photo stored, and every photo of the review. */
export interface PhotoAccepted {
  photo: ReviewPhoto & { key: string };
  photos: (ReviewPhoto & { key: string })[];
}
