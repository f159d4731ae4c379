/**
 * How the store's outbound deliveries (webhook endpoints and Klaviyo alike: outbound_deliveries and
 * outbound_attempts, migration 0003) ended, for GET /v1/admin/deliveries and the dashboard. A delivery
 * is judged by its last attempt (the one numbered `attempts`), and only when that attempt is in the
 * window, which the index of migration 0015 reads from the newest end.
 */
import type { DeliveryProblemState } from "../../contract/outbound.ts";
import { CANCELLED_BY_WITHDRAWAL } from "./consent.ts";
import { prepare, sql, type Statement } from "./statement.ts";

/**
 * How a delivery stands: `delivered`; `retrying` (another attempt is scheduled); `cancelled` (stopped
 * by a marketing consent withdrawal: not a failure); `erased` (stopped by the customer's erasure, which
 * left nothing to send: not a failure either); else `failed` (attempted, none left).
 */
export type DeliveryState = DeliveryProblemState | "delivered" | "cancelled" | "erased";

/** Each delivery of the store whose last attempt is at or after `since`, judged, with that attempt. */
function judged(storeId: string, since: string): Statement {
  return sql(
    `WITH judged AS (
       SELECT d.endpoint_id, d.event_id, d.attempts, d.next_attempt_at, a.at, a.status, a.error, e.type,
              json_extract(e.payload, '$.data.orderId') AS order_id,
              CASE WHEN d.delivered_at IS NOT NULL THEN 'delivered'
                   WHEN d.next_attempt_at IS NOT NULL THEN 'retrying'
                   WHEN a.error IS ? THEN 'cancelled'
                   WHEN json_extract(e.payload, '$.erased') IS NOT NULL THEN 'erased'
                   ELSE 'failed' END AS state
       FROM outbound_attempts a
       JOIN outbound_deliveries d
         ON d.store_id = a.store_id AND d.event_id = a.event_id AND d.endpoint_id = a.endpoint_id AND d.attempts = a.attempt
       JOIN outbound_events e ON e.store_id = d.store_id AND e.id = d.event_id
       WHERE a.store_id = ? AND a.at >= ?
     )`,
    CANCELLED_BY_WITHDRAWAL,
    storeId,
    since,
  );
}

/** A destination's URL for a webhook endpoint (null for Klaviyo, or an endpoint since removed). */
const ENDPOINT_URL = `(SELECT w.url FROM webhook_endpoints w WHERE w.store_id = ? AND w.id = judged.endpoint_id)`;

export interface DestinationStateCount {
  destination: string;
  url: string | null;
  state: DeliveryState;
  count: number;
}

export interface DeliveryProblemRow {
  destination: string;
  url: string | null;
  eventId: string;
  eventType: string;
  orderId: string | null;
  state: DeliveryProblemState;
  attempts: number;
  lastAttempt: { at: string; status: number | null; error: string | null };
  nextAttemptAt: string | null;
}

/**
 * Per destination and state, the deliveries whose last attempt is in the window; and those that failed
 * or are retrying (`states`), newest last attempt first, at most `limit`. One round trip.
 */
export async function deliveryReport(
  db: D1Database,
  q: { storeId: string; since: string; states: readonly DeliveryProblemState[]; limit: number },
): Promise<{ counts: DestinationStateCount[]; problems: DeliveryProblemRow[] }> {
  const base = judged(q.storeId, q.since);
  const states = q.states.map(() => "?").join(", ");
  const [counts, problems] = await db.batch([
    prepare(
      db,
      sql(
        `${base.sql}
         SELECT endpoint_id AS destination, ${ENDPOINT_URL} AS url, state, count(*) AS n FROM judged
         GROUP BY endpoint_id, state ORDER BY endpoint_id, state`,
        ...base.params,
        q.storeId,
      ),
    ),
    prepare(
      db,
      sql(
        `${base.sql}
         SELECT endpoint_id AS destination, ${ENDPOINT_URL} AS url, event_id, type, order_id, state, attempts, at, status, error, next_attempt_at
         FROM judged WHERE state IN (${states})
         ORDER BY at DESC, event_id, endpoint_id LIMIT ?`,
        ...base.params,
        q.storeId,
        ...q.states,
        q.limit,
      ),
    ),
  ]);
  type CountRow = { destination: string; url: string | null; state: DeliveryState; n: number };
  type ProblemRow = {
    destination: string;
    url: string | null;
    event_id: string;
    type: string;
    order_id: unknown;
    state: DeliveryProblemState;
    attempts: number;
    at: string;
    status: number | null;
    error: string | null;
    next_attempt_at: string | null;
  };
  return {
    counts: ((counts?.results ?? []) as CountRow[]).map((r) => ({ destination: r.destination, url: r.url, state: r.state, count: r.n })),
    problems: ((problems?.results ?? []) as ProblemRow[]).map((r) => ({
      destination: r.destination,
      url: r.url,
      eventId: r.event_id,
      eventType: r.type,
      // A payload's order id is a string; anything else (a number sent by hand) is shown as it reads.
      orderId: r.order_id === null || r.order_id === undefined ? null : String(r.order_id),
      state: r.state,
      attempts: r.attempts,
      lastAttempt: { at: r.at, status: r.status, error: r.error },
      nextAttemptAt: r.next_attempt_at,
    })),
  };
}
