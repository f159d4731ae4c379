/**
 * `GET /v1/admin/orders/{orderId}`: one order as stored, for support staff and the dashboard's order
 * panel — its number and token, money, customer, cancellation, where it came from, and each parcel's
 * status as the shopper sees it. Support may type the number the shopper quotes ("#1071") instead of
 * the id.
 */
import { orderView } from "../domain/order-view.ts";
import { statusUrl } from "../domain/status-url.ts";
import { findOrders, getStoredOrder } from "../storage/admin-orders.ts";
import { getFeedback } from "../storage/feedback.ts";
import { registrationsOf } from "../storage/parcel-registrations.ts";
import { getShipmentsOfOrder } from "../storage/shipments.ts";
import type { Store } from "../domain/records.ts";

export async function describeOrder(db: D1Database, store: Store, idOrNumber: string, now = new Date()) {
  const order = await getStoredOrder(db, store.id, idOrNumber);
  if (!order) return null;
  const shipments = await getShipmentsOfOrder(db, store.id, order.id);
  const feedback = await getFeedback(db, store.id, order.id);
  const registrations = await registrationsOf(
    db,
    store.id,
    shipments.map((s) => s.id),
  );
  const view = orderView({
    order: { ...order, cancelledAt: order.cancelledAt ?? undefined },
    store,
    token: order.token ?? "",
    shipments,
    now,
  });
  return {
    id: order.id,
    number: order.number ?? order.id,
    orderToken: order.token,
    statusUrl: order.token ? statusUrl(store.statusPageUrl, store.primaryOrigin, order.token) : null,
    placedAt: order.placedAt,
    currency: order.currency,
    locale: order.locale ?? null,
    subtotal: order.subtotal,
    total: order.total,
    lines: order.lines,
    fees: order.fees,
    discounts: order.discounts,
    customer: order.customer,
    cancelledAt: order.cancelledAt,
    source: order.source ?? "api",
    shipments: view.shipments.map((s) => ({
      id: s.id,
      carrier: s.carrier.name,
      trackingNumber: s.carrier.trackingNumber,
      trackingUrl: s.carrier.url ?? null,
      status: s.status,
      delayed: s.delayed,
      // Its registration with each connected aggregator (issue 20): provider, status, attempts, lastError.
      registrations: registrations.get(s.id) ?? [],
    })),
    // What the shopper said (issue 26, the order panel): the survey and each review with its moderation.
    feedback: {
      survey: feedback.survey
        ? {
            rating: feedback.survey.rating,
            comment: feedback.survey.comment ?? null,
            sentiment: feedback.survey.sentiment,
            stepsAnswered: feedback.survey.stepsAnswered,
            completedAt: feedback.survey.completedAt ?? null,
            createdAt: feedback.survey.createdAt,
          }
        : null,
      reviews: feedback.reviews.map((r) => ({
        sku: r.sku,
        rating: r.rating,
        title: r.title ?? null,
        body: r.body ?? null,
        status: r.status,
        moderationReason: r.moderationReason ?? null,
      })),
    },
  };
}

/** At most this many orders answer one search (a customer's history, newest first). */
export const SEARCH_LIMIT = 20;

/** Orders by exact number or exact customer email, for support's order panel. */
export async function searchOrders(db: D1Database, storeId: string, by: { number: string } | { email: string }) {
  return { orders: await findOrders(db, storeId, by, SEARCH_LIMIT) };
}
