/**
 * Lifecycle moments, wired: the schedule recomputed when an order or its parcels change, and due
 * moments sent once as signed outbound webhooks (`moment.<kind>`, the same signing and retries as the
 * survey's events) by the Cron Trigger, or on demand for a backfill (POST /v1/admin/moments/run).
 */
import { sha256Base64Url } from "../crypto/hash.ts";
import { feedbackWindow } from "../domain/feedback-window.ts";
import { scheduleMoments, suppression, type ParcelFacts } from "../domain/lifecycle/schedule.ts";
import { armOf } from "../domain/offers/holdout.ts";
import { offersFor } from "../domain/offers/offers-for.ts";
import { statusUrl } from "../domain/status-url.ts";
import { dueMoments, scheduleStatements, settleStatement, type DueMoment } from "../storage/lifecycle.ts";
import { getOrderAndStoreByToken } from "../storage/orders.ts";
import { outboundEventStatements } from "../storage/outbound.ts";
import { getShipmentsOfOrder, type ShipmentRecord } from "../storage/shipments.ts";
import { runBatch } from "../storage/statement.ts";
import { sweepOrder } from "../services/delay-sweep.ts";
import { NOTICE_KINDS } from "../domain/delays/notices.ts";
import { parcelSnapshot } from "../storage/parcel-risk.ts";
import { getStore, type Store } from "../storage/stores.ts";

/** When a parcel first reached each milestone, from its carrier updates. */
export function parcelFacts(s: ShipmentRecord): ParcelFacts {
  const sorted = [...s.updates].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const first = (test: (u: (typeof sorted)[number]) => boolean) => sorted.find(test)?.occurredAt;
  const deliveredAt = first((u) => u.status === "delivered");
  return {
    id: s.id,
    skus: s.lines.map((l) => l.sku),
    shippedAt: first((u) => u.status === "in_transit" || u.status === "out_for_delivery" || u.status === "delivered"),
    outForDeliveryAt: first((u) => u.status === "out_for_delivery"),
    deliveredAt,
    delayedAt: first((u) => u.carrierDelay),
    exceptionAt: first((u) => u.status === "exception"),
    // A return scan after delivery is the parcel going back (shipment-state.ts reads it the same way).
    returnedAt: deliveredAt ? sorted.findLast((u) => u.status === "returned" && u.occurredAt >= deliveredAt)?.occurredAt : undefined,
  };
}

/** Recomputes one order's schedule (sent moments stay as they were), then sweeps it for delays. */
export async function refreshMoments(db: D1Database, store: Store, orderId: string, now = new Date()): Promise<void> {
  const [orders, lines] = await db.batch([
    db.prepare(`SELECT customer_id, placed_at, cancelled_at FROM orders WHERE store_id = ? AND id = ?`).bind(store.id, orderId),
    db.prepare(`SELECT sku, family FROM order_lines WHERE store_id = ? AND order_id = ? ORDER BY position`).bind(store.id, orderId),
  ]);
  const order = orders?.results[0] as { customer_id: string; placed_at: string; cancelled_at: string | null } | undefined;
  if (!order) return;
  const lineRows = (lines?.results ?? []) as { sku: string; family: string | null }[];
  const parcels = (await getShipmentsOfOrder(db, store.id, orderId)).map(parcelFacts);
  const moments = scheduleMoments({
    placedAt: order.placed_at,
    lines: lineRows.map((l) => ({ sku: l.sku, family: l.family ?? undefined })),
    parcels,
    feedbackOpensAt: feedbackWindow({
      placedAt: order.placed_at,
      families: lineRows.map((l) => l.family ?? undefined),
      deliveredAt: parcels.map((p) => p.deliveredAt),
      timing: store.feedback,
    }).opensAt,
    rules: store.offerRules,
    cancelledAt: order.cancelled_at ?? undefined,
  });
  await runBatch(db, scheduleStatements(store.id, orderId, order.customer_id, moments, now.toISOString()));
  // The same change may raise or settle a delay notice (a parcel moving again, out for delivery).
  await sweepOrder(db, store, orderId, now);
}

/** Recomputes the schedule of every order a parcel with this tracking number belongs to. */
export async function refreshMomentsForTracking(db: D1Database, store: Store, trackingNumber: string, now = new Date()): Promise<void> {
  // No DISTINCT in SQL: with it, SQLite (without statistics) walks the store's whole order index to
  // avoid a sort, instead of the tracking-number index. A parcel has a handful of rows; dedupe here.
  const { results } = await db
    .prepare(`SELECT order_id FROM shipments WHERE store_id = ? AND tracking_number = ?`)
    .bind(store.id, trackingNumber)
    .all<{ order_id: string }>();
  for (const orderId of new Set(results.map((r) => r.order_id))) await refreshMoments(db, store, orderId, now);
}

const withMoment = (url: string, kind: string) => `${url}${url.includes("?") ? "&" : "?"}ds_m=${kind}`;

const BUYING_AGAIN = new Set(["loyalty", "reorder", "upsell", "replenishment"]);

/** What the merchant's tool gets: enough to write the message without calling back. */
async function momentData(db: D1Database, store: Store, m: DueMoment, now: Date) {
  const token = await db
    .prepare(`SELECT token FROM order_tokens WHERE store_id = ? AND order_id = ? AND revoked_at IS NULL`)
    .bind(m.storeId, m.orderId)
    .first<{ token: string }>();
  let offers: unknown[] | undefined;
  if (BUYING_AGAIN.has(m.kind) && token) {
    const found = await getOrderAndStoreByToken(db, token.token);
    if (found) {
      const answer = await offersFor(db, { order: found.order, store, placement: "email", now }, (write) => write);
      offers = answer.offers;
    }
  }
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
    links: token ? { status: withMoment(statusUrl(store.statusPageUrl, store.primaryOrigin, token.token), m.kind) } : undefined,
    offers,
    parcel,
  };
}

/**
 * Sends every due moment once: suppressed (and recorded so) for the holdout's marketing, opted-out
 * and erased customers and moot reminders, otherwise queued as a signed webhook to each subscribed
 * endpoint. Safe to run concurrently with itself: see settleStatement.
 */
export async function emitDueMoments(env: Env, options: { now?: Date; limit?: number; storeId?: string } = {}): Promise<{ sent: number; suppressed: number }> {
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
      await runBatch(env.DB, [settleStatement(m, { status: "suppressed", reason }, iso)]);
      suppressed++;
      continue;
    }
    const eventId = `mom_${(await sha256Base64Url(`${m.storeId}|${m.orderId}|${m.kind}|${m.ref}`)).slice(0, 27)}`;
    const data = await momentData(env.DB, store, m, now);
    const [claim] = await runBatch(env.DB, [
      settleStatement(m, { status: "sent", eventId }, iso),
      // Queued only if this very run settled the moment (the claim above) — never for a withdrawn one.
      ...outboundEventStatements(m.storeId, { id: eventId, type: `moment.${m.kind}`, data }, iso, {
        sql: `EXISTS (SELECT 1 FROM lifecycle_moments WHERE store_id = ? AND order_id = ? AND kind = ? AND ref = ? AND event_id = ? AND decided_at = ?)`,
        params: [m.storeId, m.orderId, m.kind, m.ref, eventId, iso],
      }),
    ]);
    if (claim?.meta.changes) sent++;
  }
  return { sent, suppressed };
}
