/**
 * Lifecycle moments, wired: the schedule recomputed when an order or its parcels change, and due
 * moments sent once as signed outbound webhooks (`moment.<kind>`, the same signing and retries as the
 * survey's events) by the Cron Trigger, or on demand for a backfill (POST /v1/admin/moments/run).
 *
 * From the cron to the merchant's endpoint: emitDueMoments reads what is due, each with the facts it is
 * decided on and its order's token (storage/lifecycle.ts), decides per moment (domain/lifecycle/
 * schedule.ts `suppression`), builds what the merchant's tool gets (momentData, with offers from
 * services/offers.ts for buying-again moments) and queues it with the moment's settlement in one
 * transaction; services/outbound-delivery.ts then signs and sends it.
 */
import { sha256Base64Url } from "../crypto/hash.ts";
import { feedbackWindow } from "../domain/feedback-window.ts";
import type { Arm } from "../../contract/vocabularies.ts";
import type { SentUnder } from "../domain/consent.ts";
import { promisedDeliveryWindow } from "../domain/delivery-window.ts";
import { decideMoment, parcelFacts, scheduleMoments } from "../domain/lifecycle/schedule.ts";
import { armOf } from "../domain/offers/holdout.ts";
import type { Store } from "../domain/records.ts";
import { statusUrl } from "../domain/status-url.ts";
import { dueMoments, orderScheduleFacts, saveSchedule, sendMoment, suppressMoment, type DueMoment } from "../storage/lifecycle.ts";
import { getOrder, orderIdsPlacedSince } from "../storage/orders.ts";
import { getShipmentsOfOrder, ordersOfTracking } from "../storage/shipments.ts";
import { getStore } from "../storage/stores.ts";
import { NOTICE_KINDS } from "../domain/delays/notices.ts";
import { parcelSnapshot } from "../storage/parcel-risk.ts";
import { sweepOrder } from "./delay-sweep.ts";
import { offersFor } from "./offers.ts";
import { deliverDue } from "./outbound-delivery.ts";

/** Recomputes one order's schedule (sent moments stay as they were), then sweeps it for delays. */
export async function refreshMoments(db: D1Database, store: Store, orderId: string, now = new Date()): Promise<void> {
  // Both reads at once; the parcels go on to the delay sweep, which would otherwise read them again.
  const [order, shipments] = await Promise.all([orderScheduleFacts(db, store.id, orderId), getShipmentsOfOrder(db, store.id, orderId)]);
  if (!order) return;
  const parcels = shipments.map(parcelFacts);
  const moments = scheduleMoments({
    placedAt: order.placedAt,
    lines: order.lines,
    parcels,
    feedbackOpensAt: feedbackWindow({
      placedAt: order.placedAt,
      families: order.lines.map((l) => l.family),
      deliveredAt: parcels.map((p) => p.deliveredAt),
      timing: store.feedback,
    }).opensAt,
    rules: store.offerRules,
    cancelledAt: order.cancelledAt,
  });
  await saveSchedule(db, store.id, orderId, order.customerId, moments, now.toISOString());
  // The same change may raise or settle a delay notice (a parcel moving again, out for delivery).
  await sweepOrder(db, store, orderId, now, shipments);
}

/** Recomputes the schedule of every order a parcel with this tracking number belongs to. */
export async function refreshMomentsForTracking(db: D1Database, store: Store, trackingNumber: string, now = new Date()): Promise<void> {
  for (const orderId of await ordersOfTracking(db, store.id, trackingNumber)) await refreshMoments(db, store, orderId, now);
}

/**
 * Sends every due moment once: suppressed (and recorded so) for erased customers, shoppers who chose
 * no updates, marketing without marketing consent, the holdout's marketing and moot reminders;
 * otherwise queued, with what it went out under, for each subscribed endpoint and the store's Klaviyo.
 * Safe to run concurrently with itself: see storage/lifecycle.ts settleStatement.
 */
export async function emitDueMoments(
  env: Env,
  options: { now?: Date; limit?: number; storeId?: string; only?: Pick<DueMoment, "orderId" | "kind" | "ref"> } = {},
): Promise<{ sent: number; suppressed: number }> {
  const now = options.now ?? new Date();
  const iso = now.toISOString();
  const due = await dueMoments(env.DB, iso, options.limit ?? 200, options.storeId, options.only);
  const stores = new Map<string, Store | null>();
  let sent = 0;
  let suppressed = 0;
  for (const m of due) {
    if (!stores.has(m.storeId)) stores.set(m.storeId, await getStore(env.DB, m.storeId));
    const store = stores.get(m.storeId);
    if (!store) continue;
    const arm = armOf(store.id, m.customerId, store.offerRules.holdoutShare);
    const decision = decideMoment(m, {
      arm,
      updates: m.channel,
      consents: m.consents,
      erased: m.erased,
      reorderedFamilies: new Set(m.reorderedFamilies),
    });
    if ("suppressed" in decision) {
      await suppressMoment(env.DB, m, decision.suppressed, iso);
      suppressed++;
      continue;
    }
    const eventId = `mom_${(await sha256Base64Url(`${m.storeId}|${m.orderId}|${m.kind}|${m.ref}`)).slice(0, 27)}`;
    const data = await momentData(env.DB, store, m, { arm, sentUnder: decision.send }, now);
    if (await sendMoment(env.DB, m, { id: eventId, type: `moment.${m.kind}`, data }, decision.send, iso)) sent++;
  }
  return { sent, suppressed };
}

/**
 * The cron's work on demand, for one store's backfill: recompute the schedules of the last `days` of
 * orders, send what is due (once: moments already sent stay sent), and deliver the webhooks now.
 */
export async function runMomentsNow(env: Env, store: Store, days: number, now = new Date()) {
  const orderIds = await orderIdsPlacedSince(env.DB, store.id, new Date(now.getTime() - days * 86_400_000).toISOString());
  for (const id of orderIds) await refreshMoments(env.DB, store, id, now);
  const moments = await emitDueMoments(env, { now, storeId: store.id, limit: 5000 });
  const deliveries = await deliverDue(env, { now, limit: 500, storeId: store.id });
  return { orders: orderIds.length, ...moments, deliveries };
}

/** A status link that tells the widget where the shopper came from (and what to open). */
const withParams = (url: string, params: Record<string, string>) =>
  `${url}${url.includes("?") ? "&" : "?"}${new URLSearchParams(params).toString()}`;

const BUYING_AGAIN = new Set(["loyalty", "reorder", "upsell", "replenishment"]);
const PARCEL_KINDS: ReadonlySet<string> = new Set(["shipped", "out_for_delivery", "delivered", "delayed", "exception", ...NOTICE_KINDS]);
const STARS = [1, 2, 3, 4, 5] as const;

/**
 * What the merchant's tools get (webhook endpoints and Klaviyo alike): enough to write the message
 * without calling back: the order and its items with a review link per item and per star, the parcel,
 * the delivery window, offers with their reasons, the holdout arm, and the consent it went out under.
 */
async function momentData(db: D1Database, store: Store, m: DueMoment, under: { arm: Arm; sentUnder: SentUnder }, now: Date) {
  // The due row carries the order's active token (its status link); without one there are no links.
  const { token } = m;
  const order = await getOrder(db, m.storeId, m.orderId);
  const offers =
    order && token && BUYING_AGAIN.has(m.kind)
      ? (await offersFor(db, { order, store, placement: "email", now }, (write) => write)).offers
      : undefined;
  const channel = under.sentUnder.channel;
  // A moment about one parcel says which, who carries it, its last scan and when it is expected now.
  const parcel = m.ref && PARCEL_KINDS.has(m.kind) ? await parcelSnapshot(db, m.storeId, m.ref) : undefined;
  const status = token ? statusUrl(store.statusPageUrl, store.primaryOrigin, token) : undefined;
  // The widget records the visit as this moment's click (ds_m); ds_review and ds_stars open that item's
  // review with the stars chosen, the way review tools let an email carry the stars.
  const reviewLink = (sku: string, stars?: number) =>
    status && withParams(status, { ds_m: m.kind, ds_review: sku, ...(stars ? { ds_stars: String(stars) } : {}) });
  const promised = order ? promisedDeliveryWindow(order.placedAt, store.shipping) : undefined;
  return {
    kind: m.kind,
    ref: m.ref || undefined,
    dueAt: m.dueAt,
    first: m.first,
    marketing: m.marketing,
    orderId: m.orderId,
    orderNumber: order?.number ?? m.orderId,
    placedAt: m.placedAt,
    customer: { id: m.customerId, email: m.email ?? undefined, phone: m.phone ?? undefined },
    // The channel it goes out by: the delivery-update choice (email unless the shopper chose
    // otherwise) for service moments, a channel with marketing consent for marketing.
    channel,
    contact: (m.channel === channel ? m.contact : null) ?? (channel === "sms" ? m.phone : m.email) ?? undefined,
    consentAt: m.consentAt ?? undefined,
    consent: {
      ...under.sentUnder,
      updates: { channel: m.channel ?? "email", at: m.consentAt ?? undefined },
      marketing: m.consents,
    },
    arm: under.arm,
    order: order && {
      number: order.number ?? order.id,
      currency: order.currency,
      total: order.total,
      locale: order.locale,
      items: order.lines.map((l) => ({
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        imageUrl: l.imageUrl,
        url: l.url,
        review: status ? { link: reviewLink(l.sku), stars: STARS.map((n) => reviewLink(l.sku, n)) } : undefined,
      })),
    },
    links: status ? { status: withParams(status, { ds_m: m.kind }) } : undefined,
    // When it is expected: the parcel's latest estimate, or for the order's confirmation the store's promise.
    deliveryWindow: parcel?.expectedBy
      ? { to: parcel.expectedBy }
      : m.kind === "order_confirmed" && promised
        ? { from: promised.from, to: promised.to, source: "store_promise" }
        : undefined,
    offers,
    parcel,
  };
}
