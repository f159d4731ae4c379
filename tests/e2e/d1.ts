import { inject } from "vitest";
import { toSqlScript, type Statement } from "../../worker/storage/statement.ts";
import { d1Execute } from "../../scripts/lib/wrangler.ts";
import { inShard } from "../../scripts/lib/shards.ts";
import type { Shard } from "../../worker/domain/shards.ts";

/**
 * Reads the e2e worker's local D1 directly, the way an operator would, to see what really landed: in
 * shard s0 (the demo store's) unless another is named.
 */
export async function queryD1(statement: Statement, shard: Shard = "s0"): Promise<Record<string, unknown>[]> {
  const [rows] = await d1Execute(toSqlScript([statement]), inShard({ persistTo: inject("demo").persistTo }, shard));
  return rows ?? [];
}

/** Polls until `check` passes: the widget writes asynchronously, and D1 is read through wrangler. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 300));
    value = await read();
  }
  return value;
}
