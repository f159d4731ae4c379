/**
 * What the dashboard reads and writes besides the figures: survey answers and reviews for export, the
 * detractor alerts, and sign-in (one-time login codes and sessions, stored as hashes only).
 */
import type { Alert, ReviewExportRow, SurveyExportRow } from "../../contract/admin.ts";
import type { AlertStatus, Role } from "../../contract/vocabularies.ts";
import type { MetricsRange } from "./metrics.ts";
import { prepare, sql, type Statement } from "./statement.ts";
import { FIRST_ORDER } from "./survey-answers.ts";

/** SQLite answers the first-order flag as 0 or 1. */
type WithFlag<T> = Omit<T, "firstOrder"> & { firstOrder: number };
const flagged = <T extends { firstOrder: boolean }>(row: WithFlag<T>): T => ({ ...row, firstOrder: row.firstOrder === 1 }) as unknown as T;

/** Exports stop here; a longer range is refused rather than truncated silently. */
export const EXPORT_LIMIT = 50_000;

export const SURVEY_COLUMNS = [
  "orderId",
  "customerId",
  "createdAt",
  "rating",
  "nps",
  "standout",
  "standoutText",
  "wants",
  "comment",
  "sentiment",
  "nextAction",
  "stepsAnswered",
  "completedAt",
  "callbackPhone",
  "callbackTime",
  "alertResolvedAt",
  "orderTotal",
  "currency",
  "firstOrder",
] as const satisfies readonly (keyof SurveyExportRow)[];

// With the order's value and whether it was the customer's first (issue 25): `o` is the response's order.
const surveyColumns = (t: string) => `${t}.order_id AS orderId, ${t}.customer_id AS customerId, ${t}.created_at AS createdAt,
  ${t}.rating, ${t}.nps, o.total AS orderTotal, o.currency, ${FIRST_ORDER("o")} AS firstOrder, ${t}.standout_choice AS standout, ${t}.standout_text AS standoutText, ${t}.wants, ${t}.comment, ${t}.sentiment,
  ${t}.next_action AS nextAction, ${t}.steps_answered AS stepsAnswered, ${t}.completed_at AS completedAt,
  ${t}.callback_phone AS callbackPhone, ${t}.callback_time AS callbackTime, ${t}.alert_resolved_at AS alertResolvedAt`;

export async function surveyExport(db: D1Database, { storeId, from, to }: MetricsRange): Promise<SurveyExportRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${surveyColumns("s")} FROM survey_responses s JOIN orders o ON o.store_id = s.store_id AND o.id = s.order_id
       WHERE s.store_id = ?1 AND unixepoch(s.created_at) >= unixepoch(?2) AND unixepoch(s.created_at) < unixepoch(?3)
       ORDER BY s.created_at, s.order_id LIMIT ${EXPORT_LIMIT + 1}`,
    )
    .bind(storeId, from, to)
    .all<WithFlag<SurveyExportRow>>();
  return results.map(flagged);
}

export const REVIEW_COLUMNS = [
  "orderId",
  "sku",
  "customerId",
  "rating",
  "title",
  "body",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof ReviewExportRow)[];

export async function reviewExport(db: D1Database, { storeId, from, to }: MetricsRange): Promise<ReviewExportRow[]> {
  const { results } = await db
    .prepare(
      `SELECT order_id AS orderId, sku, customer_id AS customerId, rating, title, body, created_at AS createdAt, updated_at AS updatedAt
       FROM reviews WHERE store_id = ?1 AND unixepoch(created_at) >= unixepoch(?2) AND unixepoch(created_at) < unixepoch(?3)
       ORDER BY created_at, order_id, sku LIMIT ${EXPORT_LIMIT + 1}`,
    )
    .bind(storeId, from, to)
    .all<ReviewExportRow>();
  return results;
}

/** Detractors' answers with how to reach them, newest first; open ones unless `all`. */
export async function detractorAlerts(db: D1Database, storeId: string, status: AlertStatus): Promise<Alert[]> {
  const filter = status === "all" ? "" : status === "open" ? "AND s.alert_resolved_at IS NULL" : "AND s.alert_resolved_at IS NOT NULL";
  const { results } = await db
    .prepare(
      `SELECT ${surveyColumns("s")}, c.email, c.phone
       FROM survey_responses s JOIN orders o ON o.store_id = s.store_id AND o.id = s.order_id
       LEFT JOIN customers c ON c.store_id = s.store_id AND c.id = s.customer_id
       WHERE s.store_id = ? AND s.sentiment = 'negative' ${filter}
       ORDER BY s.created_at DESC LIMIT 500`,
    )
    .bind(storeId)
    .all<WithFlag<Alert>>();
  return results.map(flagged);
}

/** Marks a detractor's open alert handled (the dashboard's button; the demo history's handled alerts). */
export const resolveAlertStatement = (storeId: string, orderId: string, at: string): Statement =>
  sql(
    `UPDATE survey_responses SET alert_resolved_at = ? WHERE store_id = ? AND order_id = ? AND sentiment = 'negative' AND alert_resolved_at IS NULL`,
    at,
    storeId,
    orderId,
  );

/** Marks a detractor's alert handled; answers whether there was an open one. */
export async function resolveAlert(db: D1Database, storeId: string, orderId: string, at: string): Promise<boolean> {
  const result = await prepare(db, resolveAlertStatement(storeId, orderId, at)).run();
  return result.meta.changes > 0;
}

/** Who a sign-in link is for: the role its session gets, and whom it was made for (not a credential). */
export interface SignInFor {
  role: Role;
  person: string | null;
  /** Made by what descends from the store's own key (migration 0018): absent for the operator's links. */
  viaStoreKey?: boolean;
}

/**
 * A one-time login code for the operator command or `POST /v1/admin/login-links` (its hash; the code
 * itself is shown once). Without `who`, an owner's.
 */
export const loginCodeStatement = (
  codeHash: string,
  storeId: string,
  expiresAt: string,
  who: SignInFor = { role: "owner", person: null },
) =>
  sql(
    `INSERT INTO admin_logins (code_hash, store_id, expires_at, role, person, via_store_key) VALUES (?, ?, ?, ?, ?, ?)`,
    codeHash,
    storeId,
    expiresAt,
    who.role,
    who.person,
    who.viaStoreKey ? 1 : 0,
  );

/** Uses a login code once: answers its store and whom it is for if it exists, is unused and has not expired. */
export async function useLoginCode(db: D1Database, codeHash: string, now: string): Promise<({ storeId: string } & SignInFor) | null> {
  const row = await db
    .prepare(
      `UPDATE admin_logins SET used_at = ?1 WHERE code_hash = ?2 AND used_at IS NULL AND expires_at > ?1
       RETURNING store_id, role, person, via_store_key`,
    )
    .bind(now, codeHash)
    .first<{ store_id: string; role: Role; person: string | null; via_store_key: number }>();
  return row ? { storeId: row.store_id, role: row.role, person: row.person, viaStoreKey: row.via_store_key === 1 } : null;
}

export async function createSession(db: D1Database, tokenHash: string, storeId: string, expiresAt: string, who: SignInFor): Promise<void> {
  await db
    .prepare(`INSERT INTO admin_sessions (token_hash, store_id, expires_at, role, person, via_store_key) VALUES (?, ?, ?, ?, ?, ?)`)
    .bind(tokenHash, storeId, expiresAt, who.role, who.person, who.viaStoreKey ? 1 : 0)
    .run();
}

/** Signing out: the session is gone on the server, not just forgotten by the browser. */
export async function endSession(db: D1Database, tokenHash: string): Promise<void> {
  await db.prepare(`DELETE FROM admin_sessions WHERE token_hash = ?`).bind(tokenHash).run();
}
