/**
 * The public side of reviews (issue 24), pure: the aggregate of a product's stars, a stored review as
 * anyone may read it, schema.org `Product` JSON-LD for rich results, and Google's product review feed.
 * Only published reviews ever reach these functions (storage selects them); nothing here takes an
 * email, an order id, a customer id or a token.
 */
import type { PublicReview, ReviewAggregate, ReviewPhoto } from "../../../contract/reviews.ts";
import type { ReviewAuthorChoice } from "../../../contract/vocabularies.ts";
import { reviewAuthor } from "./author.ts";
import { element } from "./xml.ts";

/** Reviews per page of the public list. */
export const PUBLIC_PAGE_SIZE = 10;
/** Pages past this are refused: nobody reads 500 reviews a page at a time, and crawlers need not. */
export const MAX_PUBLIC_PAGE = 500;
/** Reviews the JSON-LD carries (the newest); the aggregate counts them all. */
export const JSON_LD_REVIEWS = 10;

/** A published review as storage reads it (photos as their keys). */
export interface StoredPublicReview {
  id: string;
  rating: number;
  title: string | null;
  body: string | null;
  authorChoice: ReviewAuthorChoice;
  firstName: string | null;
  lastName: string | null;
  createdAt: string;
  replyBody: string | null;
  replyCreatedAt: string | null;
  replyUpdatedAt: string | null;
  photos: { key: string; width: number | null; height: number | null }[];
}

/** What the catalogue (or, failing it, the orders) says about a product. */
export interface ProductFacts {
  sku: string;
  name: string;
  url?: string;
  imageUrl?: string;
  brand?: string;
  gtin?: string;
  mpn?: string;
}

/** The aggregate from the count of published reviews per star. */
export function aggregateOf(perStar: Partial<Record<number, number>>): ReviewAggregate {
  const histogram = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  let count = 0;
  let sum = 0;
  for (const star of [1, 2, 3, 4, 5] as const) {
    const n = perStar[star] ?? 0;
    histogram[String(star) as keyof typeof histogram] = n;
    count += n;
    sum += star * n;
  }
  return { count, average: count ? Math.round((sum / count) * 10) / 10 : null, histogram };
}

/** The URL a photo is served at, on the worker's own origin. */
export const photoUrl = (origin: string, key: string) => `${origin}/v1/photos/${encodeURIComponent(key)}`;

/** A stored review as anyone may read it: the name as the shopper chose, photos as URLs, the reply. */
export function publicReview(review: StoredPublicReview, origin: string): PublicReview {
  const photos: ReviewPhoto[] = review.photos.map((p) => ({
    url: photoUrl(origin, p.key),
    ...(p.width ? { width: p.width } : {}),
    ...(p.height ? { height: p.height } : {}),
  }));
  return {
    id: review.id,
    rating: review.rating,
    ...(review.title ? { title: review.title } : {}),
    ...(review.body ? { body: review.body } : {}),
    ...reviewAuthor(review.authorChoice, review.firstName, review.lastName),
    createdAt: review.createdAt,
    verifiedBuyer: true,
    photos,
    ...(review.replyBody && review.replyCreatedAt
      ? {
          reply: {
            body: review.replyBody,
            createdAt: review.replyCreatedAt,
            ...(review.replyUpdatedAt ? { updatedAt: review.replyUpdatedAt } : {}),
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// schema.org JSON-LD, as Google's review snippet and product guidelines describe it

const rating = (value: number) => ({ "@type": "Rating", ratingValue: value, bestRating: 5, worstRating: 1 });

/**
 * A `Product` with its `aggregateRating` and newest `review`s. No `aggregateRating` and no `review`
 * without published reviews (Google: ratings must come from reviews shown on the page, and a count of
 * zero is not a rating). Dates are calendar dates (ISO 8601), names as the shopper chose them.
 */
export function productJsonLd(product: ProductFacts, aggregate: ReviewAggregate, reviews: PublicReview[]): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    sku: product.sku,
  };
  if (product.imageUrl) doc.image = product.imageUrl;
  if (product.url) doc.url = product.url;
  if (product.brand) doc.brand = { "@type": "Brand", name: product.brand };
  if (product.gtin) doc.gtin = product.gtin;
  if (product.mpn) doc.mpn = product.mpn;
  if (aggregate.count > 0 && aggregate.average !== null) {
    doc.aggregateRating = {
      "@type": "AggregateRating",
      ratingValue: aggregate.average,
      reviewCount: aggregate.count,
      bestRating: 5,
      worstRating: 1,
    };
    doc.review = reviews.slice(0, JSON_LD_REVIEWS).map((r) => ({
      "@type": "Review",
      reviewRating: rating(r.rating),
      author: { "@type": "Person", name: r.author },
      datePublished: r.createdAt.slice(0, 10),
      ...(r.title ? { name: r.title } : {}),
      ...(r.body ? { reviewBody: r.body } : {}),
    }));
  }
  return doc;
}

/** JSON-LD as text safe inside `<script type="application/ld+json">` in an HTML page. */
export function jsonLdText(doc: unknown): string {
  // "</script>" or "<!--" in a review must not end or change the script element it is placed in.
  return JSON.stringify(doc).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

// ---------------------------------------------------------------------------------------------------
// Google's product review feed, schema version 2.4

/** A published review with the product page it is shown on (feed reviews need one). */
export interface FeedReview {
  review: PublicReview;
  product: ProductFacts & { url: string };
}

export const GOOGLE_FEED_SCHEMA = "http://www.google.com/shopping/reviews/schema/product/2.4/product_reviews.xsd";

/**
 * The feed as Google's 2.4 schema orders it: `version`, `publisher`, `reviews`; each review its
 * `review_id`, `reviewer`, `review_timestamp`, `title`, `content`, `review_url` (the product page, which
 * shows many reviews: type "group"), `reviewer_images`, `ratings`, `products` (ids: gtins, mpns, skus,
 * brands; then name and URL), `is_spam` and `collection_method` ("post_fulfillment": Doorstep invites
 * shoppers after delivery). A review without words (a rating alone) is left out: `content` is required.
 */
export function googleReviewFeed(publisher: { name: string; favicon?: string }, reviews: FeedReview[]): string {
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<feed xmlns:vc="http://www.w3.org/2007/XMLSchema-versioning" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="${GOOGLE_FEED_SCHEMA}">`,
    `<version>2.4</version>`,
    `<publisher>${element("name", publisher.name)}${element("favicon", publisher.favicon)}</publisher>`,
    `<reviews>`,
  ];
  for (const { review, product } of reviews) {
    const content = review.body ?? review.title;
    if (!content?.trim()) continue;
    const anonymous = review.authorKind !== "name";
    const ids = [
      product.gtin ? `<gtins>${element("gtin", product.gtin)}</gtins>` : "",
      product.mpn ? `<mpns>${element("mpn", product.mpn)}</mpns>` : "",
      `<skus>${element("sku", product.sku)}</skus>`,
      product.brand ? `<brands>${element("brand", product.brand)}</brands>` : "",
    ].join("");
    const images = review.photos.length
      ? `<reviewer_images>${review.photos.map((p) => `<reviewer_image>${element("url", p.url)}</reviewer_image>`).join("")}</reviewer_images>`
      : "";
    lines.push(
      [
        `<review>`,
        element("review_id", review.id),
        `<reviewer>${element("name", review.author, anonymous ? { is_anonymous: "true" } : {})}</reviewer>`,
        element("review_timestamp", review.createdAt),
        review.body ? element("title", review.title) : "",
        element("content", content),
        element("review_url", product.url, { type: "group" }),
        images,
        `<ratings><overall min="1" max="5">${review.rating}</overall></ratings>`,
        `<products><product><product_ids>${ids}</product_ids>${element("product_name", product.name)}${element("product_url", product.url)}</product></products>`,
        `<is_spam>false</is_spam>`,
        `<collection_method>post_fulfillment</collection_method>`,
        `</review>`,
      ].join(""),
    );
  }
  lines.push(`</reviews>`, `</feed>`, "");
  return lines.join("\n");
}
