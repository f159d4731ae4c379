import type { DelayReasonCode } from "../../contract/vocabularies.ts";
import type { Window } from "../domain/delivery-window.ts";
import type { CarrierUpdate, ExceptionKind, ShipmentStatus } from "../domain/shipment-status.ts";
import type { ShipmentRecord, UpdatePreference } from "../domain/records.ts";
import type { ShipmentInput } from "../schemas/shipment.ts";
import { scrubErasedParcelStatements } from "./erasure.ts";
import { queueRegistrationStatement } from "./parcel-registrations.ts";
import { prepare, runBatch, sql, type Statement } from "./statement.ts";
import { parcelViewsChanged } from "./view-versions.ts";

/** A carrier update ready to store: its dedupe id and what the vendor said, kept for audit. */
export interface UpdateToStore extends CarrierUpdate {
  id: string;
  source: "merchant" | "easypost" | "aftership";
  vendorStatus?: string;
  raw: string;
}

export class ShipmentOwnedByAnotherOrder extends Error {}

/**
 * Creates or replaces a shipment (keyed by the merchant's shipment id) and its lines, in one batch.
 * Carrier events already stored under its tracking number count for it from now on.
 */
export async function upsertShipment(
  db: D1Database,
  storeId: string,
  orderId: string,
  input: ShipmentInput,
  now: string,
): Promise<{ created: boolean }> {
  const existing = await db
    .prepare(`SELECT order_id FROM shipments WHERE store_id = ? AND id = ?`)
    .bind(storeId, input.id)
    .first<{ order_id: string }>();
  if (existing && existing.order_id !== orderId) throw new ShipmentOwnedByAnotherOrder();
  await runBatch(db, shipmentUpsertStatements(storeId, orderId, input, now));
  return { created: !existing };
}

/**
 * The statements `upsertShipment` runs as one batch: the shipment (never taken from another order) and
 * its lines; scans already waiting under its tracking number lose their words if the order's customer
 * was erased; the parcel is queued for registration with each aggregator the store has connected.
 */
export function shipmentUpsertStatements(storeId: string, orderId: string, input: ShipmentInput, now: string): Statement[] {
  const key = [storeId, input.id] as const;
  return [
    sql(
      `INSERT INTO shipments (store_id, id, order_id, carrier, tracking_number, tracking_url, promised_from, promised_to, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, id) DO UPDATE SET
         carrier = excluded.carrier, tracking_number = excluded.tracking_number, tracking_url = excluded.tracking_url,
         promised_from = excluded.promised_from, promised_to = excluded.promised_to, updated_at = excluded.updated_at
       WHERE shipments.order_id = excluded.order_id`,
      ...key,
      orderId,
      input.carrier,
      input.trackingNumber,
      input.trackingUrl ?? null,
      input.promisedFrom ?? null,
      input.promisedTo ?? null,
      now,
      now,
    ),
    sql(`DELETE FROM shipment_lines WHERE store_id = ? AND shipment_id = ?`, ...key),
    ...mergeLines(input.lines).map((line) =>
      sql(`INSERT INTO shipment_lines (store_id, shipment_id, sku, quantity) VALUES (?, ?, ?, ?)`, ...key, line.sku, line.quantity),
    ),
    ...scrubErasedParcelStatements(storeId, input.trackingNumber),
    // Registered with the store's aggregators by the cron (services/parcel-registration.ts).
    queueRegistrationStatement(storeId, input.id, input.trackingNumber, now),
    // By tracking number, after the upsert: this order's view (its parcel is under it now), and any other
    // order's under the same number whose waiting scans the erasure scrub above may have changed.
    parcelViewsChanged(storeId, input.trackingNumber),
  ];
}

/** The same sku listed twice in one parcel is one line with both quantities. */
function mergeLines(lines: { sku: string; quantity: number }[]) {
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

/** The orders a parcel with this tracking number belongs to (usually one). */
export async function ordersOfTracking(db: D1Database, storeId: string, trackingNumber: string): Promise<string[]> {
  // No DISTINCT in SQL: with it, SQLite (without statistics) walks the store's whole order index to
  // avoid a sort, instead of the tracking-number index. A parcel has a handful of rows; dedupe here.
  const { results } = await db
    .prepare(`SELECT order_id FROM shipments WHERE store_id = ? AND tracking_number = ?`)
    .bind(storeId, trackingNumber)
    .all<{ order_id: string }>();
  return [...new Set(results.map((r) => r.order_id))];
}

/** How many carrier events are stored under a tracking number (scans may arrive before the parcel is registered). */
export async function carrierEventCount(db: D1Database, storeId: string, trackingNumber: string): Promise<number> {
  const row = await db
    .prepare(`SELECT count(*) AS n FROM carrier_events WHERE store_id = ? AND tracking_number = ?`)
    .bind(storeId, trackingNumber)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export async function getShipment(db: D1Database, storeId: string, shipmentId: string) {
  const row = await db
    .prepare(`SELECT order_id, tracking_number FROM shipments WHERE store_id = ? AND id = ?`)
    .bind(storeId, shipmentId)
    .first<{ order_id: string; tracking_number: string }>();
  return row ? { orderId: row.order_id, trackingNumber: row.tracking_number } : null;
}

/**
 * Inserts updates not seen before; `RETURNING` names the ones that were new (one statement per update,
 * in order, then the rise of the views of the parcel's orders).
 */
export function insertUpdateStatements(storeId: string, trackingNumber: string, updates: UpdateToStore[], now: string): Statement[] {
  if (!updates.length) return [];
  const inserts = updates.map((u) =>
    sql(
      `INSERT INTO carrier_events (store_id, tracking_number, id, source, status, exception_kind, carrier_delay, delay_reason,
         occurred_at, location, description, vendor_status, raw, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, tracking_number, id) DO NOTHING RETURNING id`,
      storeId,
      trackingNumber,
      u.id,
      u.source,
      u.status,
      u.exceptionKind ?? null,
      u.carrierDelay ? 1 : 0,
      u.delayReason ?? null,
      u.occurredAt,
      u.location ?? null,
      u.description ?? null,
      u.vendorStatus ?? null,
      u.raw,
      now,
    ),
  );
  return [...inserts, parcelViewsChanged(storeId, trackingNumber)];
}

/**
 * Records updates (their words cleared at once if the parcel is an erased customer's); answers which
 * ids were new and which had been recorded before.
 */
export async function recordUpdates(
  db: D1Database,
  storeId: string,
  trackingNumber: string,
  updates: UpdateToStore[],
  now: string,
): Promise<{ accepted: string[]; duplicates: string[] }> {
  const results = await runBatch(db, [
    ...insertUpdateStatements(storeId, trackingNumber, updates, now),
    ...scrubErasedParcelStatements(storeId, trackingNumber),
  ]);
  const accepted: string[] = [];
  const duplicates: string[] = [];
  for (const [i, u] of updates.entries()) ((results[i]?.results.length ?? 0) > 0 ? accepted : duplicates).push(u.id);
  return { accepted, duplicates };
}

export interface WebhookToStore {
  storeId: string;
  vendor: "easypost" | "aftership";
  deliveryId: string;
  trackingNumber?: string;
  body: string;
  updates: UpdateToStore[];
  estimate?: Window & { reportedAt: string; source: string };
}

/**
 * Stores one verified webhook delivery with its updates and estimate as one transaction. A delivery
 * id seen before means a replay or a retry: nothing is written again.
 */
export async function recordWebhook(db: D1Database, hook: WebhookToStore, now: string): Promise<{ replay: boolean; newUpdates: number }> {
  const [seen] = await deliveriesSeen(db, hook.storeId, [hook]);
  if (seen) return { replay: true, newUpdates: 0 };
  const write = webhookWrite(hook, now);
  return { replay: false, newUpdates: write.newUpdates(await runBatch(db, write.statements)) };
}

/**
 * Which of a store's deliveries are stored already, in order: one read per delivery, all in one
 * round trip (D1 binds at most 100 values a statement, so not one IN list).
 */
export async function deliveriesSeen(
  db: D1Database,
  storeId: string,
  deliveries: readonly Pick<WebhookToStore, "vendor" | "deliveryId">[],
): Promise<boolean[]> {
  if (!deliveries.length) return [];
  const results = await db.batch(
    deliveries.map((d) =>
      db
        .prepare(`SELECT 1 AS seen FROM webhook_deliveries WHERE store_id = ? AND vendor = ? AND id = ?`)
        .bind(storeId, d.vendor, d.deliveryId),
    ),
  );
  return results.map((r) => r.results.length > 0);
}

/**
 * The statements that store one delivery (the delivery, its updates, the estimate when newer, the
 * parcel's views raised, an erased customer's words cleared), to run alone or in a batch with other
 * deliveries' (the webhooks queue's consumer); `newUpdates` counts the updates that were new from
 * this delivery's own slice of the batch's results, starting at its first statement.
 */
export function webhookWrite(hook: WebhookToStore, now: string): { statements: Statement[]; newUpdates(results: D1Result[]): number } {
  const statements: Statement[] = [
    sql(
      `INSERT INTO webhook_deliveries (store_id, vendor, id, tracking_number, body, received_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, vendor, id) DO NOTHING`,
      hook.storeId,
      hook.vendor,
      hook.deliveryId,
      hook.trackingNumber ?? null,
      hook.body,
      now,
    ),
  ];
  if (hook.trackingNumber) {
    statements.push(...insertUpdateStatements(hook.storeId, hook.trackingNumber, hook.updates, now));
    if (hook.estimate) {
      // Only a newer report replaces the estimate, so a retried old webhook cannot bring back a stale date.
      statements.push(
        sql(
          `INSERT INTO carrier_estimates (store_id, tracking_number, source, estimate_from, estimate_to, reported_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (store_id, tracking_number) DO UPDATE SET
             source = excluded.source, estimate_from = excluded.estimate_from, estimate_to = excluded.estimate_to,
             reported_at = excluded.reported_at
           WHERE excluded.reported_at > carrier_estimates.reported_at`,
          hook.storeId,
          hook.trackingNumber,
          hook.estimate.source,
          hook.estimate.from,
          hook.estimate.to,
          hook.estimate.reportedAt,
        ),
      );
      // Updates raise the parcel's views already; an estimate alone does it here.
      if (!hook.updates.length) statements.push(parcelViewsChanged(hook.storeId, hook.trackingNumber));
    }
    // Last, so the indexes above still count the inserted updates.
    statements.push(...scrubErasedParcelStatements(hook.storeId, hook.trackingNumber));
  }
  const updates = hook.trackingNumber ? hook.updates.length : 0;
  return {
    statements,
    newUpdates: (results) => results.slice(1, 1 + updates).filter((r) => (r?.results.length ?? 0) > 0).length,
  };
}

interface ShipmentRow {
  id: string;
  order_id: string;
  carrier: string;
  tracking_number: string;
  tracking_url: string | null;
  promised_from: string | null;
  promised_to: string | null;
  estimate_from: string | null;
  estimate_to: string | null;
}

interface UpdateRow {
  tracking_number: string;
  status: ShipmentStatus | null;
  exception_kind: ExceptionKind | null;
  carrier_delay: number;
  delay_reason: DelayReasonCode | null;
  occurred_at: string;
  location: string | null;
  description: string | null;
}

/** Enough events to draw any real parcel's journey; a runaway feed cannot make a page read unbounded. */
const UPDATES_PER_ORDER = 400;

/** Every shipment of one order with its lines, events and the carrier's estimate, in one round trip. */
export async function getShipmentsOfOrder(db: D1Database, storeId: string, orderId: string): Promise<ShipmentRecord[]> {
  const [shipments, lines, updates] = await db.batch([
    prepare(
      db,
      sql(
        `SELECT s.id, s.order_id, s.carrier, s.tracking_number, s.tracking_url, s.promised_from, s.promised_to,
                e.estimate_from, e.estimate_to
         FROM shipments s LEFT JOIN carrier_estimates e ON e.store_id = s.store_id AND e.tracking_number = s.tracking_number
         WHERE s.store_id = ? AND s.order_id = ? ORDER BY s.created_at, s.id`,
        storeId,
        orderId,
      ),
    ),
    prepare(
      db,
      sql(
        // CROSS JOIN keeps SQLite on the order's shipments first: left to itself (no statistics) it
        // drives from shipment_lines and reads every line of the store, on every order view.
        `SELECT l.shipment_id, l.sku, l.quantity FROM shipments s
         CROSS JOIN shipment_lines l ON l.store_id = s.store_id AND l.shipment_id = s.id
         WHERE s.store_id = ? AND s.order_id = ?`,
        storeId,
        orderId,
      ),
    ),
    prepare(
      db,
      sql(
        `SELECT e.tracking_number, e.status, e.exception_kind, e.carrier_delay, e.delay_reason, e.occurred_at, e.location, e.description
         FROM carrier_events e
         WHERE e.store_id = ? AND e.tracking_number IN (SELECT tracking_number FROM shipments WHERE store_id = ? AND order_id = ?)
         ORDER BY e.occurred_at DESC LIMIT ${UPDATES_PER_ORDER}`,
        storeId,
        storeId,
        orderId,
      ),
    ),
  ]);
  const lineRows = (lines?.results ?? []) as { shipment_id: string; sku: string; quantity: number }[];
  const updateRows = (updates?.results ?? []) as UpdateRow[];
  return ((shipments?.results ?? []) as ShipmentRow[]).map((s) => ({
    id: s.id,
    orderId: s.order_id,
    carrier: s.carrier,
    trackingNumber: s.tracking_number,
    trackingUrl: s.tracking_url ?? undefined,
    promisedFrom: s.promised_from ?? undefined,
    promisedTo: s.promised_to ?? undefined,
    estimate: s.estimate_from && s.estimate_to ? { from: s.estimate_from, to: s.estimate_to } : undefined,
    lines: lineRows.filter((l) => l.shipment_id === s.id).map(({ sku, quantity }) => ({ sku, quantity })),
    updates: updateRows
      .filter((u) => u.tracking_number === s.tracking_number)
      .map((u) => ({
        status: u.status,
        exceptionKind: u.exception_kind ?? undefined,
        carrierDelay: u.carrier_delay === 1,
        delayReason: u.delay_reason ?? undefined,
        occurredAt: u.occurred_at,
        location: u.location ?? undefined,
        description: u.description ?? undefined,
      })),
  }));
}

/**
 * The shopper's delivery-update choice for the order (if any) and, apart from it, whether their
 * marketing consent is granted per channel: what the tracking view's opt-in shows. One statement.
 */
export async function getPreference(
  db: D1Database,
  storeId: string,
  orderId: string,
  customerId: string,
): Promise<{ preference?: UpdatePreference; marketing: Record<"email" | "sms", boolean> }> {
  const row = await db
    .prepare(
      `SELECT p.channel, p.contact,
              (SELECT json_group_object(channel, state) FROM marketing_consents WHERE store_id = ?1 AND customer_id = ?3) AS marketing
       FROM (SELECT 1) LEFT JOIN order_preferences p ON p.store_id = ?1 AND p.order_id = ?2`,
    )
    .bind(storeId, orderId, customerId)
    .first<{ channel: UpdatePreference["channel"] | null; contact: string | null; marketing: string | null }>();
  const states = JSON.parse(row?.marketing ?? "{}") as Record<string, string>;
  return {
    preference: row?.channel ? { channel: row.channel, contact: row.contact ?? undefined } : undefined,
    marketing: { email: states.email === "granted", sms: states.sms === "granted" },
  };
}

/** Saves the delivery-update choice; the time of the choice is its consent time. */
export const setPreferenceStatement = (storeId: string, orderId: string, pref: UpdatePreference, now: string): Statement =>
  sql(
    `INSERT INTO order_preferences (store_id, order_id, channel, contact, consent_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (store_id, order_id) DO UPDATE SET channel = excluded.channel, contact = excluded.contact, consent_at = excluded.consent_at`,
    storeId,
    orderId,
    pref.channel,
    pref.contact ?? null,
    now,
  );
