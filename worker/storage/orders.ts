import { orderArithmetic, type OrderInput } from "../schemas/order.ts";
import type { CheckoutFeel } from "../../contract/vocabularies.ts";
import { consentNews, marketingConsentStatements } from "./consent.ts";
import { newOrderFactsStatements } from "./offers.ts";
import type { OrderRecord } from "../domain/records.ts";
import { prepare, runBatch, sql, type Statement } from "./statement.ts";
import { orderViewChanged, RAISE } from "./view-versions.ts";

/** One row if the store has this order (upsertOrder; the demo history, to write its history once). */
export const orderExistsStatement = (storeId: string, orderId: string): Statement =>
  sql(`SELECT 1 FROM orders WHERE store_id = ? AND id = ?`, storeId, orderId);

/**
 * Creates or replaces an order (the merchant's id is the key) with its customer, lines and adjustments,
 * and makes sure it has exactly one active token. One D1 batch, so one transaction: a retry after a
 * timeout either sees the whole order or none of it, and concurrent retries cannot mint two tokens.
 */
export async function upsertOrder(
  db: D1Database,
  storeId: string,
  input: OrderInput,
  candidateToken: string,
  now: string,
  attributionDays = 7,
): Promise<{ token: string; created: boolean }> {
  const existed = await prepare(db, orderExistsStatement(storeId, input.id)).first();
  const statements = orderUpsertStatements(storeId, input, candidateToken, now, { isNew: !existed, attributionDays });
  statements.push(sql(`SELECT token FROM order_tokens WHERE store_id = ? AND order_id = ? AND revoked_at IS NULL`, storeId, input.id));
  const results = await runBatch(db, statements);
  const token = (results.at(-1)?.results[0] as { token: string } | undefined)?.token;
  if (!token) throw new Error("order token missing after upsert");
  return { token, created: !existed };
}

/**
 * The statements `upsertOrder` runs as one batch (without reading the token back): the customer, the
 * order, its lines and adjustments, the token if it has none, and, for an order new to the store, the
 * facts offers are ranked from. Also used by the demo's history generator, which writes local D1 directly.
 */
export function orderUpsertStatements(
  storeId: string,
  input: OrderInput,
  candidateToken: string,
  now: string,
  { isNew, attributionDays = 7 }: { isNew: boolean; attributionDays?: number },
): Statement[] {
  const { subtotal, total } = orderArithmetic(input);
  const key = [storeId, input.id] as const;
  const statements: Statement[] = [
    // An erased customer stays erased: contacts sent again with an order for that id (a merchant
    // re-sending the order to cancel it, say) are not kept. Nothing is sent to them anyway (erasure.ts).
    sql(
      `INSERT INTO customers (store_id, id, email, phone, first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, id) DO UPDATE SET
         email = CASE WHEN erased_at IS NULL THEN coalesce(excluded.email, email) END,
         phone = CASE WHEN erased_at IS NULL THEN coalesce(excluded.phone, phone) END,
         first_name = CASE WHEN erased_at IS NULL THEN coalesce(excluded.first_name, first_name) END,
         last_name = CASE WHEN erased_at IS NULL THEN coalesce(excluded.last_name, last_name) END,
         updated_at = excluded.updated_at`,
      storeId,
      input.customer.id,
      input.customer.email ?? null,
      input.customer.phone ?? null,
      input.customer.firstName ?? null,
      input.customer.lastName ?? null,
      now,
      now,
    ),
    sql(
      `INSERT INTO orders (store_id, id, customer_id, placed_at, currency, locale, subtotal, total, cancelled_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, id) DO UPDATE SET
         customer_id = excluded.customer_id, placed_at = excluded.placed_at, currency = excluded.currency,
         locale = excluded.locale, subtotal = excluded.subtotal, total = excluded.total, cancelled_at = excluded.cancelled_at,
         updated_at = excluded.updated_at, ${RAISE}`,
      ...key,
      input.customer.id,
      input.placedAt,
      input.currency,
      input.locale ?? null,
      subtotal,
      total,
      input.cancelledAt ?? null,
      now,
      now,
    ),
    sql(`DELETE FROM order_lines WHERE store_id = ? AND order_id = ?`, ...key),
    ...input.lines.map((line, position) =>
      sql(
        `INSERT INTO order_lines (store_id, order_id, position, sku, name, family, quantity, unit_price, image_url, url)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...key,
        position,
        line.sku,
        line.name,
        line.family ?? null,
        line.quantity,
        line.unitPrice,
        line.imageUrl ?? null,
        line.url ?? null,
      ),
    ),
    sql(`DELETE FROM order_adjustments WHERE store_id = ? AND order_id = ?`, ...key),
    ...(["fee", "discount"] as const).flatMap((kind) =>
      (kind === "fee" ? input.fees : input.discounts).map((adj, position) =>
        sql(
          `INSERT INTO order_adjustments (store_id, order_id, position, kind, label, amount) VALUES (?, ?, ?, ?, ?, ?)`,
          ...key,
          position,
          kind,
          adj.label,
          adj.amount,
        ),
      ),
    ),
    sql(
      `INSERT INTO order_tokens (token, store_id, order_id, created_at)
       SELECT ?, ?, ?, ? WHERE NOT EXISTS (
         SELECT 1 FROM order_tokens WHERE store_id = ? AND order_id = ? AND revoked_at IS NULL)`,
      candidateToken,
      ...key,
      now,
      ...key,
    ),
    // Consent collected at checkout was given when the order was placed, unless the news says when.
    ...marketingConsentStatements(
      storeId,
      input.customer.id,
      input.id,
      consentNews(input.marketingConsent, { at: input.placedAt, source: "order" }),
      now,
    ),
  ];
  if (isNew) {
    const lineTotals: Record<string, number> = {};
    for (const line of input.lines) lineTotals[line.sku] = (lineTotals[line.sku] ?? 0) + line.unitPrice * line.quantity;
    statements.push(
      ...newOrderFactsStatements(
        {
          storeId,
          id: input.id,
          customerId: input.customer.id,
          placedAt: input.placedAt,
          total,
          skus: input.lines.map((l) => l.sku),
          lineTotals,
        },
        attributionDays,
      ),
    );
  }
  return statements;
}

/**
 * Replaces an order's token, as one transaction: the active one is revoked (every shopper route refuses
 * it from then on: they open orders by active tokens only), then the new one is issued. The last
 * statement changes one row, or none when the store has no such order (and then neither does the first).
 */
export function rotateTokenStatements(storeId: string, orderId: string, newToken: string, now: string): Statement[] {
  return [
    orderViewChanged(storeId, orderId),
    sql(`UPDATE order_tokens SET revoked_at = ? WHERE store_id = ? AND order_id = ? AND revoked_at IS NULL`, now, storeId, orderId),
    sql(
      `INSERT INTO order_tokens (token, store_id, order_id, created_at)
       SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM orders WHERE store_id = ? AND id = ?)`,
      newToken,
      storeId,
      orderId,
      now,
      storeId,
      orderId,
    ),
  ];
}

export interface OrderRow {
  store_id: string;
  id: string;
  number: string | null;
  customer_id: string;
  placed_at: string;
  currency: string;
  locale: string | null;
  subtotal: number;
  total: number;
  checkout_feel: CheckoutFeel | null;
  cancelled_at: string | null;
}

export interface LineRow {
  sku: string;
  name: string;
  family: string | null;
  quantity: number;
  unit_price: number;
  image_url: string | null;
  url: string | null;
}

export interface AdjustmentRow {
  kind: "fee" | "discount";
  label: string;
  amount: number;
}

const BY_ACTIVE_TOKEN = `t.token = ? AND t.revoked_at IS NULL`;

/**
 * The origins of the store an active token belongs to, in one indexed read (a CORS preflight needs no
 * more): order_tokens by its primary key, then store_origins' primary key, covering.
 */
export async function originsByToken(db: D1Database, token: string): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT o.origin FROM order_tokens t JOIN store_origins o ON o.store_id = t.store_id WHERE ${BY_ACTIVE_TOKEN}`)
    .bind(token)
    .all<{ origin: string }>();
  return results.map((r) => r.origin);
}

/** An order by its id, in one round trip; null for no such order. */
export async function getOrder(db: D1Database, storeId: string, orderId: string): Promise<OrderRecord | null> {
  const key = [storeId, orderId] as const;
  const [orders, lines, adjustments] = await db.batch([
    prepare(
      db,
      sql(
        `SELECT store_id, id, customer_id, placed_at, currency, locale, subtotal, total, checkout_feel FROM orders WHERE store_id = ? AND id = ?`,
        ...key,
      ),
    ),
    prepare(
      db,
      sql(
        `SELECT sku, name, family, quantity, unit_price, image_url, url FROM order_lines WHERE store_id = ? AND order_id = ? ORDER BY position`,
        ...key,
      ),
    ),
    prepare(
      db,
      sql(`SELECT kind, label, amount FROM order_adjustments WHERE store_id = ? AND order_id = ? ORDER BY kind, position`, ...key),
    ),
  ]);
  const order = orders?.results[0] as OrderRow | undefined;
  return order ? orderFromRows(order, (lines?.results ?? []) as LineRow[], (adjustments?.results ?? []) as AdjustmentRow[]) : null;
}

export function orderFromRows(order: OrderRow, lines: LineRow[], adjustments: AdjustmentRow[]): OrderRecord {
  const pick = (kind: AdjustmentRow["kind"]) => adjustments.filter((a) => a.kind === kind).map(({ label, amount }) => ({ label, amount }));
  return {
    storeId: order.store_id,
    id: order.id,
    number: order.number ?? undefined,
    customerId: order.customer_id,
    placedAt: order.placed_at,
    currency: order.currency,
    locale: order.locale ?? undefined,
    subtotal: order.subtotal,
    total: order.total,
    checkoutFeel: order.checkout_feel ?? undefined,
    cancelledAt: order.cancelled_at ?? undefined,
    lines: lines.map((l) => ({
      sku: l.sku,
      name: l.name,
      family: l.family ?? undefined,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      imageUrl: l.image_url ?? undefined,
      url: l.url ?? undefined,
    })),
    fees: pick("fee"),
    discounts: pick("discount"),
  };
}

/** The ids of a store's orders placed since `since`, oldest first. */
export async function orderIdsPlacedSince(db: D1Database, storeId: string, since: string): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT id FROM orders WHERE store_id = ? AND unixepoch(placed_at) >= unixepoch(?) ORDER BY placed_at`)
    .bind(storeId, since)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** What was ordered, line by line (a sku may appear on several lines); empty for no such order. */
export async function orderedQuantities(db: D1Database, storeId: string, orderId: string): Promise<{ sku: string; quantity: number }[]> {
  const { results } = await db
    .prepare(`SELECT sku, quantity FROM order_lines WHERE store_id = ? AND order_id = ?`)
    .bind(storeId, orderId)
    .all<{ sku: string; quantity: number }>();
  return results;
}
