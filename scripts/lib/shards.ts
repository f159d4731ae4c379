/**
 * The worker's shards as the operator scripts see them (issue 23, many databases): the D1 bindings
 * wrangler.toml declares (`DB` is s0 and holds the store directory, `DB_S<n>` is s<n>), which store
 * lives where (the directory, read from s0), and where a new store goes. The worker finds the same
 * shards in its environment (worker/services/shards.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HOME_SHARD, isShard, openShards, placeStore, shardOfBinding, type Shard } from "../../worker/domain/shards.ts";
import { toSqlScript } from "../../worker/storage/statement.ts";
import { SHARD_OF_STORE, STORES_PER_SHARD } from "../../worker/storage/store-directory.ts";
import { d1Execute, ROOT, type D1Target } from "./wrangler.ts";

export interface ShardBinding {
  shard: Shard;
  binding: string;
  databaseId: string;
}

/** The shards wrangler.toml binds, s0 first, with the database ids their local files are named after. */
export function configuredShards(config = join(ROOT, "wrangler.toml")): ShardBinding[] {
  const text = readFileSync(config, "utf8");
  const found: ShardBinding[] = [];
  for (const block of text.split(/^\[\[d1_databases\]\]\s*$/m).slice(1)) {
    const body = block.split(/^\[/m)[0]!;
    const binding = /^binding\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    const databaseId = /^database_id\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    const shard = binding && shardOfBinding(binding);
    if (shard && databaseId) found.push({ shard, binding, databaseId });
  }
  return found.sort((a, b) => Number(a.shard.slice(1)) - Number(b.shard.slice(1)));
}

/** OPEN_SHARDS as wrangler.toml's [vars] give it. */
function openShardsVar(config = join(ROOT, "wrangler.toml")): string | undefined {
  return /^OPEN_SHARDS\s*=\s*"([^"]*)"/m.exec(readFileSync(config, "utf8"))?.[1];
}

/** The same target aimed at one shard's database. */
export const inShard = (target: D1Target, shard: Shard): D1Target => ({ ...target, binding: bindingOf(shard) });

function bindingOf(shard: Shard): string {
  const found = configuredShards().find((s) => s.shard === shard);
  if (!found)
    throw new Error(
      `wrangler.toml binds no shard ${shard} (it has ${configuredShards()
        .map((s) => s.shard)
        .join(", ")})`,
    );
  return found.binding;
}

/** The shard the directory places a store in, or null when it has no row (a store made before shards is s0's). */
export async function placedShard(storeId: string, target: D1Target): Promise<Shard | null> {
  const [rows] = await d1Execute(toSqlScript([{ sql: SHARD_OF_STORE, params: [storeId] }]), { ...target, binding: "DB" });
  const shard = (rows?.[0] as { shard?: string } | undefined)?.shard;
  return shard && isShard(shard) ? shard : null;
}

/** The shard a store lives in: the directory's, or s0. */
export async function shardOfStore(storeId: string, target: D1Target): Promise<Shard> {
  return (await placedShard(storeId, target)) ?? HOME_SHARD;
}

/** Where a new store goes: `wanted`, or the open shard (OPEN_SHARDS) with the fewest stores in the directory. */
export async function shardForNewStore(target: D1Target, wanted?: string): Promise<Shard> {
  const bound = configuredShards().map((s) => s.shard);
  if (wanted !== undefined) {
    if (!isShard(wanted) || !bound.includes(wanted)) throw new Error(`--shard ${wanted}: must be one of ${bound.join(", ")}`);
    return wanted;
  }
  const open = openShards(openShardsVar(), bound);
  if (open.length === 1) return open[0]!;
  const [rows] = await d1Execute(toSqlScript([{ sql: STORES_PER_SHARD, params: [] }]), { ...target, binding: "DB" });
  const counts = new Map((rows ?? []).map((r) => [String(r.shard) as Shard, Number(r.stores)]));
  return placeStore(open, counts);
}
