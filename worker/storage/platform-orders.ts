/**
 * What platform orders, parcels and products write, as statements the worker runs in one batch and the
 * operator's backfill runs as one script: the same order statements as POST /v1/orders, plus the
 * platform's number, source and version, parcels kept in step with their fulfillment, and scans.
 */
import type { Moment } from "../domain/lifecycle/schedule.ts";
import type { MappedParcel, MappedScan, ParcelGroup, Platform } from "../domain/platforms/platform-order.ts";
import type { ProductInput } from "../schemas/offers.ts";
import type { OrderInput } from "../schemas/order.ts";
import type { ShipmentInput } from "../schemas/shipment.ts";
import { scheduleStatements } from "./lifecycle.ts";
import { productUpsertStatements } from "./offers.ts";
import { orderUpsertStatements } from "./orders.ts";
import { insertUpdateStatements, shipmentUpsertStatements, type UpdateToStore } from "./shipments.ts";
import { sql, type Statement } from "./statement.ts";
import { orderViewChanged, RAISE } from "./view-versions.ts";

/** The failure a stale write ends its batch with (migration 0012, platform_write_guard). */
export const isStaleWrite = (error: unknown) =>
  error instanceof Error && /platform_write_guard|CHECK constraint failed: stale/i.test(error.message);

/**
 * Refuses the whole batch when the stored order is newer than `updatedAt`: an orders/updated that
 * arrives after a later one (webhooks are not delivered in order) never overwrites it.
 */
export function orderFreshnessGuard(storeId: string, orderId: string, updatedAt: string | undefined): Statement[] {
  if (!updatedAt) return [];
  return [
    sql(
      `INSERT INTO platform_write_guard (stale) SELECT 1 WHERE EXISTS (
         SELECT 1 FROM orders WHERE store_id = ? AND id = ? AND source_updated_at > ?)`,
      storeId,
      orderId,
      updatedAt,
    ),
  ];
}

export interface PlatformOrderWrite {
  source: Platform;
  input: OrderInput;
  number: string;
  updatedAt?: string;
}

/** The order as POST /v1/orders writes it, then what only a platform order has. */
export function platformOrderStatements(
  storeId: string,
  order: PlatformOrderWrite,
  candidateToken: string,
  now: string,
  options: { isNew: boolean; attributionDays: number; guard?: boolean },
): Statement[] {
  return [
    // Off for the backfill's scripts, which checked freshness as they read and write nothing concurrently
    // that a guard's failure should take down with it.
    ...(options.guard === false ? [] : orderFreshnessGuard(storeId, order.input.id, order.updatedAt)),
    ...orderUpsertStatements(storeId, order.input, candidateToken, now, { isNew: options.isNew, attributionDays: options.attributionDays }),
    sql(
      `UPDATE orders SET number = ?, source = ?, source_updated_at = coalesce(?, source_updated_at) WHERE store_id = ? AND id = ?`,
      order.number,
      order.source,
      order.updatedAt ?? null,
      storeId,
      order.input.id,
    ),
  ];
}

/** A platform scan as a carrier update: the merchant's own report (its platform said it), kept once by id. */
export function scanToStore(scan: MappedScan): UpdateToStore {
  const { id, vendorStatus, ...update } = scan;
  return { ...update, id, source: "merchant", vendorStatus, raw: JSON.stringify({ id, vendorStatus }) };
}

/**
 * A group of parcels replacing what its source had before: parcels of the group no longer there are
 * retired (their lines with them), each parcel is upserted with its version, and its scans recorded.
 * Parcels whose stored version is newer are left out by the caller.
 */
export function parcelGroupStatements(
  storeId: string,
  orderId: string,
  group: ParcelGroup,
  shipments: ShipmentInput[],
  parcels: MappedParcel[],
  now: string,
): Statement[] {
  const keep = JSON.stringify(group.parcels.map((p) => p.id));
  const retire = `store_id = ? AND shipment_id IN (SELECT id FROM shipments WHERE store_id = ? AND order_id = ? AND substr(id, 1, ?) = ? AND id NOT IN (SELECT value FROM json_each(?)))`;
  return [
    sql(`DELETE FROM shipment_lines WHERE ${retire}`, storeId, storeId, orderId, group.prefix.length, group.prefix, keep),
    sql(
      `DELETE FROM shipments WHERE store_id = ? AND order_id = ? AND substr(id, 1, ?) = ? AND id NOT IN (SELECT value FROM json_each(?))`,
      storeId,
      orderId,
      group.prefix.length,
      group.prefix,
      keep,
    ),
    ...shipments.flatMap((shipment, i) => [
      ...shipmentUpsertStatements(storeId, orderId, shipment, now),
      sql(
        `UPDATE shipments SET source_updated_at = coalesce(?, source_updated_at) WHERE store_id = ? AND id = ? AND order_id = ?`,
        parcels[i]!.updatedAt ?? null,
        storeId,
        shipment.id,
        orderId,
      ),
      ...insertUpdateStatements(storeId, shipment.trackingNumber, parcels[i]!.scans.map(scanToStore), now),
    ]),
    // Each parcel upserted raises the order's view; parcels only retired do it here.
    ...(shipments.length ? [] : [orderViewChanged(storeId, orderId)]),
  ];
}

/** An order its platform deleted (WooCommerce's order.deleted): kept readable, and off like a cancelled one. */
export function cancelOrderStatement(storeId: string, orderId: string, now: string): Statement {
  return sql(
    `UPDATE orders SET cancelled_at = coalesce(cancelled_at, ?), updated_at = ?, ${RAISE} WHERE store_id = ? AND id = ?`,
    now,
    now,
    storeId,
    orderId,
  );
}

/**
 * A platform product's catalogue rows, unless the stored version is newer; skus it had before and no
 * longer has (a variant removed) stop being offered.
 */
export function platformProductStatements(
  storeId: string,
  platform: Platform,
  productId: string,
  updatedAt: string | undefined,
  products: ProductInput[],
  now: string,
): Statement[] {
  const skus = JSON.stringify(products.map((p) => p.sku));
  const fresh = `NOT EXISTS (SELECT 1 FROM platform_products WHERE store_id = ? AND platform = ? AND product_id = ? AND updated_at > ?)`;
  if (updatedAt) {
    // Stale: the version check fails and the guard ends the batch before anything is written.
    return [
      sql(`INSERT INTO platform_write_guard (stale) SELECT 1 WHERE NOT ${fresh}`, storeId, platform, productId, updatedAt),
      ...productStatements(),
    ];
  }
  return productStatements();

  function productStatements() {
    return [
      sql(
        `UPDATE products SET active = 0, updated_at = ? WHERE store_id = ? AND sku IN (
           SELECT value FROM platform_products p, json_each(p.skus) WHERE p.store_id = ? AND p.platform = ? AND p.product_id = ?)
           AND sku NOT IN (SELECT value FROM json_each(?))`,
        now,
        storeId,
        storeId,
        platform,
        productId,
        skus,
      ),
      ...productUpsertStatements(storeId, products, now),
      sql(
        `INSERT INTO platform_products (store_id, platform, product_id, skus, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (store_id, platform, product_id) DO UPDATE SET skus = excluded.skus,
           updated_at = coalesce(excluded.updated_at, platform_products.updated_at), deleted_at = NULL`,
        storeId,
        platform,
        productId,
        skus,
        updatedAt ?? null,
      ),
    ];
  }
}

/** A deleted platform product: every sku made from it stops being offered. */
export function deletePlatformProductStatements(storeId: string, platform: Platform, productId: string, now: string): Statement[] {
  return [
    sql(
      `UPDATE products SET active = 0, updated_at = ? WHERE store_id = ? AND sku IN (
         SELECT value FROM platform_products p, json_each(p.skus) WHERE p.store_id = ? AND p.platform = ? AND p.product_id = ?)`,
      now,
      storeId,
      storeId,
      platform,
      productId,
    ),
    sql(
      `UPDATE platform_products SET deleted_at = ? WHERE store_id = ? AND platform = ? AND product_id = ?`,
      now,
      storeId,
      platform,
      productId,
    ),
  ];
}

/**
 * Moments due before `before`, recorded as suppressed ("backfill") so they are never sent; moments that
 * exist stay as they are (one a live webhook scheduled or sent earlier is not touched).
 */
export function pastMomentStatements(
  storeId: string,
  orderId: string,
  customerId: string,
  moments: Moment[],
  before: string,
  now: string,
): Statement[] {
  return moments
    .filter((m) => m.dueAt <= before)
    .map((m) =>
      sql(
        `INSERT INTO lifecycle_moments (store_id, order_id, kind, ref, customer_id, due_at, marketing, first, status, reason, decided_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'suppressed', 'backfill', ?, ?, ?)
         ON CONFLICT (store_id, order_id, kind, ref) DO NOTHING`,
        storeId,
        orderId,
        m.kind,
        m.ref,
        customerId,
        m.dueAt,
        m.marketing ? 1 : 0,
        m.first ? 1 : 0,
        now,
        now,
        now,
      ),
    );
}

/**
 * An order's schedule as a backfill writes it: moments whose time has already passed are recorded as
 * suppressed ("backfill"), never sent; only moments still ahead are scheduled.
 */
export function backfillScheduleStatements(
  storeId: string,
  orderId: string,
  customerId: string,
  moments: Moment[],
  now: string,
): Statement[] {
  return [
    ...pastMomentStatements(storeId, orderId, customerId, moments, now, now),
    ...scheduleStatements(storeId, orderId, customerId, moments, now),
  ];
}

/** Shopify's customers/data_request, recorded for the merchant to fetch (nothing personal copied). */
export function dataRequestStatement(
  storeId: string,
  platform: Platform,
  id: string,
  customerId: string | undefined,
  orderIds: string[],
  now: string,
): Statement {
  return sql(
    `INSERT INTO platform_data_requests (store_id, platform, id, customer_id, order_ids, requested_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, platform, id) DO NOTHING`,
    storeId,
    platform,
    id,
    customerId ?? null,
    JSON.stringify(orderIds),
    now,
  );
}

/** What a platform write needs to know first, in one round trip. */
export interface OrderState {
  exists: boolean;
  sourceUpdatedAt: string | null;
  customerId: string | null;
  /** Stored parcels of the order: their ids and versions. */
  shipments: { id: string; sourceUpdatedAt: string | null }[];
  /** Items of the order as stored (parcels may only hold these). */
  lines: { sku: string; quantity: number }[];
}

export async function orderState(db: D1Database, storeId: string, orderId: string): Promise<OrderState> {
  const [orders, shipments, lines] = await db.batch([
    db.prepare(`SELECT source_updated_at, customer_id FROM orders WHERE store_id = ? AND id = ?`).bind(storeId, orderId),
    db.prepare(`SELECT id, source_updated_at FROM shipments WHERE store_id = ? AND order_id = ?`).bind(storeId, orderId),
    db.prepare(`SELECT sku, quantity FROM order_lines WHERE store_id = ? AND order_id = ?`).bind(storeId, orderId),
  ]);
  const order = orders?.results[0] as { source_updated_at: string | null; customer_id: string } | undefined;
  return {
    exists: !!order,
    sourceUpdatedAt: order?.source_updated_at ?? null,
    customerId: order?.customer_id ?? null,
    shipments: ((shipments?.results ?? []) as { id: string; source_updated_at: string | null }[]).map((s) => ({
      id: s.id,
      sourceUpdatedAt: s.source_updated_at,
    })),
    lines: (lines?.results ?? []) as { sku: string; quantity: number }[],
  };
}

/** Catalogue facts for skus (family, page, image), so platform lines that lack them get them. */
export async function catalogueFacts(
  db: D1Database,
  storeId: string,
  skus: string[],
): Promise<Map<string, { family: string; url: string | null; imageUrl: string | null }>> {
  const { results } = await db
    .prepare(`SELECT sku, family, url, image_url FROM products WHERE store_id = ? AND sku IN (SELECT value FROM json_each(?))`)
    .bind(storeId, JSON.stringify([...new Set(skus)]))
    .all<{ sku: string; family: string; url: string | null; image_url: string | null }>();
  return new Map(results.map((r) => [r.sku, { family: r.family, url: r.url, imageUrl: r.image_url }]));
}

/** The order of a Shopify fulfillment, found by the prefix its parcels' ids share. */
export async function ordersOfParcelPrefix(
  db: D1Database,
  storeId: string,
  prefix: string,
): Promise<{ orderId: string; trackingNumber: string }[]> {
  const { results } = await db
    .prepare(`SELECT order_id, tracking_number FROM shipments WHERE store_id = ? AND id >= ? AND id < ?`)
    .bind(storeId, prefix, `${prefix}\uffff`)
    .all<{ order_id: string; tracking_number: string }>();
  return results.map((r) => ({ orderId: r.order_id, trackingNumber: r.tracking_number }));
}

/**
 * What a backfill must know before it writes a page of orders, as three reads it can run anywhere (a
 * worker batch, the operator's `wrangler d1 execute`): the stored orders and parcels with their
 * versions, and the catalogue's facts for the page's skus.
 */
export function backfillStateStatements(storeId: string, orderIds: string[], skus: string[]): Statement[] {
  const ids = JSON.stringify(orderIds);
  return [
    sql(`SELECT id, source_updated_at FROM orders WHERE store_id = ? AND id IN (SELECT value FROM json_each(?))`, storeId, ids),
    sql(
      `SELECT id, order_id, source_updated_at FROM shipments WHERE store_id = ? AND order_id IN (SELECT value FROM json_each(?))`,
      storeId,
      ids,
    ),
    sql(
      `SELECT sku, family, url, image_url FROM products WHERE store_id = ? AND sku IN (SELECT value FROM json_each(?))`,
      storeId,
      JSON.stringify([...new Set(skus)]),
    ),
  ];
}
