/**
 * Queue messages (widget events, carrier and platform webhooks) that could not be written (issue 23): kept, never dropped, for the merchant to see
 * (GET /v1/admin/dead-letters) and the operator to replay by hand.
 */
import { prepare, runBatch, sql, type Statement } from "./statement.ts";

export type DeadLetterReason = "invalid_message" | "retries_exhausted" | "cannot_apply";

export interface DeadLetter {
  /** The queue message's id: a dead letter delivered twice is kept once. */
  id: string;
  storeId: string | null;
  queue: string;
  reason: DeadLetterReason;
  detail: string;
  /** The message body, as JSON text. */
  body: string;
  at: string;
}

const deadLetterStatement = (d: DeadLetter): Statement =>
  sql(
    `INSERT INTO dead_letters (id, store_id, queue, reason, detail, body, at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
    d.id,
    d.storeId,
    d.queue,
    d.reason,
    d.detail,
    d.body,
    d.at,
  );

/** Keeps dead letters, as one transaction (a redelivered one is not kept twice). */
export async function keepDeadLetters(db: D1Database, letters: DeadLetter[]): Promise<void> {
  if (letters.length) await runBatch(db, letters.map(deadLetterStatement));
}

interface Row {
  id: string;
  store_id: string | null;
  queue: string;
  reason: DeadLetterReason;
  detail: string;
  body: string;
  at: string;
}

/** A store's dead letters, newest first, with how many there are in all. */
export async function listDeadLetters(db: D1Database, storeId: string, limit: number): Promise<{ total: number; letters: DeadLetter[] }> {
  const [count, rows] = await db.batch([
    prepare(db, sql(`SELECT count(*) AS n FROM dead_letters WHERE store_id = ?`, storeId)),
    prepare(
      db,
      sql(
        `SELECT id, store_id, queue, reason, detail, body, at FROM dead_letters WHERE store_id = ? ORDER BY at DESC, id LIMIT ?`,
        storeId,
        limit,
      ),
    ),
  ]);
  return {
    total: Number((count!.results[0] as { n: number } | undefined)?.n ?? 0),
    letters: (rows!.results as Row[]).map((r) => ({
      id: r.id,
      storeId: r.store_id,
      queue: r.queue,
      reason: r.reason,
      detail: r.detail,
      body: r.body,
      at: r.at,
    })),
  };
}

/** One of a store's dead letters, by its id. */
export async function findDeadLetter(db: D1Database, storeId: string, id: string): Promise<DeadLetter | null> {
  const r = await db
    .prepare(`SELECT id, store_id, queue, reason, detail, body, at FROM dead_letters WHERE store_id = ? AND id = ?`)
    .bind(storeId, id)
    .first<Row>();
  return r && { id: r.id, storeId: r.store_id, queue: r.queue, reason: r.reason, detail: r.detail, body: r.body, at: r.at };
}

/** A replayed dead letter leaves the list (if its message fails again, it comes back under a new id). */
export const forgetDeadLetterStatement = (storeId: string, id: string): Statement =>
  sql(`DELETE FROM dead_letters WHERE store_id = ? AND id = ?`, storeId, id);
