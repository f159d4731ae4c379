/**
 * The local D1 database as the SQLite file it is, for scripts that write or read a lot at once while no
 * `wrangler dev` holds it (the demo history, the offers benchmark's store, the storage figures).
 * Writes go through the worker's own Statement builders (worker/storage), run here with node:sqlite
 * instead of D1's `prepare().bind()`.
 */
import { createHash, createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { HOME_SHARD, type Shard } from "../../worker/domain/shards.ts";
import type { Statement } from "../../worker/storage/statement.ts";
import { configuredShards } from "./shards.ts";

const UNIQUE_KEY = "miniflare-D1DatabaseObject";

/**
 * The D1 database file miniflare keeps under `persistTo` for a shard (s0, the `DB` binding, unless
 * said): one file per database, named after the Durable Object id workerd derives from the
 * database_id (wrangler.toml), so with several shards the file is found by database, not by being
 * the only one.
 */
export function d1File(persistTo: string, shard: Shard = HOME_SHARD): string {
  const found = configuredShards().find((s) => s.shard === shard);
  if (!found) throw new Error(`wrangler.toml binds no shard ${shard}`);
  const dir = join(persistTo, "v3/d1", UNIQUE_KEY);
  const file = join(dir, `${objectIdFromName(UNIQUE_KEY, found.databaseId)}.sqlite`);
  if (!existsSync(file)) throw new Error(`no D1 database for ${found.binding} at ${file}; apply the migrations first`);
  return file;
}

/**
 * workerd's `idFromName` for a Durable Object namespace's unique key: 16 bytes of an HMAC of the name
 * under the key's SHA-256, then 16 bytes of an HMAC of those, in hex (checked against the file local D1
 * writes for s0's placeholder id).
 */
function objectIdFromName(uniqueKey: string, name: string): string {
  const key = createHash("sha256").update(uniqueKey).digest();
  const named = createHmac("sha256", key).update(name).digest().subarray(0, 16);
  const mac = createHmac("sha256", key).update(named).digest().subarray(0, 16);
  return Buffer.concat([named, mac]).toString("hex");
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
