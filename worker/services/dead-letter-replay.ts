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
import { auditStatement } from "../storage/audit.ts";
import { applyChanges } from "../storage/changes.ts";
import { findDeadLetter, forgetDeadLetterStatement } from "../storage/dead-letters.ts";
import { StorageUnavailable } from "../storage/storage-guard.ts";

/** The queues a dead letter can go back on, by the kind of message its body is. */
type Replayable = { queue: "doorstep-events"; send(env: Env, body: unknown): Promise<void> };

const KINDS: { accepts(body: unknown): boolean; target: Replayable }[] = [
  {
    accepts: (body) => eventMessage.safeParse(body).success,
    target: { queue: "doorstep-events", send: async (env, body) => void (await env.EVENTS_QUEUE.send(body, { contentType: "json" })) },
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
  let body: unknown;
  try {
    body = JSON.parse(letter.body);
  } catch {
    return { status: "not_replayable", reason: "Its body was too large to keep whole, so it cannot be sent again as it was." };
  }
  const kind = KINDS.find((k) => k.accepts(body));
  if (!kind) {
    return { status: "not_replayable", reason: "Its body is not a message Doorstep can write: sending it again would fail the same way." };
  }
  try {
    await kind.target.send(env, body);
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
  return { status: "replayed", id, queue: kind.target.queue };
}
