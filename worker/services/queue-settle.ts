/**
 * What the queue consumers (event-queue.ts, webhook-queue.ts) share: acking or retrying messages by
 * how their write went, and turning a message into a dead letter the merchant can read.
 */
import { keepDeadLetters, type DeadLetter, type DeadLetterReason } from "../storage/dead-letters.ts";

/**
 * A dead letter keeps the whole message (a queue message is at most 128 KB), so a webhook's body can
 * be read and replayed by hand.
 */
const MAX_KEPT_BODY = 131_072;

/** Acks the messages when the write succeeds; otherwise retries them (after the queue's retry_delay). */
export async function settle(messages: readonly Message<unknown>[], write: () => Promise<unknown>, what: string): Promise<void> {
  if (!messages.length) return;
  try {
    await write();
  } catch (error) {
    console.error(`doorstep: ${what} failed; ${messages.length} message(s) will be retried`, error);
    for (const message of messages) message.retry();
    return;
  }
  for (const message of messages) message.ack();
}

export function deadLetter(message: Message<unknown>, queue: string, reason: DeadLetterReason, detail: string, now: Date): DeadLetter {
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

/** The message as JSON text, without a platform webhook's sealed connection secrets (webhook-message.ts). */
function bodyText(body: unknown): string {
  const kept =
    body && typeof body === "object" && !Array.isArray(body) && "sealed" in body && (body as { kind?: unknown }).kind === "platform"
      ? { ...body, sealed: "(left out)" }
      : body;
  try {
    return JSON.stringify(kept) ?? String(kept);
  } catch {
    return String(kept);
  }
}

/** The first problem zod found, as a dead letter's detail. */
export function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, what: string): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join(".") || "body"}: ${issue?.message ?? `is not ${what}`}`;
}

/**
 * The database of a message's store, by its shard (issue 23, many databases; services/shards.ts): a
 * message carries its store id, and a batch mixing stores of several shards is written as one
 * transaction per shard. `null` is a message with no store id to read (kept in s0).
 */
export type DatabaseFor = (storeId: string | null) => Promise<{ shard: string; db: D1Database }>;

/** A shard's share of a batch, or the entries whose shard could not be found (`error`: retried). */
export interface ShardGroup<T> {
  db: D1Database | null;
  error?: unknown;
  entries: T[];
}

/** Entries grouped by their store's shard, each store's shard asked once. */
export async function byShard<T>(
  entries: readonly T[],
  storeOf: (entry: T) => string | null,
  databaseFor: DatabaseFor,
): Promise<ShardGroup<T>[]> {
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

/** `settle` for one shard's group: a group whose shard could not be found is retried. */
export function settleIn<T>(
  group: ShardGroup<T>,
  messages: readonly Message<unknown>[],
  write: (db: D1Database) => Promise<unknown>,
  what: string,
): Promise<void> {
  return settle(
    messages,
    () => {
      if (!group.db) throw group.error;
      return write(group.db);
    },
    what,
  );
}

/** Keeps dead letters in their stores' shards; each message is acked once its letter is kept, retried otherwise. */
export async function keepInShards(
  letters: readonly { message: Message<unknown>; letter: DeadLetter }[],
  databaseFor: DatabaseFor,
  what: string,
): Promise<void> {
  for (const group of await byShard(letters, (l) => l.letter.storeId, databaseFor)) {
    await settleIn(
      group,
      group.entries.map((l) => l.message),
      (db) =>
        keepDeadLetters(
          db,
          group.entries.map((l) => l.letter),
        ),
      what,
    );
  }
}
