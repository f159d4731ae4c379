/**
 * The answer of GET /v1/o/{token} (issue 23), end to end: the view drawn from one read of D1 with its
 * tag (domain/view-tag.ts), kept at the edge with the Cache API under the token and the versions it was
 * read at, so that every tab on a hot order is answered from the cache until the order, its store or
 * the clock changes the view: D1 reads a hot order once per change, not once per tab.
 *
 * The cache is this data centre's (`caches.default`); its keys are synthetic URLs on the worker's own
 * host that no route serves, made of the token's SHA-256 (never the token itself) and the versions, so
 * an answer is never shared between tokens and nobody but this worker reads it. Where there is no
 * Cache API (the bench's Node run) or it fails, every answer is read from D1. The survey view's part
 * of the view (`?view=survey`, issue 22), the confirmation's and the tracking's are each kept under
 * a key of their own, with a tag of their own: never served for the whole view, nor the other way round.
 */
import type { OrderView } from "../../contract/order-view.ts";
import { sha256Base64Url } from "../crypto/hash.ts";
import { orderView, type OrderViewInput } from "../domain/order-view.ts";
import { confirmationOrderView } from "../domain/confirmation-view.ts";
import { surveyOrderView, type OrderViewShape } from "../domain/survey-view.ts";
import { trackingOrderView } from "../domain/tracking-view.ts";
import { tagHolds, VIEW_FORMAT, viewHoldsUntil, viewTag, type ViewVersions } from "../domain/view-tag.ts";
import { readOrderView, type OrderViewData } from "../storage/order-view.ts";

export interface ViewAnswer {
  etag: string;
  /** The view as JSON. */
  body: string;
}

/** The edge cache and the origin its synthetic keys live under (the worker's own). */
export interface EdgeCache {
  cache: Cache;
  origin: string;
}

/** The data centre's cache for this worker's host; undefined where the runtime has no Cache API. */
export function edgeCache(origin: string): EdgeCache | undefined {
  const cache = (globalThis as { caches?: { default?: Cache } }).caches?.default;
  return cache ? { cache, origin } : undefined;
}

/** The synthetic key an answer in `shape` is kept under (exported for the tests, which look into the cache). */
export async function viewCacheKey(origin: string, token: string, versions: ViewVersions, shape: OrderViewShape = "full"): Promise<string> {
  const key = `${origin}/__doorstep/order-view/${await sha256Base64Url(token)}/${VIEW_FORMAT}.${versions.order}.${versions.store}`;
  return shape === "full" ? key : `${key}/${shape}`;
}

/** Each shape's part of the whole view (domain/survey-view.ts, confirmation-view.ts, tracking-view.ts). */
const SHAPES: Record<OrderViewShape, (view: OrderView) => object> = {
  full: (view) => view,
  survey: surveyOrderView,
  confirmation: confirmationOrderView,
  tracking: trackingOrderView,
};

/**
 * The view of a read of D1, drawn at `now` in `shape`, with its tag and until when it holds (the whole
 * view's time: the survey's part changes no later than the whole does).
 */
export function drawView(data: OrderViewData, token: string, now: Date, shape: OrderViewShape = "full") {
  const input: OrderViewInput = {
    order: data.order,
    store: data.store,
    token,
    shipments: data.shipments,
    preference: data.preference,
    marketing: data.marketing,
    feedback: data.feedback,
    surveys: data.surveys,
    now,
  };
  const view = orderView(input);
  const until = viewHoldsUntil(input, view);
  return { view: SHAPES[shape](view), until, etag: viewTag(data.versions, until, shape) };
}

/**
 * The view at `versions` (the token's head): `read` when the request read it already (a first read
 * reads the whole view instead of the head), else from the edge cache while what is kept there still
 * holds, else read from D1 (one statement); kept for the next request (through `defer`, after the
 * answer). Null when the token stopped opening the order since the head was read.
 */
export async function orderViewAnswer(
  db: D1Database,
  edge: EdgeCache | undefined,
  q: { token: string; versions: ViewVersions; now: Date; read?: OrderViewData; shape?: OrderViewShape },
  defer: (work: Promise<unknown>) => void,
): Promise<ViewAnswer | null> {
  const now = q.now.getTime();
  const shape = q.shape ?? "full";
  if (edge && !q.read) {
    const kept = await edge.cache.match(await viewCacheKey(edge.origin, q.token, q.versions, shape)).catch(() => undefined);
    const etag = kept?.headers.get("ETag");
    if (kept && etag && tagHolds(etag, now)) return { etag, body: await kept.text() };
  }
  const data = q.read ?? (await readOrderView(db, q.token));
  if (!data) return null;
  // Tagged and kept under the versions this read saw (a write may have come between the head and the read).
  const { view, until, etag } = drawView(data, q.token, q.now, shape);
  const answer = { etag, body: JSON.stringify(view) };
  if (edge) defer(keep(edge, await viewCacheKey(edge.origin, q.token, data.versions, shape), answer, Math.ceil((until - now) / 1000)));
  return answer;
}

async function keep(edge: EdgeCache, key: string, answer: ViewAnswer, seconds: number) {
  if (seconds <= 0) return;
  const response = new Response(answer.body, {
    headers: {
      "Content-Type": "application/json; charset=UTF-8",
      ETag: answer.etag,
      // For the cache only (the shopper's answer is `private, no-cache`): gone when the view would change by itself.
      "Cache-Control": `max-age=${seconds}`,
    },
  });
  await edge.cache.put(key, response).catch((error: unknown) => {
    console.error("doorstep: keeping an order view in the edge cache failed", error);
  });
}
