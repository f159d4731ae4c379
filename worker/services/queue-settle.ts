/**
 * What the queue consumers (event-queue.ts, webhook-queue.ts) share: acking or retrying messages by
 * how their write went, and turning a message into a dead letter the merchant can read.
 */
import type { DeadLetter, DeadLetterReason } from "../storage/dead-letters.ts";

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
