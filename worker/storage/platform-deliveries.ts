/**
 * Platform webhook deliveries (migration 0012): stored whole before they are answered, then claimed
 * and processed once, retried with backoff while processing fails for a reason that may pass.
 */
import type { Platform } from "../domain/platforms/platform-order.ts";
import { runBatch, sql, type Statement } from "./statement.ts";

export interface DeliveryKey {
  storeId: string;
  platform: Platform;
  id: string;
}

/**
 * Stores a verified delivery once, due at once, in one batch (one round trip): the delivery, only
 * while the connection still holds `sealed`, the secrets it was verified with (a connection replaced
 * or removed since stores nothing); the connection's last delivery time, only when the delivery is
 * new, so a replay changes nothing at all; and whether the connection still holds `sealed`.
 * `deliveryRecorded` reads the answer.
 */
export function recordDeliveryStatements(key: DeliveryKey, topic: string, body: string, now: string, sealed: string): Statement[] {
  const connected = `EXISTS (SELECT 1 FROM store_connections WHERE store_id = ? AND provider = ? AND secrets_sealed = ?)`;
  return [
    sql(
      `INSERT INTO platform_deliveries (store_id, platform, id, topic, body, received_at, next_attempt_at)
       SELECT ?, ?, ?, ?, ?, ?, ? WHERE ${connected}
       ON CONFLICT (store_id, platform, id) DO NOTHING RETURNING id`,
      key.storeId,
      key.platform,
      key.id,
      topic,
      body,
      now,
      now,
      key.storeId,
      key.platform,
      sealed,
    ),
    sql(
      `UPDATE store_connections SET last_in_at = ? WHERE store_id = ? AND provider = ? AND secrets_sealed = ?
         AND EXISTS (SELECT 1 FROM platform_deliveries WHERE store_id = ? AND platform = ? AND id = ? AND received_at = ?)`,
      now,
      key.storeId,
      key.platform,
      sealed,
      key.storeId,
      key.platform,
      key.id,
      now,
    ),
    sql(`SELECT ${connected} AS connected`, key.storeId, key.platform, sealed),
  ];
}

/**
 * What `recordDeliveryStatements` did: `fresh`, the delivery is new and stored; otherwise either a
 * redelivery (`connected`), or nothing was stored because the connection changed (`!connected`).
 */
export function deliveryRecorded(results: D1Result[]): { fresh: boolean; connected: boolean } {
  const [inserted, , check] = results;
  const fresh = (inserted?.results.length ?? 0) > 0;
  return { fresh, connected: fresh || Number((check?.results[0] as { connected?: number } | undefined)?.connected ?? 0) === 1 };
}

export interface ClaimedDelivery extends DeliveryKey {
  topic: string;
  body: string;
  attempts: number;
  receivedAt: string;
}

/**
 * Takes a pending delivery whose time has come: its attempt is counted and its next attempt moved to
 * `retryAt`, which is also the lease (a processor that dies mid-way leaves it for then). Null when
 * another processor has it, it is done, or it is not due.
 */
export async function claimDelivery(db: D1Database, key: DeliveryKey, now: string, retryAt: string): Promise<ClaimedDelivery | null> {
  const row = await db
    .prepare(
      `UPDATE platform_deliveries SET attempts = attempts + 1, next_attempt_at = ?
       WHERE store_id = ? AND platform = ? AND id = ? AND status = 'pending' AND next_attempt_at <= ?
       RETURNING topic, body, attempts, received_at`,
    )
    .bind(retryAt, key.storeId, key.platform, key.id, now)
    .first<{ topic: string; body: string; attempts: number; received_at: string }>();
  return row ? { ...key, topic: row.topic, body: row.body, attempts: row.attempts, receivedAt: row.received_at } : null;
}

/** Pending deliveries due by `now`, oldest first (the cron's work). */
export async function dueDeliveries(db: D1Database, now: string, limit: number): Promise<DeliveryKey[]> {
  const { results } = await db
    .prepare(
      `SELECT store_id, platform, id FROM platform_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
    )
    .bind(now, limit)
    .all<{ store_id: string; platform: Platform; id: string }>();
  return results.map((r) => ({ storeId: r.store_id, platform: r.platform, id: r.id }));
}

/**
 * Records how processing went: `done` or `failed` for good, or still `pending` (to be tried again at
 * `retryAt`, or at once for work done in parts) with what went wrong.
 */
export function settleDeliveryStatement(
  key: DeliveryKey,
  result: { status: "done" | "failed"; outcome: string } | { status: "pending"; outcome: string; retryAt?: string },
  now: string,
): Statement {
  const outcome = result.outcome.slice(0, 500);
  if (result.status === "pending") {
    return sql(
      `UPDATE platform_deliveries SET outcome = ?, next_attempt_at = coalesce(?, next_attempt_at) WHERE store_id = ? AND platform = ? AND id = ? AND status = 'pending'`,
      outcome,
      result.retryAt ?? null,
      key.storeId,
      key.platform,
      key.id,
    );
  }
  return sql(
    `UPDATE platform_deliveries SET status = ?, outcome = ?, processed_at = ?, next_attempt_at = NULL WHERE store_id = ? AND platform = ? AND id = ?`,
    result.status,
    outcome,
    now,
    key.storeId,
    key.platform,
    key.id,
  );
}

export interface DeliveryRow {
  id: string;
  topic: string;
  status: string;
  attempts: number;
  receivedAt: string;
  processedAt: string | null;
  outcome: string | null;
}

/** A store's latest deliveries from one platform, without their bodies (for the operator and tests). */
export async function recentDeliveries(db: D1Database, storeId: string, platform: Platform, limit = 50): Promise<DeliveryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, topic, status, attempts, received_at, processed_at, outcome FROM platform_deliveries
       WHERE store_id = ? AND platform = ? ORDER BY received_at DESC LIMIT ?`,
    )
    .bind(storeId, platform, limit)
    .all<{
      id: string;
      topic: string;
      status: string;
      attempts: number;
      received_at: string;
      processed_at: string | null;
      outcome: string | null;
    }>();
  return results.map((r) => ({
    id: r.id,
    topic: r.topic,
    status: r.status,
    attempts: r.attempts,
    receivedAt: r.received_at,
    processedAt: r.processed_at,
    outcome: r.outcome,
  }));
}

/** Days raw platform bodies are kept (names and addresses in them), like carriers' webhook bodies. */
export const RAW_PLATFORM_DAYS = 30;

/** The daily clean-up of raw bodies past their days; what was made of them stays. */
export function platformRetentionStatements(now: Date): Statement[] {
  const cutoff = new Date(now.getTime() - RAW_PLATFORM_DAYS * 86_400_000).toISOString();
  return [sql(`UPDATE platform_deliveries SET body = '{}' WHERE received_at < ? AND status <> 'pending' AND body <> '{}'`, cutoff)];
}

/** The nightly clear-out of platform delivery bodies past their retention. */
export async function clearExpiredDeliveries(db: D1Database, now: Date): Promise<void> {
  await runBatch(db, platformRetentionStatements(now));
}
