/** Reads behind the platforms' privacy topics: whom a request is about, and what Doorstep holds on them. */
import type { Platform } from "../domain/platforms/platform-order.ts";

/** The customer named, and the customers of the orders named, that this store knows. */
export async function customersOfOrders(
  db: D1Database,
  storeId: string,
  customerId: string | undefined,
  orderIds: string[],
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM customers WHERE store_id = ? AND (id = ? OR id IN (
         SELECT customer_id FROM orders WHERE store_id = ? AND id IN (SELECT value FROM json_each(?))))`,
    )
    .bind(storeId, customerId ?? null, storeId, JSON.stringify(orderIds))
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Customers of the platform's orders not erased yet, at most `limit`. */
export async function unerasedCustomersOf(db: D1Database, storeId: string, platform: Platform, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT c.id FROM customers c WHERE c.store_id = ? AND c.erased_at IS NULL
         AND EXISTS (SELECT 1 FROM orders o WHERE o.store_id = c.store_id AND o.customer_id = c.id AND o.source = ?)
       LIMIT ?`,
    )
    .bind(storeId, platform, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

export interface DataRequestRow {
  platform: string;
  id: string;
  customerId: string | null;
  orderIds: string[];
  requestedAt: string;
}

export async function dataRequests(db: D1Database, storeId: string, limit = 100): Promise<DataRequestRow[]> {
  const { results } = await db
    .prepare(
      `SELECT platform, id, customer_id, order_ids, requested_at FROM platform_data_requests WHERE store_id = ? ORDER BY requested_at DESC LIMIT ?`,
    )
    .bind(storeId, limit)
    .all<{ platform: string; id: string; customer_id: string | null; order_ids: string; requested_at: string }>();
  return results.map((r) => ({
    platform: r.platform,
    id: r.id,
    customerId: r.customer_id,
    orderIds: JSON.parse(r.order_ids) as string[],
    requestedAt: r.requested_at,
  }));
}

/**
 * Everything Doorstep holds about one customer and the orders named with them: contacts, orders with
 * their items, update preferences, survey answers and reviews (their own words included).
 */
export async function customerExport(db: D1Database, storeId: string, customerId: string | null, orderIds: string[]) {
  const ORDERS = `SELECT id FROM orders WHERE store_id = ?1 AND (customer_id = ?2 OR id IN (SELECT value FROM json_each(?3)))`;
  const bind = (sqlText: string) => db.prepare(sqlText).bind(storeId, customerId, JSON.stringify(orderIds));
  const [customers, orders, lines, preferences, surveys, reviews] = await db.batch([
    bind(
      `SELECT id, email, phone, erased_at AS erasedAt FROM customers WHERE store_id = ?1 AND (id = ?2 OR id IN (SELECT customer_id FROM orders WHERE store_id = ?1 AND id IN (${ORDERS})))`,
    ),
    bind(
      `SELECT id, number, placed_at AS placedAt, currency, total, cancelled_at AS cancelledAt FROM orders WHERE store_id = ?1 AND id IN (${ORDERS}) ORDER BY placed_at`,
    ),
    bind(
      `SELECT order_id AS orderId, sku, name, quantity, unit_price AS unitPrice FROM order_lines WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY order_id, position`,
    ),
    bind(
      `SELECT order_id AS orderId, channel, contact, consent_at AS consentAt FROM order_preferences WHERE store_id = ?1 AND order_id IN (${ORDERS})`,
    ),
    bind(
      `SELECT order_id AS orderId, rating, standout_choice AS standoutChoice, standout_text AS standoutText, wants, comment,
              callback_phone AS callbackPhone, callback_time AS callbackTime, created_at AS createdAt
       FROM survey_responses WHERE store_id = ?1 AND order_id IN (${ORDERS})`,
    ),
    bind(
      `SELECT order_id AS orderId, sku, rating, title, body, created_at AS createdAt FROM reviews WHERE store_id = ?1 AND order_id IN (${ORDERS})`,
    ),
  ]);
  const rows = (result: D1Result | undefined) => (result?.results ?? []) as Record<string, unknown>[];
  return {
    customers: rows(customers),
    orders: rows(orders).map((o) => ({
      ...o,
      lines: rows(lines)
        .filter((l) => l.orderId === o.id)
        .map(({ orderId: _o, ...l }) => l),
    })),
    updatePreferences: rows(preferences),
    surveyResponses: rows(surveys),
    reviews: rows(reviews),
  };
}
