/**
 * The audit log (migration 0018): who changed a store's settings, endpoints, keys and sign-in links,
 * when, and what changed. Entries are written in the same transaction as the change they record;
 * callers pass `before` and `after` without secrets.
 */
import type { AuditAction, AuditActor, AuditEntry } from "../../contract/self-service.ts";
import { sql, type Statement } from "./statement.ts";

export interface AuditRecord {
  action: AuditAction;
  target: string;
  before: unknown;
  after: unknown;
}

/**
 * The entry for one change. `onlyIf` (a SQL condition with its parameters): written only where it holds
 * when the batch reaches it, for a change that a guarded statement earlier in the batch may have left unmade.
 */
export function auditStatement(storeId: string, actor: AuditActor, record: AuditRecord, now: string, onlyIf?: Statement): Statement {
  return sql(
    `INSERT INTO audit_log (store_id, at, actor_kind, actor_id, actor_name, actor_role, action, target, before, after)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?${onlyIf ? ` WHERE ${onlyIf.sql}` : ""}`,
    storeId,
    now,
    actor.kind,
    actor.id,
    actor.name,
    actor.role,
    record.action,
    record.target,
    record.before === null || record.before === undefined ? null : JSON.stringify(record.before),
    record.after === null || record.after === undefined ? null : JSON.stringify(record.after),
    ...(onlyIf?.params ?? []),
  );
}

interface AuditRow {
  id: number;
  at: string;
  actor_kind: AuditActor["kind"];
  actor_id: string;
  actor_name: string | null;
  actor_role: AuditActor["role"];
  action: AuditAction;
  target: string;
  before: string | null;
  after: string | null;
}

/** The store's entries, newest first, before the entry `before` when given; one more than `limit` tells whether more remain. */
export async function listAudit(
  db: D1Database,
  storeId: string,
  page: { limit: number; before?: number },
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const { results } = await db
    .prepare(
      `SELECT id, at, actor_kind, actor_id, actor_name, actor_role, action, target, before, after FROM audit_log
       WHERE store_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    )
    .bind(storeId, page.before ?? Number.MAX_SAFE_INTEGER, page.limit + 1)
    .all<AuditRow>();
  const entries = results.slice(0, page.limit).map((row) => ({
    id: row.id,
    at: row.at,
    actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name, role: row.actor_role },
    action: row.action,
    target: row.target,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
  }));
  return { entries, nextBefore: results.length > page.limit ? (entries.at(-1)?.id ?? null) : null };
}
