/**
 * Widget events through Cloudflare Queues (issue 23): the events endpoint validates and enqueues (one
 * `sendBatch`, one message per event) and answers; this worker's `queue` handler writes them.
 *
 * Exactly once, as before: each batch goes to D1 as one transaction per shard (the stores' databases,
 * services/shards.ts) keyed by (store, event id), so a
 * redelivered message (its write committed but its ack was lost, or a retry after a failure) inserts
 * nothing twice. Each message is acked or retried on its own: a batch whose write fails is retried
 * whole (nothing of it was committed); a message whose body is not an event message can never succeed
 * and is kept as a dead letter at once; a message the queue gave up on (max_retries, wrangler.toml)
 * arrives on the dead-letter queue and is kept the same way. Kept means in D1 (dead_letters), visible
 * to the merchant at GET /v1/admin/dead-letters: never silently dropped.
 */
import type { WidgetEvent } from "../schemas/events.ts";
import { eventMessage, type EventMessage } from "../schemas/event-message.ts";
import { keepDeadLetters, type DeadLetter, type DeadLetterReason } from "../storage/dead-letters.ts";
import { writeEvents, type EventOwner, type OwnedEvent } from "../storage/events.ts";
import { StorageUnavailable } from "../storage/storage-guard.ts";

/** The dead-letter queue's name, as wrangler.toml gives it: its batches are kept, not written as events. */
export const DEAD_LETTER_QUEUE = "doorstep-events-dead";

/** A body kept as a dead letter is cut here: enough to see and replay an event, bounded for a junk one. */
const MAX_KEPT_BODY = 16_384;

/**
 * Enqueues an order's admitted events, one message each, in one call (at most 50: the contract's
 * batch, within sendBatch's 100). A queue that refuses is a failure on our side the client may retry
 * (503 with Retry-After, like a database that refuses); nothing was enqueued.
 */
export async function enqueueEvents(queue: Queue, owner: EventOwner, events: WidgetEvent[], receivedAt: string): Promise<void> {
  if (!events.length) return;
  const messages = events.map((event) => ({
    body: { v: 1, ...owner, receivedAt, event } satisfies EventMessage,
    contentType: "json" as const,
  }));
  try {
    await queue.sendBatch(messages);
  } catch (error) {
    throw new StorageUnavailable(error);
  }
}

/**
 * The database of a message's store, by its shard (issue 23, many databases; services/shards.ts): a
 * message carries its store id, and a batch mixing stores of several shards is written as one
 * transaction per shard. `null` is a message with no store id to read (kept in s0).
 */
export type DatabaseFor = (storeId: string | null) => Promise<{ shard: string; db: D1Database }>;

/** The queue handler: the dead-letter queue's batches are kept; every other batch is widget events. */
export async function consumeQueue(batch: MessageBatch<unknown>, databaseFor: DatabaseFor, now: Date): Promise<void> {
  if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetters(batch, databaseFor, now);
  else await consumeEvents(batch, databaseFor, now);
}

/** Writes a batch of event messages in one transaction per shard; see the file's comment for what is acked when. */
export async function consumeEvents(batch: MessageBatch<unknown>, databaseFor: DatabaseFor, now: Date): Promise<void> {
  // Each message with its store, and the event it adds: an event's first message carries it, its
  // repeats in this batch (the same event sent twice, e.g. a resend after a lost answer) none, and
  // are acked with the write that answers for them.
  const written: { message: Message<unknown>; storeId: string; item?: OwnedEvent }[] = [];
  const poisoned: { message: Message<unknown>; letter: DeadLetter }[] = [];
  const seen = new Set<string>();
  for (const message of batch.messages) {
    const parsed = eventMessage.safeParse(message.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const detail = `${issue?.path.join(".") || "body"}: ${issue?.message ?? "is not an event message"}`;
      poisoned.push({ message, letter: deadLetter(message, batch.queue, "invalid_message", detail, now) });
      continue;
    }
    const { storeId, orderId, customerId, event } = parsed.data;
    const key = JSON.stringify([storeId, event.id]);
    const first = !seen.has(key);
    seen.add(key);
    written.push({ message, storeId, ...(first && { item: { owner: { storeId, orderId, customerId }, event } }) });
  }
  for (const group of await byShard(written, (w) => w.storeId, databaseFor)) {
    await settle(
      group.entries.map((w) => w.message),
      (db) =>
        writeEvents(
          db,
          group.entries.flatMap((w) => (w.item ? [w.item] : [])),
          now.toISOString(),
        ),
      group,
      "writing queued events",
    );
  }
  for (const group of await byShard(poisoned, (p) => p.letter.storeId, databaseFor)) {
    await settle(
      group.entries.map((p) => p.message),
      (db) =>
        keepDeadLetters(
          db,
          group.entries.map((p) => p.letter),
        ),
      group,
      "keeping invalid queue messages",
    );
  }
}

/** Keeps what the events queue gave up on, after max_retries failed writes, in its store's shard. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, databaseFor: DatabaseFor, now: Date): Promise<void> {
  const letters = batch.messages.map((message) => ({
    message,
    letter: deadLetter(message, batch.queue, "retries_exhausted", "Writing this event kept failing; the queue gave up retrying it.", now),
  }));
  for (const group of await byShard(letters, (l) => l.letter.storeId, databaseFor)) {
    await settle(
      group.entries.map((l) => l.message),
      (db) =>
        keepDeadLetters(
          db,
          group.entries.map((l) => l.letter),
        ),
      group,
      "keeping dead letters",
    );
  }
}

/** A shard's share of a batch, or the messages whose shard could not be found (`error`: retried). */
interface ShardGroup<T> {
  db: D1Database | null;
  error?: unknown;
  entries: T[];
}

/** Entries grouped by their store's shard, each store's shard asked once. */
async function byShard<T>(entries: readonly T[], storeOf: (entry: T) => string | null, databaseFor: DatabaseFor): Promise<ShardGroup<T>[]> {
  const places = new Map<string | null, { key: string; db: D1Database | null; error?: unknown }>();
  const groups = new Map<string, ShardGroup<T>>();
  for (const entry of entries) {
    const storeId = storeOf(entry);
    let place = places.get(storeId);
    if (!place) {
      try {
        const { shard, db } = await databaseFor(storeId);
        place = { key: shard, db };
      } catch (error) {
        place = { key: `unplaced ${storeId}`, db: null, error };
      }
      places.set(storeId, place);
    }
    const group = groups.get(place.key) ?? { db: place.db, error: place.error, entries: [] };
    group.entries.push(entry);
    groups.set(place.key, group);
  }
  return [...groups.values()];
}

/** Acks the messages when the write succeeds; otherwise retries them (after the queue's retry_delay). */
async function settle(
  messages: readonly Message<unknown>[],
  write: (db: D1Database) => Promise<unknown>,
  shard: { db: D1Database | null; error?: unknown },
  what: string,
): Promise<void> {
  if (!messages.length) return;
  try {
    if (!shard.db) throw shard.error;
    await write(shard.db);
  } catch (error) {
    console.error(`doorstep: ${what} failed; ${messages.length} message(s) will be retried`, error);
    for (const message of messages) message.retry();
    return;
  }
  for (const message of messages) message.ack();
}

function deadLetter(message: Message<unknown>, queue: string, reason: DeadLetterReason, detail: string, now: Date): DeadLetter {
  const body = message.body as { storeId?: unknown } | null;
  return {
    id: message.id,
    storeId: typeof body?.storeId === "string" ? body.storeId : null,
    queue,
    reason,
    detail: detail.slice(0, 500),
    body: bodyText(message.body).slice(0, MAX_KEPT_BODY),
    at: now.toISOString(),
  };
}

function bodyText(body: unknown): string {
  try {
    return JSON.stringify(body) ?? String(body);
  } catch {
    return String(body);
  }
}
