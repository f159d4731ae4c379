/**
 * Parcels registered with the store's aggregators (migration 0012): one row per parcel and connected
 * aggregator, written with the shipment; claimed, sent and settled by services/parcel-registration.ts.
 */
import { prepare, sql, type Statement } from "./statement.ts";

/**
 * Queues a parcel for every aggregator the store has connected. Goes in the batch that writes the
 * shipment, so every parcel is queued whoever creates it. Sent again with the same tracking number it
 * changes nothing (registered once); with another number it is queued afresh for that number.
 */
export function queueRegistrationStatement(storeId: string, shipmentId: string, trackingNumber: string, now: string): Statement {
  return sql(
    `INSERT INTO parcel_registrations (store_id, shipment_id, provider, tracking_number, status, attempts, next_attempt_at, created_at, updated_at)
     SELECT ?, ?, c.provider, ?, 'pending', 0, ?, ?, ?
     FROM store_connections c WHERE c.store_id = ? AND c.kind = 'aggregator' AND c.status = 'active'
     ON CONFLICT (store_id, shipment_id, provider) DO UPDATE SET
       tracking_number = excluded.tracking_number, status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at,
       carrier = NULL, carrier_source = NULL, vendor_carrier = NULL, vendor_id = NULL, last_status = NULL, last_error = NULL,
       registered_at = NULL, updated_at = excluded.updated_at
     WHERE parcel_registrations.tracking_number <> excluded.tracking_number`,
    storeId,
    shipmentId,
    trackingNumber,
    now,
    now,
    now,
    storeId,
  );
}

/**
 * When an aggregator is (re)connected: parcels of the last `days` with no delivery or return scan are queued for it,
 * and those it refused before (a key that was wrong, say) are tried once more.
 */
export function requeueForConnectionStatements(storeId: string, provider: string, now: string, days = 30): Statement[] {
  const since = new Date(Date.parse(now) - days * 86_400_000).toISOString();
  return [
    sql(
      `INSERT INTO parcel_registrations (store_id, shipment_id, provider, tracking_number, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT s.store_id, s.id, ?, s.tracking_number, 'pending', 0, ?, ?, ?
       FROM shipments s
       WHERE s.store_id = ? AND s.created_at >= ?
         AND NOT EXISTS (SELECT 1 FROM carrier_events e WHERE e.store_id = s.store_id AND e.tracking_number = s.tracking_number AND e.status IN ('delivered', 'returned'))
       ON CONFLICT (store_id, shipment_id, provider) DO NOTHING`,
      provider,
      now,
      now,
      now,
      storeId,
      since,
    ),
    sql(
      `UPDATE parcel_registrations SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
       WHERE store_id = ? AND provider = ? AND status = 'failed' AND created_at >= ?`,
      now,
      now,
      storeId,
      provider,
      since,
    ),
  ];
}

export interface DueRegistration {
  storeId: string;
  shipmentId: string;
  provider: "easypost" | "aftership";
  trackingNumber: string;
  /** The carrier name the parcel was sent with (the merchant's, or a platform's). */
  carrierName: string;
  attempts: number;
  nextAttemptAt: string;
}

/** Pending registrations whose next attempt is due, oldest first. */
export async function dueRegistrations(db: D1Database, now: string, limit: number, storeId?: string): Promise<DueRegistration[]> {
  const { results } = await prepare(
    db,
    sql(
      `SELECT r.store_id, r.shipment_id, r.provider, r.tracking_number, s.carrier, r.attempts, r.next_attempt_at
       FROM parcel_registrations r JOIN shipments s ON s.store_id = r.store_id AND s.id = r.shipment_id
       WHERE r.status = 'pending' AND r.next_attempt_at <= ? AND (? IS NULL OR r.store_id = ?)
       ORDER BY r.next_attempt_at LIMIT ?`,
      now,
      storeId ?? null,
      storeId ?? null,
      limit,
    ),
  ).all<Record<string, string | number>>();
  return results.map((r) => ({
    storeId: String(r.store_id),
    shipmentId: String(r.shipment_id),
    provider: r.provider as DueRegistration["provider"],
    trackingNumber: String(r.tracking_number),
    carrierName: String(r.carrier),
    attempts: Number(r.attempts),
    nextAttemptAt: String(r.next_attempt_at),
  }));
}

const key = (r: DueRegistration) => [r.storeId, r.shipmentId, r.provider] as const;

/**
 * Takes a due registration for one attempt: counts it and moves its next attempt to `leaseUntil`, so a
 * cron run overlapping this one leaves it alone (and takes it back only if this run died mid-way). Only
 * succeeds while the row is as it was read.
 */
export function claimStatement(r: DueRegistration, leaseUntil: string, now: string): Statement {
  return sql(
    `UPDATE parcel_registrations SET attempts = attempts + 1, next_attempt_at = ?, updated_at = ?
     WHERE store_id = ? AND shipment_id = ? AND provider = ? AND status = 'pending' AND next_attempt_at = ? AND tracking_number = ?`,
    leaseUntil,
    now,
    ...key(r),
    r.nextAttemptAt,
    r.trackingNumber,
  );
}

export type Settlement =
  | { status: "registered"; httpStatus: number; vendorId?: string }
  | { status: "pending"; httpStatus: number; error: string; nextAttemptAt: string }
  | { status: "failed"; httpStatus: number; error: string };

/** Records an attempt's outcome, with the carrier it was registered under. */
export function settleStatement(
  r: DueRegistration,
  carrier: { carrier?: string; source: string; vendorCarrier?: string },
  outcome: Settlement,
  now: string,
): Statement {
  return sql(
    `UPDATE parcel_registrations SET status = ?, carrier = ?, carrier_source = ?, vendor_carrier = ?,
       vendor_id = coalesce(?, vendor_id), next_attempt_at = ?, last_status = ?, last_error = ?,
       registered_at = CASE WHEN ? = 'registered' THEN ? ELSE registered_at END, updated_at = ?
     WHERE store_id = ? AND shipment_id = ? AND provider = ? AND tracking_number = ?`,
    outcome.status,
    carrier.carrier ?? null,
    carrier.source,
    carrier.vendorCarrier ?? null,
    outcome.status === "registered" ? (outcome.vendorId ?? null) : null,
    outcome.status === "pending" ? outcome.nextAttemptAt : null,
    outcome.httpStatus,
    outcome.status === "registered" ? null : outcome.error.slice(0, 500),
    outcome.status,
    now,
    now,
    ...key(r),
    r.trackingNumber,
  );
}

export interface RegistrationView {
  provider: string;
  status: "pending" | "registered" | "failed";
  attempts: number;
  lastError: string | null;
  carrier: string | null;
  carrierSource: string | null;
  nextAttemptAt: string | null;
  registeredAt: string | null;
}

/** Every registration of some parcels of a store, by shipment id, for the admin answers. */
export async function registrationsOf(db: D1Database, storeId: string, shipmentIds: string[]): Promise<Map<string, RegistrationView[]>> {
  const byShipment = new Map<string, RegistrationView[]>();
  if (!shipmentIds.length) return byShipment;
  const { results } = await prepare(
    db,
    sql(
      `SELECT shipment_id, provider, status, attempts, last_error, carrier, carrier_source, next_attempt_at, registered_at
       FROM parcel_registrations WHERE store_id = ? AND shipment_id IN (SELECT value FROM json_each(?)) ORDER BY provider`,
      storeId,
      JSON.stringify(shipmentIds),
    ),
  ).all<Record<string, string | number | null>>();
  for (const r of results) {
    const list = byShipment.get(String(r.shipment_id)) ?? [];
    list.push({
      provider: String(r.provider),
      status: r.status as RegistrationView["status"],
      attempts: Number(r.attempts),
      lastError: (r.last_error as string | null) ?? null,
      carrier: (r.carrier as string | null) ?? null,
      carrierSource: (r.carrier_source as string | null) ?? null,
      nextAttemptAt: (r.next_attempt_at as string | null) ?? null,
      registeredAt: (r.registered_at as string | null) ?? null,
    });
    byShipment.set(String(r.shipment_id), list);
  }
  return byShipment;
}
