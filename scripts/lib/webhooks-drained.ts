/**
 * Carrier webhooks are recorded by the webhooks queue's consumer moments after the API answered 202,
 * and a local queue lives in `wrangler dev`'s memory: a message still queued when it stops is gone. So
 * a run that reads D1 back waits, with the worker still running, until the consumer has recorded each
 * acknowledged delivery (or kept it as a dead letter), and says how long that took.
 */
import { sql, toSqlScript } from "../../worker/storage/statement.ts";
import { inShard, shardOfStore } from "./shards.ts";
import { d1Execute, type D1Target } from "./wrangler.ts";

export interface WebhooksDrained {
  /** webhook_deliveries rows of the store. */
  deliveries: number;
  /** The store's dead letters that were carrier webhooks. */
  deadLetters: number;
  /** From the call until the rows were there (or the limit passed). */
  waitedMs: number;
  /** False when the limit passed first: what is missing was still queued, or lost. */
  complete: boolean;
}

/** Polls D1 (through `wrangler d1 execute`, the worker still running) until `expected` deliveries or carrier dead letters are there. */
export async function webhooksDrained(anyShard: D1Target, storeId: string, expected: number, limitMs = 120_000): Promise<WebhooksDrained> {
  const started = Date.now();
  // The store's rows are in its shard (issue 23, many databases).
  const target = await storeShard(anyShard, storeId);
  for (;;) {
    const [deliveries, letters] = await d1Execute(
      toSqlScript([
        sql(`SELECT count(*) AS n FROM webhook_deliveries WHERE store_id = ?`, storeId),
        // A webhook message's body begins {"v":1,"kind":"carrier" (services/queue-settle.ts keeps it as sent).
        sql(`SELECT count(*) AS n FROM dead_letters WHERE store_id = ? AND body LIKE '{"v":1,"kind":"carrier"%'`, storeId),
      ]),
      target,
    );
    const drained = {
      deliveries: Number(deliveries?.[0]?.n ?? 0),
      deadLetters: Number(letters?.[0]?.n ?? 0),
      waitedMs: Date.now() - started,
    };
    const complete = drained.deliveries + drained.deadLetters >= expected;
    if (complete || drained.waitedMs > limitMs) return { ...drained, complete };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** How many of the store's deliveries are recorded now: carrier deliveries, and platform deliveries processed (done or failed). */
export async function deliveriesRecorded(anyShard: D1Target, storeId: string): Promise<{ carrier: number; platformSettled: number }> {
  return countRecorded(await storeShard(anyShard, storeId), storeId);
}

/** The target aimed at the store's shard (issue 23, many databases): one directory read. */
const storeShard = async (anyShard: D1Target, storeId: string) => inShard(anyShard, await shardOfStore(storeId, anyShard));

async function countRecorded(target: D1Target, storeId: string): Promise<{ carrier: number; platformSettled: number }> {
  const [carrier, platform] = await d1Execute(
    toSqlScript([
      sql(`SELECT count(*) AS n FROM webhook_deliveries WHERE store_id = ?`, storeId),
      sql(`SELECT count(*) AS n FROM platform_deliveries WHERE store_id = ? AND status <> 'pending'`, storeId),
    ]),
    target,
  );
  return { carrier: Number(carrier?.[0]?.n ?? 0), platformSettled: Number(platform?.[0]?.n ?? 0) };
}

/**
 * Waits until the store has at least `expected` carrier deliveries and processed platform deliveries
 * (deliveriesRecorded); the demo's seeding counts what it sent on top of what was there before. The
 * store's shard is found once, not at every poll.
 */
export async function deliveriesReached(
  anyShard: D1Target,
  storeId: string,
  expected: { carrier: number; platformSettled: number },
  limitMs = 60_000,
): Promise<boolean> {
  const target = await storeShard(anyShard, storeId);
  const started = Date.now();
  for (;;) {
    const now = await countRecorded(target, storeId);
    if (now.carrier >= expected.carrier && now.platformSettled >= expected.platformSettled) return true;
    if (Date.now() - started > limitMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
