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
import { parcelFacts, scheduleMoments, suppression } from "../domain/lifecycle/schedule.ts";
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
  const order = await orderScheduleFacts(db, store.id, orderId);
  if (!order) return;
  const parcels = (await getShipmentsOfOrder(db, store.id, orderId)).map(parcelFacts);
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
  await sweepOrder(db, store, orderId, now);
}

/** Recomputes the schedule of every order a parcel with this tracking number belongs to. */
export async function refreshMomentsForTracking(db: D1Database, store: Store, trackingNumber: string, now = new Date()): Promise<void> {
  for (const orderId of await ordersOfTracking(db, store.id, trackingNumber)) await refreshMoments(db, store, orderId, now);
}

/**
 * Sends every due moment once: suppressed (and recorded so) for the holdout's marketing, opted-out
 * and erased customers and moot reminders, otherwise queued as a signed webhook to each subscribed
 * endpoint. Safe to run concurrently with itself: see storage/lifecycle.ts settleStatement.
 */
export async function emitDueMoments(
  env: Env,
  options: { now?: Date; limit?: number; storeId?: string } = {},
): Promise<{ sent: number; suppressed: number }> {
  const now = options.now ?? new Date();
  const iso = now.toISOString();
  const due = await dueMoments(env.DB, iso, options.limit ?? 200, options.storeId);
  const stores = new Map<string, Store | null>();
  let sent = 0;
  let suppressed = 0;
  for (const m of due) {
    if (!stores.has(m.storeId)) stores.set(m.storeId, await getStore(env.DB, m.storeId));
    const store = stores.get(m.storeId);
    if (!store) continue;
    const reason = suppression(m, {
      arm: armOf(store.id, m.customerId, store.offerRules.holdoutShare),
      channel: m.channel ?? undefined,
      erased: m.erased,
      reorderedFamilies: new Set(m.reorderedFamilies),
    });
    if (reason) {
      await suppressMoment(env.DB, m, reason, iso);
      suppressed++;
      continue;
    }
    const eventId = `mom_${(await sha256Base64Url(`${m.storeId}|${m.orderId}|${m.kind}|${m.ref}`)).slice(0, 27)}`;
    const data = await momentData(env.DB, store, m, now);
    if (await sendMoment(env.DB, m, { id: eventId, type: `moment.${m.kind}`, data }, iso)) sent++;
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

const withMoment = (url: string, kind: string) => `${url}${url.includes("?") ? "&" : "?"}ds_m=${kind}`;

const BUYING_AGAIN = new Set(["loyalty", "reorder", "upsell", "replenishment"]);

/** What the merchant's tool gets: enough to write the message without calling back. */
async function momentData(db: D1Database, store: Store, m: DueMoment, now: Date) {
  // The due row carries the order's active token (its status link). A buying-again moment of an order
  // that still has one also carries offers, ranked for the order with the store we already hold.
  const { token } = m;
  const order = token && BUYING_AGAIN.has(m.kind) ? await getOrder(db, m.storeId, m.orderId) : null;
  const offers = order ? (await offersFor(db, { order, store, placement: "email", now }, (write) => write)).offers : undefined;
  const channel = m.channel ?? "email";
  // A delay notice about one parcel says which, who carries it, its last scan and when it is expected now.
  const parcel = m.ref && (NOTICE_KINDS as readonly string[]).includes(m.kind) ? await parcelSnapshot(db, m.storeId, m.ref) : undefined;
  return {
    kind: m.kind,
    ref: m.ref || undefined,
    dueAt: m.dueAt,
    first: m.first,
    marketing: m.marketing,
    orderId: m.orderId,
    placedAt: m.placedAt,
    customer: { id: m.customerId, email: m.email ?? undefined, phone: m.phone ?? undefined },
    // How the shopper asked to hear about this order (email unless they chose otherwise), and when.
    channel,
    contact: m.contact ?? (channel === "sms" ? m.phone : m.email) ?? undefined,
    consentAt: m.consentAt ?? undefined,
    // The widget records the visit as this moment's click (ds_m), which the dashboard counts with the orders that follow.
    links: token ? { status: withMoment(statusUrl(store.statusPageUrl, store.primaryOrigin, token), m.kind) } : undefined,
    offers,
    parcel,
  };
}
