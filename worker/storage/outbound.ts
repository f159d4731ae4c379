import { sql, type Statement } from "./statement.ts";

/**
 * Statements that record an event for merchants' tools and queue it for every endpoint subscribed to
 * its type. They go into the same batch (transaction) as the write that caused the event, so an event
 * is never lost between the two. The id is chosen by the caller so a repeated write repeats nothing.
 * Deliveries are queued only when the event row is new in this very transaction (created now).
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
       WHERE e.store_id = ? AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = ?)
         AND EXISTS (SELECT 1 FROM outbound_events o WHERE o.store_id = e.store_id AND o.id = ? AND o.created_at = ?)
       ON CONFLICT DO NOTHING`,
      event.id,
      now,
      storeId,
      event.type,
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
