/**
 * Driving the webhooks queue's consumer from a test, deterministically. Under the worker tests the
 * real local queue (wrangler.toml) delivers a batch within its max_batch_timeout, a second or so after
 * the send; a test that posts dozens of webhooks and reads D1 after each would wait that long every
 * time. Instead a request is given a queue binding (Cloudflare's, not ours) that keeps what the route
 * sends, as JSON like the real queue's `json` content type; `drain` then hands those messages, as one
 * batch, to the worker's own `queue` handler, redelivering what it retried (attempts counted, as the
 * real queue does) until everything is acked. The routes, the consumer and D1 are the real ones;
 * webhook-queue.test.ts also goes through the real local queue end to end.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../worker/index.ts";
import { WEBHOOKS_QUEUE } from "../../worker/services/webhook-queue.ts";

let sequence = 0;

export interface HeldQueue extends Queue {
  /** Bodies sent and not yet drained. */
  readonly held: unknown[];
  /** Every body ever sent through it. */
  readonly sent: unknown[];
}

/** A queue binding that holds what is sent to it (see the file's comment). */
export function heldQueue(): HeldQueue {
  const held: unknown[] = [];
  const sent: unknown[] = [];
  const keep = (body: unknown) => {
    // What the queue stores is a copy: the consumer never sees the sender's object.
    const copy = JSON.parse(JSON.stringify(body)) as unknown;
    held.push(copy);
    sent.push(copy);
  };
  return {
    held,
    sent,
    async send(body: unknown) {
      keep(body);
    },
    async sendBatch(messages: Iterable<MessageSendRequest<unknown>>) {
      for (const m of messages) keep(m.body);
    },
    async metrics() {
      return { backlogCount: held.length, backlogBytes: 0 };
    },
  } as unknown as HeldQueue;
}

/** One delivery of `bodies` to the worker's queue handler; what it acked and retried (each message is one or the other). */
export async function deliverBatch(
  bodies: unknown[],
  options: { queue?: string; attempts?: number; ids?: string[]; vars?: Record<string, string>; env?: Env } = {},
) {
  const ids = options.ids ?? bodies.map(() => `wq-${sequence++}`);
  const batch = createMessageBatch(
    options.queue ?? WEBHOOKS_QUEUE,
    bodies.map((body, i) => ({ id: ids[i]!, timestamp: new Date(), attempts: options.attempts ?? 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...(options.env ?? env), ...options.vars } as Env);
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks.length + result.retryMessages.length).toBe(bodies.length);
  const retried = new Set(result.retryMessages.map((m: { msgId: string }) => m.msgId));
  return {
    acked: result.explicitAcks.length,
    retried: result.retryMessages.length,
    retriedBodies: bodies.filter((_, i) => retried.has(ids[i]!)),
    retriedIds: ids.filter((id) => retried.has(id)),
  };
}

/** Delivers everything `queue` holds, redelivering what is retried (up to `rounds` times), and empties it. */
export async function drain(queue: HeldQueue, rounds = 3, workerEnv: Env = env): Promise<void> {
  let bodies = queue.held.splice(0);
  let ids = bodies.map(() => `wq-${sequence++}`);
  for (let attempt = 1; bodies.length; attempt++) {
    if (attempt > rounds) throw new Error(`${bodies.length} webhook message(s) still retried after ${rounds} deliveries`);
    const { retriedBodies, retriedIds } = await deliverBatch(bodies, { attempts: attempt, ids, env: workerEnv });
    bodies = retriedBodies;
    ids = retriedIds;
  }
}
