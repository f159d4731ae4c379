/**
 * What the delay sweep keeps (migration 0012): the notices raised per order (once each, withdrawn when
 * moot), the lifecycle moment each raises, each parcel as last seen, and when each order was swept.
 */
import type { NoticeKind } from "../domain/delays/notices.ts";
import { prepare, sql, type Statement } from "./statement.ts";

export interface StoredNotice {
  kind: NoticeKind;
  ref: string;
  raisedAt: string;
  withdrawnAt: string | null;
}

export interface OrderForSweep {
  customerId: string;
  placedAt: string;
  cancelledAt: string | null;
}

/** The order's facts and the notices raised for it so far, in one round trip. */
export async function orderForSweep(
  db: D1Database,
  storeId: string,
  orderId: string,
): Promise<{ order: OrderForSweep; notices: StoredNotice[] } | null> {
  const [orders, notices] = await db.batch([
    prepare(db, sql(`SELECT customer_id, placed_at, cancelled_at FROM orders WHERE store_id = ? AND id = ?`, storeId, orderId)),
    prepare(db, sql(`SELECT kind, ref, raised_at, withdrawn_at FROM parcel_notices WHERE store_id = ? AND order_id = ?`, storeId, orderId)),
  ]);
  const order = orders?.results[0] as { customer_id: string; placed_at: string; cancelled_at: string | null } | undefined;
  if (!order) return null;
  return {
    order: { customerId: order.customer_id, placedAt: order.placed_at, cancelledAt: order.cancelled_at },
    notices: ((notices?.results ?? []) as { kind: NoticeKind; ref: string; raised_at: string; withdrawn_at: string | null }[]).map((n) => ({
      kind: n.kind,
      ref: n.ref,
      raisedAt: n.raised_at,
      withdrawnAt: n.withdrawn_at,
    })),
  };
}

/**
 * Raises a notice and schedules its lifecycle moment (a service moment: it reaches the holdout too),
 * both once: a notice raised before, even if withdrawn since, is never raised again.
 */
export function raiseNoticeStatements(
  storeId: string,
  orderId: string,
  customerId: string,
  notice: { kind: NoticeKind; ref: string; since: string },
  moment: { dueAt: string; first: boolean },
  now: string,
): Statement[] {
  return [
    sql(
      `INSERT INTO parcel_notices (store_id, order_id, kind, ref, since, raised_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, order_id, kind, ref) DO NOTHING`,
      storeId,
      orderId,
      notice.kind,
      notice.ref,
      notice.since,
      now,
    ),
    sql(
      `INSERT INTO lifecycle_moments (store_id, order_id, kind, ref, customer_id, due_at, marketing, first, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
       ON CONFLICT (store_id, order_id, kind, ref) DO NOTHING`,
      storeId,
      orderId,
      notice.kind,
      notice.ref,
      customerId,
      moment.dueAt,
      moment.first ? 1 : 0,
      now,
      now,
    ),
  ];
}

/** Withdraws a notice that no longer holds, and its moment if it has not gone out yet. */
export function withdrawNoticeStatements(storeId: string, orderId: string, kind: NoticeKind, ref: string, now: string): Statement[] {
  return [
    sql(
      `UPDATE parcel_notices SET withdrawn_at = ? WHERE store_id = ? AND order_id = ? AND kind = ? AND ref = ? AND withdrawn_at IS NULL`,
      now,
      storeId,
      orderId,
      kind,
      ref,
    ),
    sql(
      `UPDATE lifecycle_moments SET status = 'withdrawn', reason = 'no_longer_due', decided_at = ?, updated_at = ?
       WHERE store_id = ? AND order_id = ? AND kind = ? AND ref = ? AND status = 'scheduled'`,
      now,
      now,
      storeId,
      orderId,
      kind,
      ref,
    ),
  ];
}

export interface ParcelSnapshot {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  status: string;
  exceptionKind?: string;
  lastScanAt?: string;
  promisedTo: string;
  expectedTo: string;
  deliveredAt?: string;
  onTime?: boolean;
}

export function snapshotStatement(storeId: string, orderId: string, p: ParcelSnapshot, now: string): Statement {
  return sql(
    `INSERT INTO parcel_snapshots (store_id, shipment_id, order_id, carrier, tracking_number, status, exception_kind, last_scan_at,
       promised_to, expected_to, delivered_at, on_time, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, shipment_id) DO UPDATE SET
       order_id = excluded.order_id, carrier = excluded.carrier, tracking_number = excluded.tracking_number, status = excluded.status,
       exception_kind = excluded.exception_kind, last_scan_at = excluded.last_scan_at, promised_to = excluded.promised_to,
       expected_to = excluded.expected_to, delivered_at = excluded.delivered_at, on_time = excluded.on_time, updated_at = excluded.updated_at`,
    storeId,
    p.shipmentId,
    orderId,
    p.carrier,
    p.trackingNumber,
    p.status,
    p.exceptionKind ?? null,
    p.lastScanAt ?? null,
    p.promisedTo,
    p.expectedTo,
    p.deliveredAt ?? null,
    p.onTime === undefined ? null : p.onTime ? 1 : 0,
    now,
  );
}

/** Notes the sweep looked at the order now, and whether there is still anything to watch. */
export function sweptStatement(storeId: string, orderId: string, open: boolean, now: string): Statement {
  return sql(
    `INSERT INTO order_sweeps (store_id, order_id, swept_at, open) VALUES (?, ?, ?, ?)
     ON CONFLICT (store_id, order_id) DO UPDATE SET swept_at = excluded.swept_at, open = excluded.open`,
    storeId,
    orderId,
    now,
    open ? 1 : 0,
  );
}

/** Open orders not swept since `before`, least recently swept first. */
export async function ordersDueForSweep(
  db: D1Database,
  before: string,
  limit: number,
  storeId?: string,
): Promise<{ storeId: string; orderId: string }[]> {
  const { results } = await prepare(
    db,
    sql(
      `SELECT store_id, order_id FROM order_sweeps WHERE open = 1 AND swept_at <= ? AND (? IS NULL OR store_id = ?) ORDER BY swept_at LIMIT ?`,
      before,
      storeId ?? null,
      storeId ?? null,
      limit,
    ),
  ).all<{ store_id: string; order_id: string }>();
  return results.map((r) => ({ storeId: r.store_id, orderId: r.order_id }));
}
