/**
 * Lifecycle moments in D1: the schedule kept in step with the order (scheduled rows follow every
 * recomputation; sent, suppressed and withdrawn rows never move again), the due ones claimed once,
 * and what a send needs to know about the customer.
 */
import type { OrderMoment } from "../../contract/admin.ts";
import type { UpdateChannel } from "../../contract/vocabularies.ts";
import { NOTICE_KINDS } from "../../contract/vocabularies.ts";
import type { MarketingConsents, SentUnder } from "../domain/consent.ts";
import type { Moment, MomentKind } from "../domain/lifecycle/schedule.ts";
import { MARKETING_CONSENTS_JSON, parseConsents } from "./consent.ts";
import { outboundEventStatements } from "./outbound.ts";
import { runBatch, sql, type Statement } from "./statement.ts";

/** What an order's schedule is computed from (besides its parcels); null for no such order. */
export async function orderScheduleFacts(
  db: D1Database,
  storeId: string,
  orderId: string,
): Promise<{ customerId: string; placedAt: string; cancelledAt?: string; lines: { sku: string; family?: string }[] } | null> {
  const [orders, lines] = await db.batch([
    db.prepare(`SELECT customer_id, placed_at, cancelled_at FROM orders WHERE store_id = ? AND id = ?`).bind(storeId, orderId),
    db.prepare(`SELECT sku, family FROM order_lines WHERE store_id = ? AND order_id = ? ORDER BY position`).bind(storeId, orderId),
  ]);
  const order = orders?.results[0] as { customer_id: string; placed_at: string; cancelled_at: string | null } | undefined;
  if (!order) return null;
  return {
    customerId: order.customer_id,
    placedAt: order.placed_at,
    cancelledAt: order.cancelled_at ?? undefined,
    lines: ((lines?.results ?? []) as { sku: string; family: string | null }[]).map((l) => ({ sku: l.sku, family: l.family ?? undefined })),
  };
}

/** Keeps an order's stored schedule in step with the wanted one (scheduleStatements), as one transaction. */
export async function saveSchedule(
  db: D1Database,
  storeId: string,
  orderId: string,
  customerId: string,
  wanted: Moment[],
  now: string,
): Promise<void> {
  await runBatch(db, scheduleStatements(storeId, orderId, customerId, wanted, now));
}

/**
 * Moments no schedule has, so a recomputation never withdraws them: the delay notices the sweep raises
 * and withdraws itself (services/delay-sweep.ts), and a status link support sent again (status-link.ts).
 */
const SWEPT_KINDS = [...NOTICE_KINDS, "status_link"].map((k) => `'${k}'`).join(", ");

/**
 * Upserts the wanted schedule and withdraws scheduled moments that are no longer wanted (a returned
 * parcel's reorder reminder). Only rows still `scheduled` change, so recomputing is always safe.
 */
export function scheduleStatements(storeId: string, orderId: string, customerId: string, wanted: Moment[], now: string): Statement[] {
  const keys = JSON.stringify(wanted.map((m) => `${m.kind}|${m.ref}`));
  return [
    ...wanted.map((m) =>
      sql(
        `INSERT INTO lifecycle_moments (store_id, order_id, kind, ref, customer_id, due_at, marketing, first, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (store_id, order_id, kind, ref) DO UPDATE SET
           due_at = excluded.due_at, marketing = excluded.marketing, first = excluded.first, customer_id = excluded.customer_id,
           updated_at = excluded.updated_at
         WHERE lifecycle_moments.status = 'scheduled'
           AND (lifecycle_moments.due_at, lifecycle_moments.marketing, lifecycle_moments.first, lifecycle_moments.customer_id)
               IS NOT (excluded.due_at, excluded.marketing, excluded.first, excluded.customer_id)`,
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
      ),
    ),
    sql(
      `UPDATE lifecycle_moments SET status = 'withdrawn', reason = 'no_longer_due', decided_at = ?, updated_at = ?
       WHERE store_id = ? AND order_id = ? AND status = 'scheduled' AND kind || '|' || ref NOT IN (SELECT value FROM json_each(?))
         AND kind NOT IN (${SWEPT_KINDS})`,
      now,
      now,
      storeId,
      orderId,
      keys,
    ),
  ];
}

export interface DueMoment {
  storeId: string;
  orderId: string;
  kind: MomentKind;
  ref: string;
  customerId: string;
  dueAt: string;
  marketing: boolean;
  first: boolean;
  placedAt: string;
  channel: UpdateChannel | null;
  contact: string | null;
  consentAt: string | null;
  email: string | null;
  phone: string | null;
  erased: boolean;
  /** The customer's marketing consent per channel, as it holds now. */
  consents: MarketingConsents;
  /** Families of lines this customer ordered after this order was placed. */
  reorderedFamilies: string[];
  /** The order's active token (its status link), null once revoked. */
  token: string | null;
}

/** Scheduled moments due by `now`, oldest first, with the customer facts a send is decided on and the order's token. */
export async function dueMoments(
  db: D1Database,
  now: string,
  limit: number,
  storeId?: string,
  only?: Pick<DueMoment, "orderId" | "kind" | "ref">,
): Promise<DueMoment[]> {
  const { results } = await db
    .prepare(
      `SELECT m.store_id, m.order_id, m.kind, m.ref, m.customer_id, m.due_at, m.marketing, m.first, o.placed_at,
              p.channel, p.contact, p.consent_at, c.email, c.phone, c.erased_at, t.token,
              ${MARKETING_CONSENTS_JSON("m.store_id", "m.customer_id")} AS consents,
              (SELECT json_group_array(DISTINCT l.family) FROM orders later JOIN order_lines l ON l.store_id = later.store_id AND l.order_id = later.id
               WHERE later.store_id = m.store_id AND later.customer_id = m.customer_id AND later.id <> m.order_id
                 AND unixepoch(later.placed_at) > unixepoch(o.placed_at) AND l.family IS NOT NULL) AS reordered
       FROM lifecycle_moments m
       JOIN orders o ON o.store_id = m.store_id AND o.id = m.order_id
       LEFT JOIN order_preferences p ON p.store_id = m.store_id AND p.order_id = m.order_id
       LEFT JOIN customers c ON c.store_id = m.store_id AND c.id = m.customer_id
       LEFT JOIN order_tokens t ON t.store_id = m.store_id AND t.order_id = m.order_id AND t.revoked_at IS NULL
       WHERE m.status = 'scheduled' AND m.due_at <= ?1 AND (?3 IS NULL OR m.store_id = ?3)
         AND (?4 IS NULL OR (m.order_id = ?4 AND m.kind = ?5 AND m.ref = ?6))
       ORDER BY m.due_at, m.store_id, m.order_id
       LIMIT ?2`,
    )
    .bind(now, limit, storeId ?? null, only?.orderId ?? null, only?.kind ?? null, only?.ref ?? null)
    .all<Record<string, string | number | null>>();
  return results.map((r) => ({
    storeId: String(r.store_id),
    orderId: String(r.order_id),
    kind: r.kind as MomentKind,
    ref: String(r.ref),
    customerId: String(r.customer_id),
    dueAt: String(r.due_at),
    marketing: r.marketing === 1,
    first: r.first === 1,
    placedAt: String(r.placed_at),
    channel: (r.channel as DueMoment["channel"]) ?? null,
    contact: (r.contact as string | null) ?? null,
    consentAt: (r.consent_at as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    erased: r.erased_at !== null && r.erased_at !== undefined,
    consents: parseConsents(r.consents),
    reorderedFamilies: (JSON.parse(String(r.reordered ?? "[]")) as (string | null)[]).filter((f): f is string => !!f),
    token: (r.token as string | null) ?? null,
  }));
}

/**
 * Settles one due moment: `sent` (with its outbound event) or `suppressed` (with the reason). The
 * claim only succeeds while the row is still scheduled and due; two overlapping cron runs race on it,
 * and the outbound event id is derived from the moment, so the loser's event insert is a no-op too.
 */
export function settleStatement(
  m: Pick<DueMoment, "storeId" | "orderId" | "kind" | "ref">,
  outcome: { status: "sent" | "suppressed"; reason?: string; eventId?: string; sentUnder?: SentUnder },
  now: string,
): Statement {
  return sql(
    `UPDATE lifecycle_moments SET status = ?, reason = ?, event_id = ?, consent = ?, decided_at = ?, updated_at = ?
     WHERE store_id = ? AND order_id = ? AND kind = ? AND ref = ? AND status = 'scheduled'`,
    outcome.status,
    outcome.reason ?? null,
    outcome.eventId ?? null,
    outcome.sentUnder ? JSON.stringify(outcome.sentUnder) : null,
    now,
    now,
    m.storeId,
    m.orderId,
    m.kind,
    m.ref,
  );
}

/** An order's moments and each sent one's delivery attempts, for the dashboard. */
export async function momentsOfOrder(db: D1Database, storeId: string, orderId: string): Promise<OrderMoment[]> {
  const { results } = await db
    .prepare(
      `SELECT m.kind, m.ref, m.due_at AS dueAt, m.marketing, m.first, m.status, m.reason, m.decided_at AS decidedAt, m.event_id AS eventId, m.consent,
              (SELECT json_group_array(json_object('endpointId', a.endpoint_id, 'number', a.attempt, 'status', a.status, 'error', a.error, 'at', a.at))
               FROM outbound_attempts a WHERE a.store_id = m.store_id AND a.event_id = m.event_id) AS attempts
       FROM lifecycle_moments m WHERE m.store_id = ? AND m.order_id = ? ORDER BY m.due_at, m.kind, m.ref`,
    )
    .bind(storeId, orderId)
    .all<Record<string, string | number | null>>();
  return results.map((r) => ({
    kind: String(r.kind),
    ref: String(r.ref),
    dueAt: String(r.dueAt),
    marketing: r.marketing === 1,
    first: r.first === 1,
    status: String(r.status),
    reason: (r.reason as string | null) ?? null,
    decidedAt: (r.decidedAt as string | null) ?? null,
    eventId: (r.eventId as string | null) ?? null,
    sentUnder: r.consent ? sentUnderOf(String(r.consent)) : null,
    attempts: r.eventId ? (JSON.parse(String(r.attempts ?? "[]")) as OrderMoment["attempts"]) : [],
  }));
}

const sentUnderOf = (json: string): OrderMoment["sentUnder"] => {
  const { basis, channel } = JSON.parse(json) as SentUnder;
  return { basis, channel };
};

/** Settles a due moment as suppressed, with the reason. */
export async function suppressMoment(db: D1Database, m: DueMoment, reason: string, now: string): Promise<void> {
  await runBatch(db, [settleStatement(m, { status: "suppressed", reason }, now)]);
}

/**
 * Settles a due moment as sent and queues its outbound event, as one transaction; true if this very
 * run claimed it. The event is queued only if the claim succeeded, never for a withdrawn moment.
 */
export async function sendMoment(
  db: D1Database,
  m: DueMoment,
  event: { id: string; type: string; data: unknown },
  sentUnder: SentUnder,
  now: string,
): Promise<boolean> {
  const [claim] = await runBatch(db, [
    settleStatement(m, { status: "sent", eventId: event.id, sentUnder }, now),
    ...outboundEventStatements(m.storeId, event, now, {
      sql: `EXISTS (SELECT 1 FROM lifecycle_moments WHERE store_id = ? AND order_id = ? AND kind = ? AND ref = ? AND event_id = ? AND decided_at = ?)`,
      params: [m.storeId, m.orderId, m.kind, m.ref, event.id, now],
    }),
  ]);
  return !!claim?.meta.changes;
}

/**
 * Support's request to send an order's status link again (POST /v1/admin/orders/{id}/status-link): a
 * `status_link` moment due now, keyed by the request's time, written only when none was asked for
 * since `since`. One statement, so two clicks racing each other write one row between them.
 */
export function statusLinkRequestStatement(
  storeId: string,
  orderId: string,
  customerId: string,
  ref: string,
  now: string,
  since: string,
): Statement {
  return sql(
    `INSERT INTO lifecycle_moments (store_id, order_id, kind, ref, customer_id, due_at, marketing, first, created_at, updated_at)
     SELECT ?1, ?2, 'status_link', ?4, ?3, ?5, 0, 1, ?5, ?5
     WHERE NOT EXISTS (SELECT 1 FROM lifecycle_moments
                       WHERE store_id = ?1 AND order_id = ?2 AND kind = 'status_link' AND created_at > ?6)`,
    storeId,
    orderId,
    customerId,
    ref,
    now,
    since,
  );
}

/** The newest status link asked for since `since`, as it stands: sent (and by which channel) or why not. */
export async function recentStatusLink(db: D1Database, storeId: string, orderId: string, since: string) {
  const row = await db
    .prepare(
      `SELECT ref, status, reason, event_id, consent, created_at FROM lifecycle_moments
       WHERE store_id = ? AND order_id = ? AND kind = 'status_link' AND created_at > ? ORDER BY created_at DESC LIMIT 1`,
    )
    .bind(storeId, orderId, since)
    .first<{ ref: string; status: string; reason: string | null; event_id: string | null; consent: string | null; created_at: string }>();
  return (
    row && {
      ref: row.ref,
      status: row.status,
      reason: row.reason,
      eventId: row.event_id,
      channel: row.consent ? (JSON.parse(row.consent) as SentUnder).channel : null,
      requestedAt: row.created_at,
    }
  );
}
