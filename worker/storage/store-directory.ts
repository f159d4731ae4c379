/**
 * The store directory (migration 0023): which shard each store lives in. Read and written only in s0's
 * database (the `DB` binding), whatever shard the store is in.
 */
import type { Shard } from "../domain/shards.ts";
import { sql, type Statement } from "./statement.ts";

/** The row that places a store, written in s0 before the store itself is written in its shard. */
export const directoryStatement = (storeId: string, shard: Shard, createdAt: string): Statement =>
  sql("INSERT INTO store_directory (store_id, shard, created_at) VALUES (?, ?, ?)", storeId, shard, createdAt);

export const SHARD_OF_STORE = "SELECT shard FROM store_directory WHERE store_id = ?";

/** The shard the directory names for a store, or null when it has no row (then it is s0's, or unknown). */
export async function directoryShard(directory: D1Database, storeId: string): Promise<string | null> {
  const row = await directory.prepare(SHARD_OF_STORE).bind(storeId).first<{ shard: string }>();
  return row?.shard ?? null;
}

/** Stores per shard as the directory counts them, for placing a new store where there are fewest. */
export const STORES_PER_SHARD = "SELECT shard, count(*) AS stores FROM store_directory GROUP BY shard";

export async function storesPerShard(directory: D1Database): Promise<Map<string, number>> {
  const { results } = await directory.prepare(STORES_PER_SHARD).all<{ shard: string; stores: number }>();
  return new Map(results.map((r) => [r.shard, r.stores]));
}
