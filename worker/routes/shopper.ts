import { Hono, type Context } from "hono";
import { sha256Base64Url } from "../crypto/hash.ts";
import { ORDER_TOKEN_PATTERN } from "../crypto/random.ts";
import { etagMatches } from "../domain/etag.ts";
import { admitEvents } from "../domain/event-admission.ts";
import { maskContact, orderView } from "../domain/order-view.ts";
import type { AppEnv } from "../http/app-env.ts";
import { allowAnyOriginForError, allowStoreOrigins, assertOriginAllowed, preflight } from "../http/cors.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { rateLimit } from "../http/rate-limit.ts";
import { DEFAULT_BODY_LIMIT, JSON_OR_TEXT, readJson, validate } from "../http/read-json.ts";
import { surveyEditable, surveySignal, EDIT_WINDOW_MS } from "../domain/survey-signal.ts";
import { deliverSoon } from "../outbound/deliver.ts";
import { eventBatch } from "../schemas/events.ts";
import { reviewsInput, surveyInput } from "../schemas/feedback.ts";
import { offersQuery, orderQuery } from "../schemas/offers.ts";
import { offersFor } from "../domain/offers/offers-for.ts";
import { getFeedback, saveReviews, saveSurvey } from "../storage/feedback.ts";
import { preferencesInput } from "../schemas/shipment.ts";
import { customerContact } from "../storage/lookup.ts";
import { getPreference, getShipmentsOfOrder, setPreference } from "../storage/shipments.ts";
import { getOrderAndStoreByToken, type OrderRecord } from "../storage/orders.ts";
import type { Store } from "../storage/stores.ts";
import { recordEvents } from "../storage/events.ts";
import { qrSvg } from "../domain/qr/svg.ts";
import { returnCodeUrl } from "../domain/status-url.ts";

/**
 * Loads the order behind a token. An unknown, revoked or malformed token gets one and the same 404,
 * readable cross-origin: it says nothing about any order, and lets the widget tell the shopper the
 * link is wrong instead of pretending the network failed.
 */
async function openOrder(c: Context<AppEnv>): Promise<{ order: OrderRecord; store: Store; token: string }> {
  const token = c.req.param("token") ?? "";
  const found = ORDER_TOKEN_PATTERN.test(token) ? await getOrderAndStoreByToken(c.env.DB, token) : null;
  if (!found) {
    allowAnyOriginForError(c);
    throw notFound("order_not_found", "We could not find this order. Check the link in your confirmation email.");
  }
  return { ...found, token };
}

async function originsForToken(c: Context<AppEnv>): Promise<string[]> {
  const token = c.req.param("token") ?? "";
  if (!ORDER_TOKEN_PATTERN.test(token)) return [];
  return (await getOrderAndStoreByToken(c.env.DB, token))?.store.origins ?? [];
}

/** An offer decision's write goes after the answer; a failure is logged, never the shopper's problem. */
const afterAnswer = (c: Context<AppEnv>) => (write: Promise<unknown>) =>
  c.executionCtx.waitUntil(write.catch((error: unknown) => console.error("doorstep: recording an offer decision failed", error)));

/** Shopper's browser → Doorstep, authorised by the order token in the path. */
export const shopperRoutes = new Hono<AppEnv>()
  .options("/:token", async (c) => preflight(c, await originsForToken(c)))
  .options("/:token/*", async (c) => preflight(c, await originsForToken(c)))
  .get("/:token", rateLimit("ip", "token"), async (c) => {
    const { order, store, token } = await openOrder(c);
    allowStoreOrigins(c, store.origins);
    const { offers: placement } = validate(orderQuery, c.req.query());
    const now = new Date();
    const [shipments, preference, feedback, offers] = await Promise.all([
      getShipmentsOfOrder(c.env.DB, store.id, order.id),
      getPreference(c.env.DB, store.id, order.id),
      getFeedback(c.env.DB, store.id, order.id),
      // Offers that cannot be worked out leave the order to be shown without them.
      placement ? offersFor(c.env.DB, { order, store, placement, now }, afterAnswer(c)).catch(() => undefined) : undefined,
    ]);
    const view = orderView({ order, store, token, shipments, preference, feedback, now });
    if (offers) {
      // Each answer with offers records its own decision: not one for a cache to keep or revalidate.
      c.header("Cache-Control", "private, no-store");
      return c.json({ ...view, offers });
    }
    const body = JSON.stringify(view);
    const etag = `W/"${(await sha256Base64Url(body)).slice(0, 27)}"`;
    // `no-cache` lets the browser keep a copy but revalidate each time: a reload costs a 304, not the order.
    c.header("Cache-Control", "private, no-cache");
    c.header("ETag", etag);
    if (etagMatches(c.req.header("if-none-match"), etag)) return c.body(null, 304);
    return c.body(body, 200, { "Content-Type": "application/json; charset=UTF-8" });
  })
  .post("/:token/events", rateLimit("ip", "token"), async (c) => {
    const { order, store } = await openOrder(c);
    allowStoreOrigins(c, store.origins);
    assertOriginAllowed(c, store.origins);
    const now = new Date();
    // Also as text/plain: the widget's posts need no CORS preflight (read-json.ts).
    const { valid, rejected } = admitEvents(await readJson(c, eventBatch, DEFAULT_BODY_LIMIT, JSON_OR_TEXT), now);
    const result = valid.length
      ? await recordEvents(c.env.DB, { storeId: store.id, orderId: order.id, customerId: order.customerId }, valid, now.toISOString())
      : { accepted: [], duplicates: [] };
    if (rejected.length) {
      // The valid events are already recorded; the 422 names exactly which ones were refused and why.
      throw new ApiError(422, "events_rejected", `${rejected.length} of the events were refused; the rest were recorded.`, {
        ...result,
        rejected,
      });
    }
    return c.json(result, 200);
  })
  .post("/:token/preferences", rateLimit("ip", "token"), async (c) => {
    const { order, store } = await openOrder(c);
    allowStoreOrigins(c, store.origins);
    assertOriginAllowed(c, store.origins);
    const input = await readJson(c, preferencesInput);
    // Without a contact the one on the order is meant: the shopper only taps "email me".
    const contact =
      input.channel === "none" ? undefined : (input.contact ?? (await customerContact(c.env.DB, store.id, order.customerId, input.channel)));
    if (input.channel !== "none" && !contact) {
      throw new ApiError(422, "contact_required", input.channel === "sms" ? "Enter a mobile number for text updates." : "Enter an email address for updates.", [
        { path: "contact", message: "is required: none is on file for this order" },
      ]);
    }
    await setPreference(c.env.DB, store.id, order.id, { channel: input.channel, contact }, new Date().toISOString());
    return c.json({ channel: input.channel, contactHint: maskContact(contact) });
  })
  .post("/:token/survey", rateLimit("ip", "token"), async (c) => {
    const { order, store } = await openOrder(c);
    allowStoreOrigins(c, store.origins);
    assertOriginAllowed(c, store.origins);
    const input = await readJson(c, surveyInput);
    const now = new Date();
    const { survey } = await getFeedback(c.env.DB, store.id, order.id);
    if (survey && !surveyEditable(survey.completedAt, now)) {
      throw new ApiError(409, "survey_closed", "Thanks, we already have your answers. They could be changed for 24 hours after you sent them.");
    }
    const steps = 1 + (input.standout ? 1 : 0) + (input.wants ? 1 : 0);
    const signal = surveySignal(input.rating, input.wants);
    const completedAt = survey?.completedAt ?? (input.wants ? now.toISOString() : undefined);
    await saveSurvey(
      c.env.DB,
      { storeId: store.id, orderId: order.id, customerId: order.customerId },
      input,
      signal,
      steps,
      input.wants ? completedAt : undefined,
      now.toISOString(),
    );
    deliverSoon(c.env, c.executionCtx);
    return c.json({
      stepsAnswered: Math.max(steps, survey?.stepsAnswered ?? 0),
      completed: !!completedAt && !!input.wants,
      editableUntil: completedAt ? new Date(Date.parse(completedAt) + EDIT_WINDOW_MS).toISOString() : undefined,
      sentiment: signal.sentiment,
      nextAction: signal.nextAction,
    });
  })
  .post("/:token/reviews", rateLimit("ip", "token"), async (c) => {
    const { order, store } = await openOrder(c);
    allowStoreOrigins(c, store.origins);
    assertOriginAllowed(c, store.origins);
    const input = await readJson(c, reviewsInput);
    const problems = input.flatMap((review, i) =>
      order.lines.some((line) => line.sku === review.sku) ? [] : [{ path: `${i}.sku`, message: "is not an item of this order" }],
    );
    if (problems.length) throw new ApiError(422, "invalid_values", "Some reviews are for items not in this order.", problems);
    await saveReviews(c.env.DB, { storeId: store.id, orderId: order.id, customerId: order.customerId }, input, new Date().toISOString());
    deliverSoon(c.env, c.executionCtx);
    return c.json({ reviews: (await getFeedback(c.env.DB, store.id, order.id)).reviews });
  })
  // The in-store return code: the order's status link as a QR code, for an <img> in the tracking view.
  .get("/:token/return-code.svg", rateLimit("ip", "token"), async (c) => {
    const { order, store, token } = await openOrder(c);
    const svg = qrSvg(returnCodeUrl(store.statusPageUrl, store.primaryOrigin, token), `${store.name} order ${order.id}`);
    return c.body(svg, 200, {
      "Content-Type": "image/svg+xml; charset=UTF-8",
      "Cache-Control": "private, max-age=86400",
      // Opened on its own, the image may run nothing and load nothing.
      "Content-Security-Policy": "default-src 'none'",
    });
  })
  .get("/:token/offers", rateLimit("ip", "token"), async (c) => {
    const { order, store } = await openOrder(c);
    allowStoreOrigins(c, store.origins);
    const { placement } = validate(offersQuery, c.req.query());
    const answer = await offersFor(c.env.DB, { order, store, placement, now: new Date() }, afterAnswer(c));
    c.header("Cache-Control", "private, no-store");
    return c.json(answer);
  });
