/**
 * The local D1 database as the SQLite file it is, for scripts that write or read a lot at once while no
 * `wrangler dev` holds it (the demo history, the offers benchmark's store, the storage figures).
 * Writes go through the worker's own Statement builders (worker/storage), run here with node:sqlite
 * instead of D1's `prepare().bind()`.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Statement } from "../../worker/storage/statement.ts";

/** The D1 database file miniflare keeps under `persistTo`. */
export function d1File(persistTo: string): string {
  const dir = join(persistTo, "v3/d1/miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error(`no D1 database under ${dir}; apply the migrations first`);
  return join(dir, file);
}

/** Runs Statements on a node:sqlite database, preparing each SQL text once (a history repeats a few dozen). */
export function statementRunner(db: DatabaseSync) {
  const prepared = new Map<string, StatementSync>();
  const statementFor = (text: string) => {
    let s = prepared.get(text);
    if (!s) prepared.set(text, (s = db.prepare(text)));
    return s;
  };
  return {
    run(statements: Iterable<Statement>) {
      for (const { sql, params } of statements) statementFor(sql).run(...params);
    },
    first(statement: Statement): unknown {
      return statementFor(statement.sql).get(...statement.params);
    },
  };
}

/** Runs `work` in one transaction: all of it is written, or none of it. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec("BEGIN");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}
