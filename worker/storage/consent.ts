/**
 * Consent in D1: marketing consent per customer and channel (the newest news wins, whatever order it
 * arrives in), every change in `consent_changes`, and a withdrawal that cancels at once the marketing
 * messages still waiting to be delivered on that channel (migration 0014).
 */
import { DELIVERY_ERRORS } from "../../contract/delivery-errors.ts";
import { MARKETING_CHANNELS, type ConsentState, type MarketingChannel, type UpdateChannel } from "../../contract/vocabularies.ts";
import type { ConsentNews, MarketingConsents } from "../domain/consent.ts";
import { sql, type Statement } from "./statement.ts";
import { customerViewsChanged } from "./view-versions.ts";

/** The channels news arrived for, from an input's `{email?, sms?}` with defaults for time and source. */
export function consentNews(
  input: Partial<Record<MarketingChannel, { state: ConsentState; at?: string; source?: string }>> | undefined,
  defaults: { at: string; source: string },
): ConsentNews[] {
  if (!input) return [];
  return MARKETING_CHANNELS.flatMap((channel) => {
    const given = input[channel];
    return given ? [{ channel, state: given.state, at: given.at ?? defaults.at, source: given.source ?? defaults.source }] : [];
  });
}

export const CANCELLED_BY_WITHDRAWAL = DELIVERY_ERRORS.consentWithdrawn;

/**
 * The statements that take in news of a customer's marketing consent, one channel at a time, in one
 * transaction with whatever brought it (an order, a platform webhook, the shopper's click). News older
 * than what is stored, or the same state again, changes nothing and records nothing.
 */
export function marketingConsentStatements(
  storeId: string,
  customerId: string,
  orderId: string | null,
  news: ConsentNews[],
  now: string,
): Statement[] {
  return news.flatMap((n) => {
    const current = `SELECT 1 FROM marketing_consents WHERE store_id = ? AND customer_id = ? AND channel = ?`;
    const key = [storeId, customerId, n.channel] as const;
    // True once this news is what holds now (it took effect in this transaction, or held already).
    const holds = `EXISTS (${current} AND state = ? AND at = ?)`;
    // True before the news is taken in when it will change what holds (the upsert's own condition).
    const changes = sql(`NOT EXISTS (${current} AND (state = ? OR unixepoch(at) > unixepoch(?)))`, ...key, n.state, n.at);
    const statements: Statement[] = [
      // Every order of the customer shows their consent: their views change with it.
      customerViewsChanged(storeId, customerId, changes),
      sql(
        `INSERT INTO consent_changes (store_id, customer_id, order_id, purpose, channel, state, at, source, recorded_at)
         SELECT ?, ?, ?, 'marketing', ?, ?, ?, ?, ?
         WHERE ${changes.sql}`,
        storeId,
        customerId,
        orderId,
        n.channel,
        n.state,
        n.at,
        n.source,
        now,
        ...changes.params,
      ),
      sql(
        `INSERT INTO marketing_consents (store_id, customer_id, channel, state, at, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (store_id, customer_id, channel) DO UPDATE SET
           state = excluded.state, at = excluded.at, source = excluded.source, updated_at = excluded.updated_at
         WHERE marketing_consents.state <> excluded.state AND unixepoch(excluded.at) >= unixepoch(marketing_consents.at)`,
        ...key,
        n.state,
        n.at,
        n.source,
        now,
      ),
    ];
    if (n.state !== "granted")
      statements.push(...cancelMarketingStatements(storeId, customerId, n.channel, now, { sql: holds, params: [...key, n.state, n.at] }));
    return statements;
  });
}

/**
 * Cancels every undelivered delivery (webhook endpoints and Klaviyo alike) of the marketing moments
 * sent to this customer under consent on this channel; each gets an attempt that says why.
 */
function cancelMarketingStatements(
  storeId: string,
  customerId: string,
  channel: MarketingChannel,
  now: string,
  onlyIf: { sql: string; params: Statement["params"] },
): Statement[] {
  const events = `SELECT m.event_id FROM lifecycle_moments m
    WHERE m.store_id = ? AND m.customer_id = ? AND m.event_id IS NOT NULL AND m.marketing = 1
      AND json_extract(m.consent, '$.channel') = ?`;
  const pending = `d.store_id = ? AND d.delivered_at IS NULL AND d.next_attempt_at IS NOT NULL AND d.event_id IN (${events})`;
  return [
    sql(
      `INSERT INTO outbound_attempts (store_id, event_id, endpoint_id, attempt, at, status, error, duration_ms)
       SELECT d.store_id, d.event_id, d.endpoint_id, d.attempts + 1, ?, NULL, ?, 0 FROM outbound_deliveries d
       WHERE ${pending} AND ${onlyIf.sql}
       ON CONFLICT DO NOTHING`,
      now,
      CANCELLED_BY_WITHDRAWAL,
      storeId,
      storeId,
      customerId,
      channel,
      ...onlyIf.params,
    ),
    sql(
      `UPDATE outbound_deliveries SET attempts = attempts + 1, next_attempt_at = NULL
       WHERE rowid IN (SELECT d.rowid FROM outbound_deliveries d WHERE ${pending}) AND ${onlyIf.sql}`,
      storeId,
      storeId,
      customerId,
      channel,
      ...onlyIf.params,
    ),
  ];
}

/** Records a change of the delivery-update choice (purpose `updates`); the same choice again is no change. */
export function updateChoiceChangeStatement(
  storeId: string,
  customerId: string,
  orderId: string,
  choice: { channel: UpdateChannel; contact?: string },
  source: string,
  now: string,
): Statement {
  return sql(
    `INSERT INTO consent_changes (store_id, customer_id, order_id, purpose, channel, state, at, source, recorded_at)
     SELECT ?, ?, ?, 'updates', ?, ?, ?, ?, ?
     WHERE NOT EXISTS (SELECT 1 FROM order_preferences WHERE store_id = ? AND order_id = ? AND channel = ? AND contact IS ?)`,
    storeId,
    customerId,
    orderId,
    choice.channel,
    choice.channel === "none" ? "withdrawn" : "granted",
    now,
    source,
    now,
    storeId,
    orderId,
    choice.channel,
    choice.contact ?? null,
  );
}

/** SQL for a customer's marketing consents as one JSON object `{email: {state, at, source}, sms: …}`. */
export const MARKETING_CONSENTS_JSON = (store: string, customer: string) =>
  `(SELECT json_group_object(channel, json_object('state', state, 'at', at, 'source', source)) FROM marketing_consents
    WHERE store_id = ${store} AND customer_id = ${customer})`;

export const parseConsents = (json: unknown): MarketingConsents =>
  typeof json === "string" && json ? (JSON.parse(json) as MarketingConsents) : {};

/** A customer's marketing consents as they hold now. */
export async function marketingConsentsOf(db: D1Database, storeId: string, customerId: string): Promise<MarketingConsents> {
  const row = await db
    .prepare(`SELECT ${MARKETING_CONSENTS_JSON("?1", "?2")} AS consents`)
    .bind(storeId, customerId)
    .first<{ consents: string | null }>();
  return parseConsents(row?.consents);
}
