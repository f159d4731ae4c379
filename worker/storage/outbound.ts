import { prepare, runBatch, sql, type Statement } from "./statement.ts";

/**
 * The delivery row of an event bound for the store's Klaviyo connection: `endpoint_id` names the
 * destination rather than a webhook endpoint (those ids start with `we_`, so the two never meet).
 */
export const KLAVIYO_DESTINATION = "klaviyo";

/**
 * Statements that record an event for merchants' tools and queue it for every endpoint subscribed to
 * its type. They go into the same batch (transaction) as the write that caused the event, so an event
 * is never lost between the two. The id is chosen by the caller so a repeated write repeats nothing.
 * Deliveries are queued only when the event row is new in this very transaction (created now), for
 * every subscribed endpoint that is not paused and, when the store has connected it, its Klaviyo
 * account (every type).
 */
export function outboundEventStatements(
  storeId: string,
  event: { id: string; type: string; data: unknown },
  now: string,
  /** A condition the event needs, checked in the same transaction (e.g. "this run claimed the moment"). */
  onlyIf?: { sql: string; params: Statement["params"] },
): Statement[] {
  const envelope = JSON.stringify({ id: event.id, type: event.type, createdAt: now, storeId, data: event.data });
  return [
    sql(
      `INSERT INTO outbound_events (store_id, id, type, payload, created_at) SELECT ?, ?, ?, ?, ? WHERE ${onlyIf?.sql ?? "true"}
       ON CONFLICT (store_id, id) DO NOTHING`,
      storeId,
      event.id,
      event.type,
      envelope,
      now,
      ...(onlyIf?.params ?? []),
    ),
    sql(
      `INSERT INTO outbound_deliveries (store_id, event_id, endpoint_id, attempts, next_attempt_at)
       SELECT e.store_id, ?, e.id, 0, ? FROM webhook_endpoints e
       WHERE e.store_id = ? AND e.paused_at IS NULL AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = ?)
         AND EXISTS (SELECT 1 FROM outbound_events o WHERE o.store_id = e.store_id AND o.id = ? AND o.created_at = ?)
       ON CONFLICT DO NOTHING`,
      event.id,
      now,
      storeId,
      event.type,
      event.id,
      now,
    ),
    sql(
      `INSERT INTO outbound_deliveries (store_id, event_id, endpoint_id, attempts, next_attempt_at)
       SELECT k.store_id, ?, '${KLAVIYO_DESTINATION}', 0, ? FROM store_connections k
       WHERE k.store_id = ? AND k.provider = 'klaviyo' AND k.status = 'active'
         AND EXISTS (SELECT 1 FROM outbound_events o WHERE o.store_id = k.store_id AND o.id = ? AND o.created_at = ?)
       ON CONFLICT DO NOTHING`,
      event.id,
      now,
      storeId,
      event.id,
      now,
    ),
  ];
}

export function addEndpointStatement(
  storeId: string,
  endpoint: { id: string; url: string; secretSealed: string; events: string[] },
  now: string,
): Statement {
  return sql(
    `INSERT INTO webhook_endpoints (store_id, id, url, secret_sealed, events, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    storeId,
    endpoint.id,
    endpoint.url,
    endpoint.secretSealed,
    JSON.stringify(endpoint.events),
    now,
  );
}

/** A delivery claimed for sending: its key and the attempts made so far. */
export interface ClaimedDelivery {
  store_id: string;
  event_id: string;
  endpoint_id: string;
  attempts: number;
}

/**
 * Claims the deliveries due by `now`, oldest first: their next attempt moves to `leaseUntil`, so an
 * overlapping run does not send them at the same time. Only one store's with `storeId`. A paused
 * endpoint's deliveries are left waiting: once it is resumed, those due go at the next run.
 */
export async function claimDueDeliveries(
  db: D1Database,
  q: { now: string; leaseUntil: string; limit: number; storeId?: string },
): Promise<ClaimedDelivery[]> {
  const { results } = await db
    .prepare(
      `UPDATE outbound_deliveries SET next_attempt_at = ?
       WHERE rowid IN (SELECT rowid FROM outbound_deliveries
                       WHERE delivered_at IS NULL AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
                         AND (? IS NULL OR store_id = ?)
                         AND NOT EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.store_id = outbound_deliveries.store_id
                                           AND w.id = outbound_deliveries.endpoint_id AND w.paused_at IS NOT NULL)
                       ORDER BY next_attempt_at LIMIT ?)
       RETURNING store_id, event_id, endpoint_id, attempts`,
    )
    .bind(q.leaseUntil, q.now, q.storeId ?? null, q.storeId ?? null, q.limit)
    .all<ClaimedDelivery>();
  return results;
}

/** The event's payload and the endpoint's URL and sealed secret, in one round trip; either may be gone. */
export async function deliveryToSend(
  db: D1Database,
  row: ClaimedDelivery,
): Promise<{ payload?: string; endpoint?: { url: string; secret_sealed: string } }> {
  const [events, endpoints] = await db.batch([
    prepare(db, sql(`SELECT payload FROM outbound_events WHERE store_id = ? AND id = ?`, row.store_id, row.event_id)),
    prepare(db, sql(`SELECT url, secret_sealed FROM webhook_endpoints WHERE store_id = ? AND id = ?`, row.store_id, row.endpoint_id)),
  ]);
  return {
    payload: (events?.results[0] as { payload: string } | undefined)?.payload,
    endpoint: endpoints?.results[0] as { url: string; secret_sealed: string } | undefined,
  };
}

/** What sending an event to Klaviyo needs: the event, the connection's sealed key, the customer as stored now. */
export interface KlaviyoSend {
  payload?: string;
  secretsSealed?: string;
  connected: boolean;
  customer?: { id: string; email: string | null; phone: string | null; erased: boolean };
}

/** The event, the store's Klaviyo connection and the event's customer, in one round trip; any may be gone. */
export async function klaviyoDeliveryToSend(db: D1Database, row: ClaimedDelivery): Promise<KlaviyoSend> {
  const found = await prepare(
    db,
    sql(
      `SELECT o.payload, k.secrets_sealed, k.status, c.id AS customer_id, c.email, c.phone, c.erased_at
       FROM outbound_events o
       LEFT JOIN store_connections k ON k.store_id = o.store_id AND k.provider = 'klaviyo'
       LEFT JOIN customers c ON c.store_id = o.store_id
         AND c.id = coalesce(json_extract(o.payload, '$.data.customer.id'), json_extract(o.payload, '$.data.customerId'))
       WHERE o.store_id = ? AND o.id = ?`,
      row.store_id,
      row.event_id,
    ),
  ).first<{
    payload: string;
    secrets_sealed: string | null;
    status: string | null;
    customer_id: string | null;
    email: string | null;
    phone: string | null;
    erased_at: string | null;
  }>();
  if (!found) return { connected: false };
  return {
    payload: found.payload,
    secretsSealed: found.secrets_sealed ?? undefined,
    connected: found.status === "active",
    customer: found.customer_id
      ? { id: found.customer_id, email: found.email, phone: found.phone, erased: found.erased_at !== null }
      : undefined,
  };
}

/** Records one attempt and the delivery's new state (delivered, or when to try next, or never), as one transaction. */
export async function recordAttempt(
  db: D1Database,
  row: ClaimedDelivery,
  attempt: {
    number: number;
    at: string;
    status: number | null;
    error: string | null;
    durationMs: number;
    deliveredAt: string | null;
    nextAttemptAt: string | null;
  },
  also: Statement[] = [],
): Promise<void> {
  const key = [row.store_id, row.event_id, row.endpoint_id] as const;
  await runBatch(db, [
    sql(
      `INSERT INTO outbound_attempts (store_id, event_id, endpoint_id, attempt, at, status, error, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ...key,
      attempt.number,
      attempt.at,
      attempt.status,
      attempt.error,
      attempt.durationMs,
    ),
    // Not for a delivery cancelled while this attempt was under way (a consent withdrawal): it stays stopped.
    sql(
      `UPDATE outbound_deliveries SET attempts = ?, delivered_at = ?, next_attempt_at = ?
       WHERE store_id = ? AND event_id = ? AND endpoint_id = ? AND next_attempt_at IS NOT NULL`,
      attempt.number,
      attempt.deliveredAt,
      attempt.nextAttemptAt,
      ...key,
    ),
    ...also,
  ]);
}
