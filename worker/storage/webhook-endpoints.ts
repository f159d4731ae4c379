/**
 * A store's webhook endpoints as the merchant manages them (issue 26): listed with what waits for them
 * and how their last attempt went, changed, paused, removed, tested, and each one's delivery log.
 * Registering one is outbound.ts's `addEndpointStatement`, shared with the operator's `webhook:add`.
 */
import { prepare, sql, type Statement } from "./statement.ts";

export interface EndpointRow {
  id: string;
  url: string;
  secretSealed: string;
  events: string[];
  pausedAt: string | null;
  createdAt: string;
  updatedAt: string | null;
  /** Deliveries waiting for an attempt (paused ones included). */
  pending: number;
  lastAttempt: { at: string; status: number | null; error: string | null; durationMs: number } | null;
}

const ENDPOINT_COLUMNS = `e.id, e.url, e.secret_sealed, e.events, e.paused_at, e.created_at, e.updated_at,
  (SELECT count(*) FROM outbound_deliveries d
    WHERE d.store_id = e.store_id AND d.endpoint_id = e.id AND d.delivered_at IS NULL AND d.next_attempt_at IS NOT NULL) AS pending,
  (SELECT json_array(a.at, a.status, a.error, a.duration_ms) FROM outbound_attempts a
    WHERE a.store_id = e.store_id AND a.endpoint_id = e.id ORDER BY a.at DESC LIMIT 1) AS last_attempt`;

interface Row {
  id: string;
  url: string;
  secret_sealed: string;
  events: string;
  paused_at: string | null;
  created_at: string;
  updated_at: string | null;
  pending: number;
  last_attempt: string | null;
}

function endpointFromRow(row: Row): EndpointRow {
  const last = row.last_attempt ? (JSON.parse(row.last_attempt) as [string, number | null, string | null, number]) : null;
  return {
    id: row.id,
    url: row.url,
    secretSealed: row.secret_sealed,
    events: JSON.parse(row.events) as string[],
    pausedAt: row.paused_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    pending: row.pending,
    lastAttempt: last ? { at: last[0], status: last[1], error: last[2], durationMs: last[3] } : null,
  };
}

/** The store's endpoints, oldest first. */
export async function listEndpoints(db: D1Database, storeId: string): Promise<EndpointRow[]> {
  const { results } = await db
    .prepare(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.store_id = ? ORDER BY e.created_at, e.id`)
    .bind(storeId)
    .all<Row>();
  return results.map(endpointFromRow);
}

export async function getEndpoint(db: D1Database, storeId: string, id: string): Promise<EndpointRow | null> {
  const row = await db
    .prepare(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.store_id = ? AND e.id = ?`)
    .bind(storeId, id)
    .first<Row>();
  return row ? endpointFromRow(row) : null;
}

export async function countEndpoints(db: D1Database, storeId: string): Promise<number> {
  const row = await db.prepare(`SELECT count(*) AS n FROM webhook_endpoints WHERE store_id = ?`).bind(storeId).first<{ n: number }>();
  return row?.n ?? 0;
}

/** An endpoint's changeable fields, all written (the service has merged the change into what was there). */
export const updateEndpointStatement = (
  storeId: string,
  id: string,
  endpoint: { url: string; events: readonly string[]; secretSealed: string; pausedAt: string | null },
  now: string,
): Statement =>
  sql(
    `UPDATE webhook_endpoints SET url = ?, events = ?, secret_sealed = ?, paused_at = ?, updated_at = ? WHERE store_id = ? AND id = ?`,
    endpoint.url,
    JSON.stringify(endpoint.events),
    endpoint.secretSealed,
    endpoint.pausedAt,
    now,
    storeId,
    id,
  );

/**
 * Removes an endpoint. What still waited for it is stopped (a delivery with no next attempt); its
 * attempts stay, for the delivery report.
 */
export const deleteEndpointStatements = (storeId: string, id: string): Statement[] => [
  sql(`UPDATE outbound_deliveries SET next_attempt_at = NULL WHERE store_id = ? AND endpoint_id = ? AND delivered_at IS NULL`, storeId, id),
  sql(`DELETE FROM webhook_endpoints WHERE store_id = ? AND id = ?`, storeId, id),
];

/** The type of the event a test delivery sends; never queued, never retried, in no delivery report. */
export const TEST_EVENT_TYPE = "webhook.test";

/**
 * A test delivery, as it went: its event (for the log to name) and its one attempt. No delivery row:
 * nothing retries it, and the delivery report (which reads deliveries) leaves it out.
 */
export function testDeliveryStatements(
  storeId: string,
  endpointId: string,
  event: { id: string; payload: string },
  attempt: { at: string; status: number | null; error: string | null; durationMs: number },
): Statement[] {
  return [
    sql(
      `INSERT INTO outbound_events (store_id, id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
      storeId,
      event.id,
      TEST_EVENT_TYPE,
      event.payload,
      attempt.at,
    ),
    sql(
      `INSERT INTO outbound_attempts (store_id, event_id, endpoint_id, attempt, at, status, error, duration_ms) VALUES (?, ?, ?, 1, ?, ?, ?, ?)`,
      storeId,
      event.id,
      endpointId,
      attempt.at,
      attempt.status,
      attempt.error,
      attempt.durationMs,
    ),
  ];
}

export interface LoggedAttempt {
  cursor: number;
  eventId: string;
  eventType: string | null;
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * An endpoint's attempts, newest first, after (older than) the attempt `before` names when given; one
 * more than `limit` tells whether more remain. The cursor is an attempt's rowid, so attempts made in
 * the same millisecond page without a gap.
 */
export async function deliveryLog(
  db: D1Database,
  storeId: string,
  endpointId: string,
  page: { limit: number; before?: number },
): Promise<{ attempts: LoggedAttempt[]; nextBefore: number | null }> {
  const before = page.before ?? null;
  const { results } = await prepare(
    db,
    sql(
      `SELECT a.rowid AS cursor, a.event_id AS eventId, e.type AS eventType, a.attempt, a.at, a.status, a.error, a.duration_ms AS durationMs
       FROM outbound_attempts a LEFT JOIN outbound_events e ON e.store_id = a.store_id AND e.id = a.event_id
       WHERE a.store_id = ? AND a.endpoint_id = ?
         AND (? IS NULL OR (a.at, a.rowid) < (SELECT b.at, b.rowid FROM outbound_attempts b WHERE b.rowid = ?))
       ORDER BY a.at DESC, a.rowid DESC LIMIT ?`,
      storeId,
      endpointId,
      before,
      before,
      page.limit + 1,
    ),
  ).all<LoggedAttempt>();
  const attempts = results.slice(0, page.limit);
  return { attempts, nextBefore: results.length > page.limit ? (attempts.at(-1)?.cursor ?? null) : null };
}
