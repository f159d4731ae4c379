/**
 * Reviews that sell (issue 24): the public reads a product page (or a crawler) makes, the shopper's
 * photo upload, and the merchant's moderation, replies and published share per star. Parse and answer;
 * services/reviews.ts and services/review-photos.ts do the work.
 */
import type { Context } from "hono";
import { sha256Base64Url } from "../crypto/hash.ts";
import { etagMatches } from "../domain/etag.ts";
import { jsonLdText, photoUrl } from "../domain/reviews/public.ts";
import type { AppEnv } from "../http/app-env.ts";
import { allowStoreOrigins } from "../http/cors.ts";
import { readBody, readQuery, type Route } from "../http/declared.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { rateLimit } from "../http/rate-limit.ts";
import { readBodyBytes } from "../http/read-json.ts";
import { type ShopperEnv, shopperOrder } from "../http/shopper-order.ts";
import { declaration } from "../openapi/operations.ts";
import { photoKey, reviewId } from "../schemas/reviews.ts";
import { addReviewPhoto, photoForPublic, removeReviewPhoto } from "../services/review-photos.ts";
import {
  googleFeed,
  moderate,
  moderationList,
  productReviews,
  productReviewsJsonLd,
  publishedShare,
  setReply,
} from "../services/reviews.ts";
import { findStore } from "./stores.ts";

/** The worker's own origin: photo URLs point back at it. */
const originOf = (c: Context) => new URL(c.req.url).origin;

/** Shared caches may keep public review answers a minute, and serve them stale while they refresh. */
const PUBLIC_CACHE = "public, max-age=60, stale-while-revalidate=600";

/** A weakly validated, publicly cacheable answer: 304 when the client already has these bytes. */
async function cacheable(c: Context, body: string, contentType: string, cacheControl = PUBLIC_CACHE) {
  const etag = `W/"${(await sha256Base64Url(body)).slice(0, 27)}"`;
  c.header("Cache-Control", cacheControl);
  c.header("ETag", etag);
  if (etagMatches(c.req.header("if-none-match"), etag)) return c.body(null, 304);
  return c.body(body, 200, { "Content-Type": contentType });
}

const skuOf = (c: Context) => c.req.param("sku") ?? "";

async function publicReviews(c: Context<AppEnv>) {
  const store = await findStore(c.env.DB, c.req.param("storeId") ?? "");
  allowStoreOrigins(c, store.origins);
  const query = readQuery(c, declaration("getProductReviews"));
  const answer = await productReviews(c.env.DB, store.id, skuOf(c), query, originOf(c));
  return cacheable(c, JSON.stringify(answer), "application/json; charset=UTF-8");
}

async function publicJsonLd(c: Context<AppEnv>) {
  const store = await findStore(c.env.DB, c.req.param("storeId") ?? "");
  allowStoreOrigins(c, store.origins);
  const doc = await productReviewsJsonLd(c.env.DB, store.id, skuOf(c), originOf(c));
  if (!doc) throw notFound("product_not_found", "This store has no product with this sku.");
  return cacheable(c, jsonLdText(doc), "application/ld+json; charset=UTF-8");
}

async function reviewFeed(c: Context<AppEnv>) {
  const store = await findStore(c.env.DB, c.req.param("storeId") ?? "");
  // Merchant Center fetches the feed once a day or so: an hour in shared caches is plenty fresh.
  return cacheable(c, await googleFeed(c.env.DB, store, originOf(c)), "application/xml; charset=UTF-8", "public, max-age=3600");
}

async function photo(c: Context<AppEnv>) {
  const key = c.req.param("key") ?? "";
  const found = photoKey.safeParse(key).success ? await photoForPublic(c.env, key) : null;
  if (!found) throw notFound("photo_not_found", "There is no such photo.");
  return c.body(found.body, 200, {
    "Content-Type": found.contentType,
    "Content-Length": String(found.size),
    // A key names one set of bytes forever: a year, never revalidated.
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Access-Control-Allow-Origin": "*",
  });
}

const PHOTO_STATUS = {
  review_not_found: 404,
  too_many_photos: 409,
  not_an_image: 422,
  malformed_image: 422,
  image_too_large: 422,
} as const;

/** A shopper's photo for the review of one item of their order: the body is the image itself. */
async function uploadPhoto(c: Context<ShopperEnv>) {
  const { order, store } = c.var;
  const { rawBody } = declaration("addReviewPhoto");
  const essence = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!(rawBody.mediaTypes as readonly string[]).includes(essence)) {
    throw new ApiError(415, "unsupported_media_type", `Send the image as ${rawBody.mediaTypes.join(", ")}.`);
  }
  const bytes = await readBodyBytes(c.req.raw, rawBody.maxBytes);
  const sku = skuOf(c);
  const outcome = await addReviewPhoto(c.env, { storeId: store.id, orderId: order.id, sku }, bytes, new Date());
  if (!outcome.ok) throw new ApiError(PHOTO_STATUS[outcome.problem], outcome.problem, outcome.detail);
  const origin = originOf(c);
  const withUrl = (p: { key: string; width?: number; height?: number }) => ({ ...p, url: photoUrl(origin, p.key) });
  return c.json({ photo: withUrl(outcome.photo), photos: outcome.photos.map(withUrl) }, 201);
}

/** A shopper takes one of their photos off their review. */
async function deletePhoto(c: Context<ShopperEnv>) {
  const { order, store } = c.var;
  const key = c.req.param("key") ?? "";
  const photos = photoKey.safeParse(key).success
    ? await removeReviewPhoto(c.env, { storeId: store.id, orderId: order.id, sku: skuOf(c) }, key, new Date())
    : null;
  if (!photos) throw notFound("photo_not_found", "This review has no such photo.");
  return c.json({ photos });
}

/** The review a merchant route names, or 404 for a malformed or unknown id. */
function reviewIdOf(c: Context<AppEnv>): string {
  const id = c.req.param("reviewId") ?? "";
  if (!reviewId.safeParse(id).success) throw reviewNotFound();
  return id;
}
const reviewNotFound = () => notFound("review_not_found", "There is no review with this id in this store.");
const decidedBy = (c: Context<AppEnv>) => (c.get("credential") === "session" ? "dashboard" : "api_key");

async function list(c: Context<AppEnv>) {
  const query = readQuery(c, declaration("listReviewsForModeration"));
  c.header("Cache-Control", "private, no-store");
  return c.json(await moderationList(c.env.DB, c.get("store").id, query, originOf(c)));
}

async function decide(c: Context<AppEnv>) {
  const decision = await readBody(c, declaration("moderateReview"));
  const id = reviewIdOf(c);
  const review = await moderate(c.env.DB, c.get("store").id, id, decision, decidedBy(c), originOf(c), new Date());
  if (!review) throw reviewNotFound();
  return c.json(review);
}

async function reply(c: Context<AppEnv>) {
  const { body } = await readBody(c, declaration("replyToReview"));
  const id = reviewIdOf(c);
  const review = await setReply(c.env.DB, c.get("store").id, id, body, originOf(c), new Date());
  if (!review) throw reviewNotFound();
  return c.json(review);
}

async function removeReply(c: Context<AppEnv>) {
  const review = await setReply(c.env.DB, c.get("store").id, reviewIdOf(c), null, originOf(c), new Date());
  if (!review) throw reviewNotFound();
  return c.json(review);
}

async function summary(c: Context<AppEnv>) {
  c.header("Cache-Control", "private, no-store");
  return c.json(await publishedShare(c.env.DB, c.get("store").id));
}

export const reviewRoutes: Route[] = [
  ["getProductReviews", rateLimit("ip"), publicReviews],
  ["getProductReviewsJsonLd", rateLimit("ip"), publicJsonLd],
  ["getGoogleReviewFeed", rateLimit("ip"), reviewFeed],
  ["getReviewPhoto", rateLimit("ip"), photo],
  ["addReviewPhoto", shopperOrder("write"), uploadPhoto],
  ["removeReviewPhoto", shopperOrder("write"), deletePhoto],
  ["listReviewsForModeration", list],
  ["moderateReview", decide],
  ["replyToReview", reply],
  ["deleteReviewReply", removeReply],
  ["reviewPublishedShare", summary],
];
