/**
 * The dashboard's parcels at risk and carriers' on-time rates, read from what the delay sweep keeps
 * (parcel_snapshots, parcel_notices) and from parcel_registrations (migration 0012).
 */
import { prepare, sql } from "./statement.ts";

export interface RiskRow {
  shipmentId: string;
  orderId: string;
  carrier: string;
  trackingNumber: string;
  status: string;
  exceptionKind: string | null;
  lastScanAt: string | null;
  promisedTo: string;
  expectedTo: string;
  deliveredAt: string | null;
  /** Active notices about this parcel (stalled, late, arriving_soon). */
  notices: string[];
  /** The parcel's registration could not be made (failed) or is being retried. */
  unregistered: boolean;
}

/** At most this many parcels in one answer, oldest promise first. */
export const RISK_LIMIT = 200;

/**
 * Parcels that are stalled, late, held by an exception, or not registered with an aggregator (refused,
 * or still being retried), with what the sweep last saw of them.
 */
export async function parcelsAtRisk(db: D1Database, storeId: string): Promise<RiskRow[]> {
  const { results } = await prepare(
    db,
    sql(
      `WITH unregistered AS (
         SELECT DISTINCT shipment_id FROM parcel_registrations
         WHERE store_id = ? AND (status = 'failed' OR (status = 'pending' AND attempts > 0))
       ), noticed AS (
         SELECT ref AS shipment_id, json_group_array(kind) AS kinds FROM parcel_notices
         WHERE store_id = ? AND withdrawn_at IS NULL AND ref <> '' GROUP BY ref
       )
       SELECT s.id AS shipment_id, s.order_id, coalesce(p.carrier, s.carrier) AS carrier, s.tracking_number, coalesce(p.status, 'ordered') AS status,
              p.exception_kind, p.last_scan_at, coalesce(p.promised_to, s.promised_to, '') AS promised_to, coalesce(p.expected_to, s.promised_to, '') AS expected_to,
              p.delivered_at, coalesce(n.kinds, '[]') AS notices, (u.shipment_id IS NOT NULL) AS unregistered
       FROM shipments s
       LEFT JOIN parcel_snapshots p ON p.store_id = s.store_id AND p.shipment_id = s.id
       LEFT JOIN noticed n ON n.shipment_id = s.id
       LEFT JOIN unregistered u ON u.shipment_id = s.id
       WHERE s.store_id = ? AND (
         u.shipment_id IS NOT NULL
         OR (p.delivered_at IS NULL AND p.status = 'exception')
         OR EXISTS (SELECT 1 FROM json_each(n.kinds) k WHERE k.value IN ('stalled', 'late'))
       )
       ORDER BY expected_to, s.id LIMIT ${RISK_LIMIT}`,
      storeId,
      storeId,
      storeId,
    ),
  ).all<Record<string, string | number | null>>();
  return results.map((r) => ({
    shipmentId: String(r.shipment_id),
    orderId: String(r.order_id),
    carrier: String(r.carrier),
    trackingNumber: String(r.tracking_number),
    status: String(r.status),
    exceptionKind: (r.exception_kind as string | null) ?? null,
    lastScanAt: (r.last_scan_at as string | null) ?? null,
    promisedTo: String(r.promised_to),
    expectedTo: String(r.expected_to),
    deliveredAt: (r.delivered_at as string | null) ?? null,
    notices: JSON.parse(String(r.notices)) as string[],
    unregistered: r.unregistered === 1,
  }));
}

/** Orders that have not shipped past the store's processing promise (active fulfillment_delayed notices). */
export async function unshippedOrders(db: D1Database, storeId: string): Promise<{ orderId: string; since: string }[]> {
  const { results } = await prepare(
    db,
    sql(
      `SELECT order_id, since FROM parcel_notices WHERE store_id = ? AND kind = 'fulfillment_delayed' AND withdrawn_at IS NULL ORDER BY since LIMIT ${RISK_LIMIT}`,
      storeId,
    ),
  ).all<{ order_id: string; since: string }>();
  return results.map((r) => ({ orderId: r.order_id, since: r.since }));
}

export interface RiskCounts {
  fulfillment_delayed: number;
  stalled: number;
  late: number;
  arriving_soon: number;
  exception: number;
  unregistered: number;
}

/** How many of each: active notices by kind, open parcels held by an exception, parcels not registered. */
export async function riskCounts(db: D1Database, storeId: string): Promise<RiskCounts> {
  const [notices, exceptions, unregistered] = await db.batch([
    prepare(db, sql(`SELECT kind, count(*) AS n FROM parcel_notices WHERE store_id = ? AND withdrawn_at IS NULL GROUP BY kind`, storeId)),
    prepare(
      db,
      sql(`SELECT count(*) AS n FROM parcel_snapshots WHERE store_id = ? AND delivered_at IS NULL AND status = 'exception'`, storeId),
    ),
    prepare(
      db,
      sql(
        `SELECT count(DISTINCT shipment_id) AS n FROM parcel_registrations WHERE store_id = ? AND (status = 'failed' OR (status = 'pending' AND attempts > 0))`,
        storeId,
      ),
    ),
  ]);
  const byKind = Object.fromEntries(((notices?.results ?? []) as { kind: string; n: number }[]).map((r) => [r.kind, r.n]));
  return {
    fulfillment_delayed: byKind.fulfillment_delayed ?? 0,
    stalled: byKind.stalled ?? 0,
    late: byKind.late ?? 0,
    arriving_soon: byKind.arriving_soon ?? 0,
    exception: Number((exceptions?.results[0] as { n: number } | undefined)?.n ?? 0),
    unregistered: Number((unregistered?.results[0] as { n: number } | undefined)?.n ?? 0),
  };
}

export interface CarrierPerformanceRow {
  carrier: string;
  delivered: number;
  onTime: number;
}

/** Parcels delivered in [from, to) per carrier, and how many of them inside the promised window. */
export async function carrierPerformance(db: D1Database, storeId: string, from: string, to: string): Promise<CarrierPerformanceRow[]> {
  const { results } = await prepare(
    db,
    sql(
      `SELECT carrier, count(*) AS delivered, sum(on_time) AS on_time FROM parcel_snapshots
       WHERE store_id = ? AND delivered_at >= ? AND delivered_at < ? GROUP BY carrier ORDER BY delivered DESC, carrier`,
      storeId,
      from,
      to,
    ),
  ).all<{ carrier: string; delivered: number; on_time: number | null }>();
  return results.map((r) => ({ carrier: r.carrier, delivered: r.delivered, onTime: r.on_time ?? 0 }));
}

/** One parcel as the sweep last saw it, for a delay moment's data (what the merchant's message needs). */
export async function parcelSnapshot(db: D1Database, storeId: string, shipmentId: string) {
  const row = await prepare(
    db,
    sql(
      `SELECT carrier, tracking_number, status, last_scan_at, expected_to FROM parcel_snapshots WHERE store_id = ? AND shipment_id = ?`,
      storeId,
      shipmentId,
    ),
  ).first<{ carrier: string; tracking_number: string; status: string; last_scan_at: string | null; expected_to: string }>();
  return row
    ? {
        id: shipmentId,
        carrier: row.carrier,
        trackingNumber: row.tracking_number,
        status: row.status,
        lastScanAt: row.last_scan_at ?? undefined,
        expectedBy: row.expected_to,
      }
    : undefined;
}
