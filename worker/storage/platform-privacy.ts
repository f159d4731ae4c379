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
