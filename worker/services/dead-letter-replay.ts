/**
 * Replaying a dead letter (issue 23): a message the queue gave up on goes back on its queue once the
 * cause is fixed (a database that was failing, a bug since deployed), at the merchant's request. The
 * consumers write exactly once by each message's own key ((store, event id) for widget events), so a
 * replay of something that was in fact written, or two replays of the same letter, add nothing twice.
 *
 * Sent first, forgotten after: if the send fails nothing changed; if the send succeeded and forgetting
 * failed, the letter is still listed and a second replay is harmless. A replayed message that fails
 * again comes back as a new dead letter, under the new message's id.
 */
import type { AuditActor } from "../../contract/self-service.ts";
import { eventMessage } from "../schemas/event-message.ts";
import { carrierWebhookMessage } from "../schemas/webhook-message.ts";
import { WEBHOOKS_QUEUE } from "./webhook-queue.ts";
import { auditStatement } from "../storage/audit.ts";
import { applyChanges } from "../storage/changes.ts";
import { findDeadLetter, forgetDeadLetterStatement } from "../storage/dead-letters.ts";
import { StorageUnavailable } from "../storage/storage-guard.ts";

/** Where a dead letter can go back, by the kind of message its body is. */
interface Kind {
  accepts(body: unknown): boolean;
  queue: string;
  send(env: Env, body: unknown): Promise<unknown>;
}

const KINDS: Kind[] = [
  {
    accepts: (b) => eventMessage.safeParse(b).success,
    queue: "doorstep-events",
    send: (env, b) => env.EVENTS_QUEUE.send(b, { contentType: "json" }),
  },
  {
    accepts: (b) => carrierWebhookMessage.safeParse(b).success,
    queue: WEBHOOKS_QUEUE,
    send: (env, b) => env.WEBHOOKS_QUEUE.send(b, { contentType: "json" }),
  },
];

export type ReplayOutcome =
  | { status: "replayed"; id: string; queue: string }
  | { status: "not_found" }
  /** Its body is not a message any consumer takes (refused on arrival, or cut when it was kept). */
  | { status: "not_replayable"; reason: string };

export async function replayDeadLetter(env: Env, storeId: string, id: string, actor: AuditActor, now: Date): Promise<ReplayOutcome> {
  const letter = await findDeadLetter(env.DB, storeId, id);
  if (!letter) return { status: "not_found" };
  // Cleared by the 30-day clean-up or a customer's erasure (storage/erasure.ts): nothing left to send.
  if (letter.body === "{}") {
    return {
      status: "not_replayable",
      reason:
        "Its body was cleared (dead letters keep their body for 30 days, and none about an erased customer), so it cannot be sent again.",
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(letter.body);
  } catch {
    return { status: "not_replayable", reason: "Its body was not kept whole, so it cannot be sent again as it was." };
  }
  // A platform's webhook is stored only while its connection holds the secrets it was verified under,
  // and those are never kept in a dead letter: the platform's own backfill fetches what was missed.
  if ((body as { kind?: unknown } | null)?.kind === "platform") {
    return {
      status: "not_replayable",
      reason:
        "A store platform's webhook cannot be sent again from here (its verification is not kept): run a backfill to fetch what was missed.",
    };
  }
  const kind = KINDS.find((k) => k.accepts(body));
  if (!kind) {
    return { status: "not_replayable", reason: "Its body is not a message Doorstep can write: sending it again would fail the same way." };
  }
  try {
    await kind.send(env, body);
  } catch (error) {
    // The queue refused: nothing was sent and the letter stays; the caller may try again (503).
    throw new StorageUnavailable(error);
  }
  await applyChanges(env.DB, [
    forgetDeadLetterStatement(storeId, id),
    auditStatement(
      storeId,
      actor,
      { action: "dead_letter.replayed", target: id, before: { queue: letter.queue, reason: letter.reason, at: letter.at }, after: null },
      now.toISOString(),
    ),
  ]);
  return { status: "replayed", id, queue: kind.queue };
}
