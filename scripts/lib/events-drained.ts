/**
 * Widget events are written by the events queue's consumer moments after the API answered, and a
 * local queue lives in `wrangler dev`'s memory: a message still queued when it stops is gone. So a run
 * that reads D1 back waits, with the worker still running, until the consumer has written what was
 * acknowledged (or kept it as a dead letter), and says how long that took.
 */
import { sql, toSqlScript } from "../../worker/storage/statement.ts";
import { d1Execute, type D1Target } from "./wrangler.ts";
import { configuredShards, inShard, shardOfStore } from "./shards.ts";

export interface Drained {
  /** widget_events rows of the store (all stores when none is given). */
  events: number;
  deadLetters: number;
  /** From the call until the rows were there (or the limit passed). */
  waitedMs: number;
  /** False when the limit passed first: what is missing was still queued, or lost. */
  complete: boolean;
}

/** Polls D1 (through `wrangler d1 execute`, the worker still running) until `expected` events or dead letters are there. */
export async function eventsDrained(target: D1Target, storeId: string | undefined, expected: number, limitMs = 120_000): Promise<Drained> {
  const started = Date.now();
  const where = storeId === undefined ? "" : " WHERE store_id = ?";
  const params = storeId === undefined ? [] : [storeId];
  // A store's events are in its shard; without a store, every shard's are counted.
  const targets =
    storeId === undefined
      ? configuredShards().map(({ shard }) => inShard(target, shard))
      : [inShard(target, await shardOfStore(storeId, target))];
  for (;;) {
    let [events, deadLetters] = [0, 0];
    for (const at of targets) {
      const [e, l] = await d1Execute(
        toSqlScript([
          sql(`SELECT count(*) AS n FROM widget_events${where}`, ...params),
          sql(`SELECT count(*) AS n FROM dead_letters${where}`, ...params),
        ]),
        at,
      );
      events += Number(e?.[0]?.n ?? 0);
      deadLetters += Number(l?.[0]?.n ?? 0);
    }
    const drained = { events, deadLetters, waitedMs: Date.now() - started };
    const complete = drained.events + drained.deadLetters >= expected;
    if (complete || drained.waitedMs > limitMs) return { ...drained, complete };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
