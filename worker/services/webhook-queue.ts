/**
 * Carrier and platform webhooks through Cloudflare Queues (issue 23): the routes verify the signature
 * over the raw bytes and the body, enqueue one message (schemas/webhook-message.ts) and answer 202, so
 * a vendor's burst costs D1 nothing before the answer. This worker's `queue` handler applies the
 * webhooks queue's batches here, on a queue of their own so widget events and webhooks never wait for
 * each other.
 *
 * A batch is split by store, and each store's group goes to the database in one call
 * (`consumeStoreGroup`, given its `db`). Exactly once, as in the request: carrier deliveries are keyed
 * (store, vendor, delivery id) and their updates (store, tracking number, update id); platform
 * deliveries (store, platform, delivery id). So a redelivered message or a vendor's resend writes
 * nothing twice. What is acked when:
 * - a group's new carrier reports are written as one transaction, in their order (several, in order,
 *   past 500 statements: carrier-reports.ts); if that (or a schedule refresh after it) fails, each is
 *   retried (what did commit is met as a replay), and a report on its second or later attempt is
 *   written alone, so one that keeps failing cannot hold back the others and ends, after max_retries,
 *   on the dead-letter queue (kept in D1, visible at GET /v1/admin/dead-letters);
 * - platform deliveries are stored as one transaction, then processed one by one (platform-process.ts:
 *   a processing failure is kept on the delivery and retried by the minute cron, as before);
 * - a message that can never apply (not a webhook message, a body that no longer parses, a store gone,
 *   a connection replaced since the signature was checked) is kept as a dead letter at once.
 * Nothing is acked before what it carries is written or kept.
 */
import {
  webhookMessage,
  type CarrierWebhookMessage,
  type PlatformWebhookMessage,
  type WebhookMessage,
} from "../schemas/webhook-message.ts";
import { applyChanges, type Change } from "../storage/changes.ts";
import type { DeadLetter } from "../storage/dead-letters.ts";
import { deliveryRecorded, recordDeliveryStatements } from "../storage/platform-deliveries.ts";
import { StorageUnavailable } from "../storage/storage-guard.ts";
import { getStore } from "../storage/stores.ts";
import type { Store } from "../domain/records.ts";
import { carrierReportOf, recordCarrierReports, type QueuedReport } from "./carrier-reports.ts";
import { type DatabaseFor, deadLetter, firstIssue, keepInShards, settle } from "./queue-settle.ts";
import { processDelivery } from "./platform-process.ts";

/** The webhooks queue's name, as wrangler.toml gives it. */
export const WEBHOOKS_QUEUE = "doorstep-webhooks";

/**
 * The largest message enqueued, as JSON bytes: Queues takes up to 128 KB a message; the rest is
 * headroom for its own envelope. A webhook whose message would be larger is stored in the request, as
 * before the queue (routes/webhooks.ts, routes/platforms.ts).
 */
export const MAX_QUEUED_MESSAGE_BYTES = 120_000;

export const messageBytes = (message: WebhookMessage) => new TextEncoder().encode(JSON.stringify(message)).byteLength;

/**
 * Enqueues one verified webhook; false, enqueueing nothing, when its message would be too large (the
 * caller stores it in the request). A queue that refuses is a failure on our side the vendor retries
 * (503 with Retry-After, like a database that refuses); nothing was enqueued.
 */
export async function enqueueWebhook(queue: Queue, message: WebhookMessage): Promise<boolean> {
  if (messageBytes(message) > MAX_QUEUED_MESSAGE_BYTES) return false;
  try {
    await queue.send(message, { contentType: "json" });
  } catch (error) {
    throw new StorageUnavailable(error);
  }
  return true;
}

interface Item<M> {
  message: Message<unknown>;
  body: M;
}

/**
 * Applies one batch of the webhooks queue: a store's group at a time, against that store's shard's
 * database (`databaseFor`), then what could never apply kept as dead letters in the same shard.
 */
export async function consumeWebhooks(batch: MessageBatch<unknown>, env: Env, databaseFor: DatabaseFor, now: Date): Promise<void> {
  const groups = new Map<string, Item<WebhookMessage>[]>();
  const letters: { message: Message<unknown>; letter: DeadLetter }[] = [];
  for (const message of batch.messages) {
    const parsed = webhookMessage.safeParse(message.body);
    if (!parsed.success) {
      letters.push({
        message,
        letter: deadLetter(message, batch.queue, "invalid_message", firstIssue(parsed.error, "a webhook message"), now),
      });
      continue;
    }
    const group = groups.get(parsed.data.storeId) ?? [];
    group.push({ message, body: parsed.data });
    groups.set(parsed.data.storeId, group);
  }
  for (const [storeId, items] of groups) {
    let db: D1Database;
    try {
      ({ db } = await databaseFor(storeId));
    } catch (error) {
      // Where the store lives is not known right now (its directory read failed): tried again later.
      console.error("doorstep: finding a store's shard for its queued webhooks failed; they will be retried", error);
      for (const { message } of items) message.retry();
      continue;
    }
    const rejected = await consumeStoreGroup(env, db, storeId, items, now);
    letters.push(
      ...rejected.map(({ message, detail }) => ({ message, letter: deadLetter(message, batch.queue, "cannot_apply", detail, now) })),
    );
  }
  await keepInShards(letters, databaseFor, "keeping webhook messages that cannot apply");
}

/**
 * One store's messages, against that store's database: acks or retries each, and answers those that
 * can never apply (with why) for the caller to keep as dead letters.
 */
export async function consumeStoreGroup(
  env: Env,
  db: D1Database,
  storeId: string,
  items: readonly Item<WebhookMessage>[],
  now: Date,
): Promise<{ message: Message<unknown>; detail: string }[]> {
  const rejected: { message: Message<unknown>; detail: string }[] = [];
  let store: Awaited<ReturnType<typeof getStore>>;
  try {
    store = await getStore(db, storeId);
  } catch (error) {
    console.error("doorstep: reading a store for its queued webhooks failed; they will be retried", error);
    for (const { message } of items) message.retry();
    return [];
  }
  if (!store) return items.map(({ message }) => ({ message, detail: `There is no store "${storeId}" any more.` }));

  const carrier: Item<QueuedReport>[] = [];
  const platform: Item<PlatformWebhookMessage>[] = [];
  for (const item of items) {
    if (item.body.kind === "platform") {
      platform.push(item as Item<PlatformWebhookMessage>);
      continue;
    }
    const body: CarrierWebhookMessage = item.body;
    let report: QueuedReport["report"] | null;
    try {
      report = carrierReportOf(body.vendor, body.body, new Date(body.receivedAt));
    } catch (error) {
      rejected.push({ message: item.message, detail: `The ${body.vendor} body no longer reads as one: ${String(error).slice(0, 300)}` });
      continue;
    }
    // Not a tracker event: the route answers those without enqueueing; nothing to write.
    if (!report) item.message.ack();
    else carrier.push({ message: item.message, body: { report, body: body.body, receivedAt: body.receivedAt } });
  }

  // First tries together, in their order; a report being retried alone (see the file's comment).
  const first = carrier.filter((c) => c.message.attempts <= 1);
  const again = carrier.filter((c) => c.message.attempts > 1);
  const write = (group: Item<QueuedReport>[]) =>
    settle(
      group.map((c) => c.message),
      () =>
        recordCarrierReports(
          db,
          store,
          group.map((c) => c.body),
        ),
      "applying queued carrier webhooks",
    );
  await write(first);
  for (const item of again) await write([item]);

  rejected.push(...(await storePlatformDeliveries({ ...env, DB: db }, store, platform, now)));
  return rejected;
}

/**
 * Stores a store's platform deliveries in one transaction (each only while its connection still holds
 * the secrets it was verified under), then processes each stored one, in order. A redelivered message
 * meets its delivery stored: processing it again claims nothing unless it is still pending and due.
 */
async function storePlatformDeliveries(
  env: Env,
  store: Store,
  items: readonly Item<PlatformWebhookMessage>[],
  now: Date,
): Promise<{ message: Message<unknown>; detail: string }[]> {
  if (!items.length) return [];
  const keyOf = ({ body }: Item<PlatformWebhookMessage>) => ({ storeId: body.storeId, platform: body.platform, id: body.id });
  const each = items.map((item) =>
    recordDeliveryStatements(keyOf(item), item.body.topic, item.body.body, item.body.receivedAt, item.body.sealed),
  );
  const statements: Change[] = each.flat();
  let results: D1Result[];
  try {
    results = await applyChanges(env.DB, statements);
  } catch (error) {
    console.error(`doorstep: storing queued platform webhooks failed; ${items.length} message(s) will be retried`, error);
    for (const { message } of items) message.retry();
    return [];
  }
  const rejected: { message: Message<unknown>; detail: string }[] = [];
  let at = 0;
  for (const [i, item] of items.entries()) {
    const recorded = deliveryRecorded(results.slice(at, (at += each[i]!.length)));
    if (!recorded.connected) {
      rejected.push({
        message: item.message,
        detail: `The store's ${item.body.platform} connection was replaced or removed after this webhook was verified; it was not stored.`,
      });
      continue;
    }
    // Never throws: every outcome is kept on the delivery, and the minute cron retries what failed.
    await processDelivery(env, keyOf(item), now, { store });
    item.message.ack();
  }
  return rejected;
}
