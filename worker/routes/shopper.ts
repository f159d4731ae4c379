import type { Context } from "hono";
import { ORDER_TOKEN_PATTERN } from "../crypto/random.ts";
import { etagMatches } from "../domain/etag.ts";
import { maskContact } from "../domain/order-view.ts";
import type { OrderViewShape } from "../domain/survey-view.ts";
import { heldTag } from "../domain/view-tag.ts";
import { qrSvg } from "../domain/qr/svg.ts";
import { returnCodeUrl } from "../domain/status-url.ts";
import type { Placement } from "../../contract/vocabularies.ts";
import type { AppEnv } from "../http/app-env.ts";
import { preflight } from "../http/cors.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { readBody, readQuery, type Route } from "../http/declared.ts";
import {
  shopperOrder,
  shopperOrderHead,
  shopperOrderOwner,
  type ShopperEnv,
  type ShopperOwnerEnv,
  type ShopperViewEnv,
} from "../http/shopper-order.ts";
import { declaration } from "../openapi/operations.ts";
import { readJson } from "../http/read-json.ts";
import { admitEvents } from "../schemas/event-admission.ts";
import { eventBatch } from "../schemas/events.ts";
import { offerThumbnails } from "../domain/thumbnails.ts";
import { offersFor } from "../services/offers.ts";
import { drawView, edgeCache, orderViewAnswer } from "../services/order-view.ts";
import { deliverSoon } from "../services/outbound-delivery.ts";
import { enqueueEvents } from "../services/event-queue.ts";
import { getFeedback } from "../storage/feedback.ts";
import { saveShopperReviews } from "../services/reviews.ts";
import { customerContact } from "../storage/lookup.ts";
import { originsByToken } from "../storage/orders.ts";
import { readOrderView } from "../storage/order-view.ts";
import { saveShopperChoice } from "../services/consent.ts";
import { answerSurvey, answerSurveySteps } from "../services/survey-answers.ts";

/** A preflight costs one indexed read: the origins of the token's store, nothing of the order. */
export async function tokenPreflight(c: Context<AppEnv>) {
  const token = c.req.param("token") ?? "";
  return preflight(c, ORDER_TOKEN_PATTERN.test(token) ? await originsByToken(c.env.DB, token) : []);
}

const reads = shopperOrder("read");
const writes = shopperOrder("write");

type Shopper = Context<ShopperEnv>;

/** An offer decision's write goes after the answer; a failure is logged, never the shopper's problem. */
const afterAnswer = (c: { executionCtx: { waitUntil(work: Promise<unknown>): void } }) => (write: Promise<unknown>) =>
  c.executionCtx.waitUntil(write.catch((error: unknown) => console.error("doorstep: recording an offer decision failed", error)));

/**
 * The order, as the confirmation and tracking views show it, with a weak ETag; with `?offers=<placement>`
 * that placement's offers in the same answer (then no ETag: each such answer records its own decision);
 * with `?view=survey` only what the survey view reads (domain/survey-view.ts), with a tag of its own.
 * A refresh's head (one statement, the middleware) answers it 304 while its tag holds; otherwise the view
 * comes from the edge cache or one read of D1 (services/order-view.ts). Any other read has the view
 * from the middleware's one statement already.
 */
async function getOrder(c: Context<ShopperViewEnv>) {
  const { head, token, view } = c.var;
  const { offers: placement, view: shape = "full" } = readQuery(c, declaration("getOrder"));
  const now = new Date();
  if (placement) return orderWithOffers(c, placement, now, shape);
  // `no-cache` lets the browser keep a copy but revalidate each time: a reload costs a 304, not the order.
  c.header("Cache-Control", "private, no-cache");
  const held = heldTag(c.req.header("if-none-match"), head.versions, now.getTime(), shape);
  if (held) {
    c.header("ETag", held);
    return c.body(null, 304);
  }
  const answer = await orderViewAnswer(
    c.env.DB,
    edgeCache(new URL(c.req.url).origin),
    { token, versions: head.versions, now, read: view, shape },
    (work) => c.executionCtx.waitUntil(work),
  );
  if (!answer) throw orderGone();
  return tagged(c, answer);
}

const orderGone = () => notFound("order_not_found", "We could not find this order. Check the link in your confirmation email.");

/** The view with its ETag, or 304 when If-None-Match names it. */
function tagged(c: Context<ShopperViewEnv>, answer: { etag: string; body: string }) {
  c.header("Cache-Control", "private, no-cache");
  c.header("ETag", answer.etag);
  if (etagMatches(c.req.header("if-none-match"), answer.etag)) return c.body(null, 304);
  return c.body(answer.body, 200, { "Content-Type": "application/json; charset=UTF-8" });
}

/**
 * The view with a placement's offers: read whole from D1 by the middleware with what the offers are
 * ranked from (one statement), never kept or revalidated; then their decision (one, after the answer).
 */
async function orderWithOffers(c: Context<ShopperViewEnv>, placement: Placement, now: Date, shape: OrderViewShape) {
  const data = c.var.view ?? (await readOrderView(c.env.DB, c.var.token));
  if (!data) throw orderGone();
  const { order, store } = data;
  // Offers that cannot be worked out leave the order to be shown without them, as a plain read.
  const offers = await offersFor(c.env.DB, { order, store, placement, now, facts: c.var.facts }, afterAnswer(c)).catch(() => undefined);
  const { view, etag } = drawView(data, c.var.token, now, shape);
  if (!offers) return tagged(c, { etag, body: JSON.stringify(view) });
  // Each answer with offers records its own decision: not one for a cache to keep or revalidate.
  c.header("Cache-Control", "private, no-store");
  return c.json({ ...view, offers: offerThumbnails(offers) });
}

async function recordEventsOf(c: Context<ShopperOwnerEnv>) {
  const { storeId, orderId, customerId } = c.var.head;
  const now = new Date();
  // Also as text/plain (the declaration's media types): the widget's posts need no CORS preflight. The
  // declared schema is the per-event one (for the document); the batch is judged event by event.
  const declared = declaration("recordEvents").body;
  const { valid, rejected } = admitEvents(await readJson(c, eventBatch, declared.maxBytes, declared.mediaTypes), now);
  // Enqueued, not yet written (services/event-queue.ts writes them exactly once, moments later): every
  // admitted id is accepted, and whether one was recorded before is no longer known when answering.
  await enqueueEvents(c.env.EVENTS_QUEUE, { storeId, orderId, customerId }, valid, now.toISOString());
  const result = { accepted: valid.map((e) => e.id), duplicates: [], queued: true as const };
  if (rejected.length) {
    // The valid events are already enqueued; the 422 names exactly which ones were refused and why.
    throw new ApiError(422, "events_rejected", `${rejected.length} of the events were refused; the rest were accepted.`, {
      ...result,
      rejected,
    });
  }
  return c.json(result, 202);
}

async function setUpdatePreference(c: Shopper) {
  const { order, store } = c.var;
  const input = await readBody(c, declaration("setUpdatePreference"));
  // Without a contact the one on the order is meant: the shopper only taps "email me".
  const contact =
    input.channel === "none" ? undefined : (input.contact ?? (await customerContact(c.env.DB, store.id, order.customerId, input.channel)));
  if (input.channel !== "none" && !contact) {
    throw new ApiError(
      422,
      "contact_required",
      input.channel === "sms" ? "Enter a mobile number for text updates." : "Enter an email address for updates.",
      [{ path: "contact", message: "is required: none is on file for this order" }],
    );
  }
  const marketing = await saveShopperChoice(
    c.env.DB,
    { storeId: store.id, orderId: order.id, customerId: order.customerId },
    { channel: input.channel, contact, marketing: input.marketing },
    new Date().toISOString(),
  );
  return c.json({ channel: input.channel, contactHint: maskContact(contact), marketing });
}

async function saveSurveyOf(c: Shopper) {
  const { order, store } = c.var;
  const body = await readBody(c, declaration("saveSurvey"));
  const owner = { storeId: store.id, orderId: order.id, customerId: order.customerId };
  // The per-question form (issue 25), or the built-in survey's step-wise body.
  const outcome =
    "placement" in body
      ? await answerSurvey(c.env.DB, owner, body, new Date())
      : await answerSurveySteps(c.env.DB, owner, body, new Date());
  switch (outcome.kind) {
    case "saved":
      deliverSoon(c.env, c.executionCtx, store.id);
      return c.json(outcome.saved);
    case "unknown_version":
      throw notFound("survey_version_not_found", "This survey has no such version. Reload the page to see the current one.");
    case "not_asked":
      throw new ApiError(409, "survey_not_asked", "This survey is not asked on this order.");
    case "closed":
      throw new ApiError(
        409,
        "survey_closed",
        "Thanks, we already have your answers. They could be changed for 24 hours after you sent them.",
      );
    case "unknown_question":
      throw new ApiError(400, "unknown_question", "This survey has no question by this id.", [
        { path: "questionId", message: "is not a question of this survey" },
      ]);
    case "invalid_answer":
      throw new ApiError(400, "invalid_answer", `This answer does not fit the question: it ${outcome.message}.`, [
        { path: "value", message: outcome.message },
      ]);
  }
}

async function saveReviewsOf(c: Shopper) {
  const { order, store } = c.var;
  const input = await readBody(c, declaration("saveReviews"));
  const problems = input.flatMap((review, i) =>
    order.lines.some((line) => line.sku === review.sku) ? [] : [{ path: `${i}.sku`, message: "is not an item of this order" }],
  );
  if (problems.length) throw new ApiError(422, "invalid_values", "Some reviews are for items not in this order.", problems);
  // Published as written unless the words break a stated policy (then queued with the reason); never by rating.
  await saveShopperReviews(
    c.env.DB,
    { storeId: store.id, orderId: order.id, customerId: order.customerId },
    input,
    new Date().toISOString(),
  );
  deliverSoon(c.env, c.executionCtx, store.id);
  return c.json({ reviews: (await getFeedback(c.env.DB, store.id, order.id)).reviews });
}

/** The in-store return code: the order's status link as a QR code, for an <img> in the tracking view. */
async function returnCode(c: Shopper) {
  const { order, store, token } = c.var;
  const svg = qrSvg(returnCodeUrl(store.statusPageUrl, store.primaryOrigin, token), `${store.name} order ${order.id}`);
  return c.body(svg, 200, {
    "Content-Type": "image/svg+xml; charset=UTF-8",
    "Cache-Control": "private, max-age=86400",
    // Opened on its own, the image may run nothing and load nothing.
    "Content-Security-Policy": "default-src 'none'",
  });
}

async function offers(c: Shopper) {
  const { order, store } = c.var;
  const { placement } = readQuery(c, declaration("getOffers"));
  const answer = await offersFor(c.env.DB, { order, store, placement, now: new Date() }, afterAnswer(c));
  c.header("Cache-Control", "private, no-store");
  return c.json(offerThumbnails(answer));
}

/**
 * Shopper's browser → Doorstep, authorised by the order token in the path. Each route's preamble (rate
 * limits, the order on `c.var`, the origin policy) is http/shopper-order.ts.
 */
export const shopperRoutes: Route[] = [
  ["getOrder", shopperOrderHead(), getOrder],
  ["recordEvents", shopperOrderOwner(), recordEventsOf],
  ["setUpdatePreference", writes, setUpdatePreference],
  ["saveSurvey", writes, saveSurveyOf],
  ["saveReviews", writes, saveReviewsOf],
  ["getReturnCode", shopperOrder("image"), returnCode],
  ["getOffers", reads, offers],
];
