/**
 * Widget events through Cloudflare Queues (issue 23): the events endpoint validates and enqueues (one
 * `sendBatch`, one message per event) and answers; this worker's `queue` handler writes them.
 *
 * Exactly once, as before: each batch goes to D1 as one transaction keyed by (store, event id), so a
 * redelivered message (its write committed but its ack was lost, or a retry after a failure) inserts
 * nothing twice. Each message is acked or retried on its own: a batch whose write fails is retried
 * whole (nothing of it was committed); a message whose body is not an event message can never succeed
 * and is kept as a dead letter at once; a message the queue gave up on (max_retries, wrangler.toml)
 * arrives on the dead-letter queue and is kept the same way. Kept means in D1 (dead_letters), visible
 * to the merchant at GET /v1/admin/dead-letters: never silently dropped.
 */
import type { WidgetEvent } from "../schemas/events.ts";
import { eventMessage, type EventMessage } from "../schemas/event-message.ts";
import type { DeadLetter } from "../storage/dead-letters.ts";
import { writeEvents, type EventOwner, type OwnedEvent } from "../storage/events.ts";
import { StorageUnavailable } from "../storage/storage-guard.ts";
import { type DatabaseFor, deadLetter, firstIssue, keepInShards, settleIn, byShard } from "./queue-settle.ts";
import { consumeWebhooks, WEBHOOKS_QUEUE } from "./webhook-queue.ts";

/**
 * The dead-letter queue's name, as wrangler.toml gives it: its batches are kept, not written. Both the
 * events queue and the webhooks queue give up into it; a dead letter's body says which kind it was.
 */
export const DEAD_LETTER_QUEUE = "doorstep-events-dead";

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

export type { DatabaseFor } from "./queue-settle.ts";

/**
 * The queue handler: the dead-letter queue's batches are kept; the webhooks queue's are applied
 * (webhook-queue.ts, a store's group at a time); every other batch is widget events. Each store's
 * messages are written to its shard's database (`databaseFor`).
 */
export async function consumeQueue(batch: MessageBatch<unknown>, env: Env, databaseFor: DatabaseFor, now: Date): Promise<void> {
  if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetters(batch, databaseFor, now);
  else if (batch.queue === WEBHOOKS_QUEUE) await consumeWebhooks(batch, env, databaseFor, now);
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
      const detail = firstIssue(parsed.error, "an event message");
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
    await settleIn(
      group,
      group.entries.map((w) => w.message),
      (db) =>
        writeEvents(
          db,
          group.entries.flatMap((w) => (w.item ? [w.item] : [])),
          now.toISOString(),
        ),
      "writing queued events",
    );
  }
  await keepInShards(poisoned, databaseFor, "keeping invalid queue messages");
}

/** What a dead letter says the queue gave up on, by the kind of message it was. */
const GAVE_UP: Record<string, string> = {
  carrier: "Applying this carrier webhook kept failing; the queue gave up retrying it.",
  platform: "Storing this platform webhook kept failing; the queue gave up retrying it.",
};

/** Keeps what the events or webhooks queue gave up on, after max_retries failed writes, in its store's shard. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, databaseFor: DatabaseFor, now: Date): Promise<void> {
  const letters = batch.messages.map((message) => {
    const kind = (message.body as { kind?: unknown } | null)?.kind;
    const detail = (typeof kind === "string" && GAVE_UP[kind]) || "Writing this event kept failing; the queue gave up retrying it.";
    return { message, letter: deadLetter(message, batch.queue, "retries_exhausted", detail, now) };
  });
  await keepInShards(letters, databaseFor, "keeping dead letters");
}
