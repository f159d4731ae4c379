/** One order as stored, by the merchant's (or platform's) order id, for support and the dashboard. */
import type { OrderFound } from "../../contract/self-service.ts";
import type { OrderRecord } from "../domain/records.ts";

export interface StoredOrder extends Omit<OrderRecord, "cancelledAt"> {
  token: string | null;
  source: string | null;
  cancelledAt: string | null;
  customer: { id: string; email: string | null; phone: string | null; erased: boolean };
}

/**
 * The order, its lines, adjustments, customer and active token; null if unknown. Found by its id, else
 * by the number shoppers and support know it by (a platform's "#1071", with or without the "#").
 */
export async function getStoredOrder(db: D1Database, storeId: string, idOrNumber: string): Promise<StoredOrder | null> {
  const number = idOrNumber.replace(/^#/, "");
  const found = await db
    .prepare(`SELECT id FROM orders WHERE store_id = ? AND (id = ? OR number IN (?, '#' || ?)) ORDER BY id = ? DESC LIMIT 1`)
    .bind(storeId, idOrNumber, number, number, idOrNumber)
    .first<{ id: string }>();
  if (!found) return null;
  const bind = (sqlText: string) => db.prepare(sqlText).bind(storeId, found.id);
  const [orders, lines, adjustments] = await db.batch([
    bind(
      `SELECT o.id, o.number, o.source, o.customer_id, o.placed_at, o.currency, o.locale, o.subtotal, o.total, o.cancelled_at,
              c.email, c.phone, c.erased_at, t.token
       FROM orders o
       LEFT JOIN customers c ON c.store_id = o.store_id AND c.id = o.customer_id
       LEFT JOIN order_tokens t ON t.store_id = o.store_id AND t.order_id = o.id AND t.revoked_at IS NULL
       WHERE o.store_id = ? AND o.id = ?`,
    ),
    bind(
      `SELECT sku, name, family, quantity, unit_price, image_url, url FROM order_lines WHERE store_id = ? AND order_id = ? ORDER BY position`,
    ),
    bind(`SELECT kind, label, amount FROM order_adjustments WHERE store_id = ? AND order_id = ? ORDER BY kind, position`),
  ]);
  const o = orders?.results[0] as Record<string, string | number | null> | undefined;
  if (!o) return null;
  const adjustmentRows = (adjustments?.results ?? []) as { kind: string; label: string; amount: number }[];
  const pick = (kind: string) => adjustmentRows.filter((a) => a.kind === kind).map(({ label, amount }) => ({ label, amount }));
  return {
    storeId,
    id: String(o.id),
    number: (o.number as string | null) ?? undefined,
    customerId: String(o.customer_id),
    placedAt: String(o.placed_at),
    currency: String(o.currency),
    locale: (o.locale as string | null) ?? undefined,
    subtotal: Number(o.subtotal),
    total: Number(o.total),
    lines: ((lines?.results ?? []) as Record<string, string | number | null>[]).map((l) => ({
      sku: String(l.sku),
      name: String(l.name),
      family: (l.family as string | null) ?? undefined,
      quantity: Number(l.quantity),
      unitPrice: Number(l.unit_price),
      imageUrl: (l.image_url as string | null) ?? undefined,
      url: (l.url as string | null) ?? undefined,
    })),
    fees: pick("fee"),
    discounts: pick("discount"),
    token: (o.token as string | null) ?? null,
    source: (o.source as string | null) ?? null,
    cancelledAt: (o.cancelled_at as string | null) ?? null,
    customer: {
      id: String(o.customer_id),
      email: (o.email as string | null) ?? null,
      phone: (o.phone as string | null) ?? null,
      erased: o.erased_at !== null,
    },
  };
}

/**
 * Orders whose number (or id) is exactly `number`, or whose customer's email is exactly `email` (case
 * aside, as the shopper's own lookup matches it; customers_by_email). Exact matches only: nothing here
 * lists a store's customers by a prefix.
 */
export async function findOrders(
  db: D1Database,
  storeId: string,
  by: { number: string } | { email: string },
  limit: number,
): Promise<OrderFound[]> {
  const where =
    "number" in by
      ? `o.store_id = ?1 AND (o.id = ?2 OR o.number IN (?2, '#' || ?2, ?3))`
      : `o.store_id = ?1 AND o.customer_id IN (SELECT id FROM customers WHERE store_id = ?1 AND lower(email) = lower(?2))`;
  const value = "number" in by ? by.number : by.email;
  const { results } = await db
    .prepare(
      `SELECT o.id, coalesce(o.number, o.id) AS number, o.placed_at, o.currency, o.total, o.cancelled_at, o.customer_id, c.email,
              (SELECT count(*) FROM shipments s WHERE s.store_id = o.store_id AND s.order_id = o.id) AS parcels
       FROM orders o LEFT JOIN customers c ON c.store_id = o.store_id AND c.id = o.customer_id
       WHERE ${where}
       ORDER BY o.placed_at DESC, o.id LIMIT ?4`,
    )
    .bind(storeId, value, value.replace(/^#/, ""), limit)
    .all<Record<string, string | number | null>>();
  return results.map((r) => ({
    id: String(r.id),
    number: String(r.number),
    placedAt: String(r.placed_at),
    currency: String(r.currency),
    total: Number(r.total),
    cancelledAt: (r.cancelled_at as string | null) ?? null,
    customerId: String(r.customer_id),
    email: (r.email as string | null) ?? null,
    parcels: Number(r.parcels),
  }));
}
