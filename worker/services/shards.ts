/**
 * Which database a store, a credential or a cron pass uses (issue 23, many databases). Shards are the
 * worker's D1 bindings named `DB` (s0, which also holds the store directory) and `DB_S<n>` (s<n>),
 * found in the environment by name: adding a shard is a wrangler.toml block, its migrations and
 * OPEN_SHARDS, no code (README "Adding a shard").
 */
import { HOME_SHARD, isShard, shardOfBinding, type Shard } from "../domain/shards.ts";
import { directoryShard } from "../storage/store-directory.ts";
import { StorageUnavailable } from "../storage/storage-guard.ts";

/**
 * The bindings with the shard their `DB` is. The storage middleware, the cron and the queue consumer
 * put a shard's database in `DB` and its name in `DOORSTEP_SHARD`, so the code below them reads and
 * writes `env.DB` as before and mints credentials carrying the right shard (`shardOf`).
 */
export type ShardEnv = Env & { DOORSTEP_SHARD?: Shard };

/** The shard `env.DB` is: s0 unless a shard was chosen for this request or pass. */
export const shardOf = (env: Partial<Env> | ShardEnv): Shard => (env as ShardEnv).DOORSTEP_SHARD ?? HOME_SHARD;

/** Every shard bound to this worker with its database, s0 first. */
export function boundShards(env: Env): Map<Shard, D1Database> {
  const found: [Shard, D1Database][] = [];
  for (const [name, value] of Object.entries(env)) {
    const shard = shardOfBinding(name);
    if (shard && value) found.push([shard, value as D1Database]);
  }
  found.sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)));
  return new Map(found);
}

/** A shard's database, or undefined when this worker has no such shard (a credential naming one opens nothing). */
export function shardDatabase(env: Env, shard: Shard): D1Database | undefined {
  return boundShards(env).get(shard);
}

/**
 * Directory answers kept for the isolate's life: a store never moves shard, so a kept answer only goes
 * wrong for a store deleted since, which is then not found in its shard, as a deleted store should
 * be. "No row" (a store made before shards, which is s0's, or no store at all yet) is kept for a
 * minute only: a store is given its row before it exists, so a store made after an isolate asked for
 * its id is found in its shard at most a minute later. Until then, its requests are answered as for
 * an unknown store.
 */
const placed = new Map<string, { shard: Shard; until?: number }>();
const NO_ROW_KEPT_MS = 60_000;
/** Ids asked for by anyone (a path's store id) are kept: past this many, the isolate starts again from empty. */
const MAX_KEPT = 10_000;

function keep(storeId: string, entry: { shard: Shard; until?: number }) {
  if (placed.size >= MAX_KEPT) placed.clear();
  placed.set(storeId, entry);
}

/**
 * The shard a store lives in, from the directory (s0's database, `directory`): s0 when it has no row
 * (or, never written by this code, a row whose shard is no shard's name).
 */
export async function shardOfStore(directory: D1Database, storeId: string): Promise<Shard> {
  const kept = placed.get(storeId);
  if (kept && (kept.until === undefined || kept.until > Date.now())) return kept.shard;
  const shard = await directoryShard(directory, storeId);
  if (shard === null || !isShard(shard)) {
    keep(storeId, { shard: HOME_SHARD, until: Date.now() + NO_ROW_KEPT_MS });
    return HOME_SHARD;
  }
  keep(storeId, { shard });
  return shard;
}

/**
 * The database of a store's shard (the queue consumer, the cron's per-store work). A store placed in a
 * shard this worker has no binding for is a configuration fault: the write fails as a database that is
 * unavailable would (retried, then kept as a dead letter), never into another shard.
 */
export async function databaseForStore(env: Env, storeId: string): Promise<{ shard: Shard; db: D1Database }> {
  const shard = await shardOfStore(env.DB, storeId);
  const db = shardDatabase(env, shard);
  if (!db) throw new StorageUnavailable(new Error(`store ${storeId} is in shard ${shard}, which this worker has no binding for`));
  return { shard, db };
}

/**
 * Runs `task` once per shard with that shard's database as `DB` (the cron): one shard failing does not
 * stop the others; each failure is logged with its shard and the first is thrown once all have run.
 */
export async function forEachShard(env: Env, task: (env: ShardEnv) => Promise<unknown>): Promise<void> {
  const shards = [...boundShards(env)];
  const results = await Promise.allSettled(shards.map(([shard, db]) => task({ ...env, DB: db, DOORSTEP_SHARD: shard })));
  const failed = results.flatMap((r, i) => (r.status === "rejected" ? [{ shard: shards[i]![0], reason: r.reason as unknown }] : []));
  for (const f of failed) console.error(`doorstep: shard ${f.shard}: scheduled work failed`, f.reason);
  if (failed.length) throw failed[0]!.reason;
}
