/**
 * Widget events through Cloudflare Queues (issue 23, item 2). The endpoint's side (202, queued) is in
 * shopper.test.ts; here the consumer, the worker's own `queue` handler, is given batches as the queue
 * would deliver them (createMessageBatch), against real local D1: it writes each event once however
 * often a message is delivered, acks per message, retries a batch whose write failed (before or after
 * D1 committed it, or half-way through), and keeps what can never be written as a dead letter the
 * merchant reads at GET /v1/admin/dead-letters.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DeadLettersAnswer } from "../../contract/admin.ts";
import worker from "../../worker/index.ts";
import type { EventMessage } from "../../worker/schemas/event-message.ts";
import { DEAD_LETTER_QUEUE } from "../../worker/services/event-queue.ts";
import { BASE, storeWithOrder, uniqueId } from "./fixtures.ts";

const EVENTS_QUEUE = "doorstep-events";
let sequence = 0;

type Owner = Awaited<ReturnType<typeof storeWithOrder>>;

const eventId = () => uniqueId("qe").replace(/[^A-Za-z0-9_-]/g, "_");

function message(owner: Owner, type: string, target?: string, id = eventId()): EventMessage {
  return {
    v: 1,
    storeId: owner.store.id,
    orderId: owner.order.id,
    customerId: owner.order.customer.id,
    receivedAt: new Date().toISOString(),
    event: { id, type, target, at: new Date(Date.now() - 60_000).toISOString() },
  };
}

/** One delivery of `bodies` to the worker's queue handler (with `vars` over the bindings); what it acked and retried. */
async function deliver(queue: string, bodies: unknown[], vars: Record<string, string> = {}, attempts = 1) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body) => ({ id: `msg-${sequence++}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...vars } as Env);
  const result = await getQueueResult(batch, ctx);
  // Each message is acked or retried on its own, and none is left for the queue to guess about.
  expect(result.explicitAcks.length + result.retryMessages.length).toBe(bodies.length);
  return { acked: result.explicitAcks.length, retried: result.retryMessages.length };
}

/** A redelivery: the same messages again (same bodies), as the queue sends after a retry or a lost ack. */
const again = (queue: string, bodies: unknown[], vars: Record<string, string> = {}) => deliver(queue, bodies, vars, 2);

async function eventRows(storeId: string) {
  const { results } = await env.DB.prepare(`SELECT id, type, target FROM widget_events WHERE store_id = ? ORDER BY id`).bind(storeId).all();
  return results;
}

const clicks = async (storeId: string) =>
  (
    await env.DB.prepare(`SELECT coalesce(sum(clicked), 0) AS n FROM offer_kind_stats WHERE store_id = ?`)
      .bind(storeId)
      .first<{ n: number }>()
  )?.n;

const checkoutFeel = async (owner: Owner) =>
  (await env.DB.prepare(`SELECT checkout_feel, view_version FROM orders WHERE store_id = ? AND id = ?`)
    .bind(owner.store.id, owner.order.id)
    .first<{ checkout_feel: string | null; view_version: number }>()) ?? undefined;

async function deadLetters(apiKey: string): Promise<DeadLettersAnswer> {
  const res = await worker.fetch(
    new Request(`${BASE}/v1/admin/dead-letters`, { headers: { Authorization: `Bearer ${apiKey}` } }),
    env,
    createExecutionContext(),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as DeadLettersAnswer;
}

/** Redeliveries come later than the first delivery (the queue's retry_delay); a millisecond is enough here. */
const later = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("the events queue's consumer", () => {
  it("writes a batch of 100 in one go and acks each message; a redelivery writes nothing twice", async () => {
    const owner = await storeWithOrder();
    const bodies = [
      ...Array.from({ length: 97 }, (_, i) => message(owner, "view", `page-${i}`)),
      message(owner, "offer_click", "cross_sell:SOCK-3"),
      message(owner, "checkout_feel", "hard"),
      message(owner, "click", "status_link"),
    ];
    expect(await deliver(EVENTS_QUEUE, bodies)).toEqual({ acked: 100, retried: 0 });
    expect(await eventRows(owner.store.id)).toHaveLength(100);
    expect(await clicks(owner.store.id)).toBe(1);
    const feel = await checkoutFeel(owner);
    expect(feel?.checkout_feel).toBe("hard");

    await later();
    expect(await again(EVENTS_QUEUE, bodies)).toEqual({ acked: 100, retried: 0 });
    expect(await eventRows(owner.store.id)).toHaveLength(100);
    // Side effects too: the click taught the bandit once, and the order's view did not change again.
    expect(await clicks(owner.store.id)).toBe(1);
    expect(await checkoutFeel(owner)).toEqual(feel);
  });

  it("writes an event sent twice in one batch once, and acks both messages", async () => {
    const owner = await storeWithOrder();
    const click = message(owner, "offer_click", "upsell:TEE-1");
    expect(await deliver(EVENTS_QUEUE, [click, { ...click, receivedAt: new Date().toISOString() }])).toEqual({ acked: 2, retried: 0 });
    expect(await eventRows(owner.store.id)).toHaveLength(1);
    expect(await clicks(owner.store.id)).toBe(1);
  });

  it("retries the whole batch when D1 refuses the write, and writes it once when redelivered", async () => {
    const owner = await storeWithOrder();
    const bodies = [message(owner, "view", "tracking"), message(owner, "offer_click", "reorder:SOCK-3")];
    expect(await deliver(EVENTS_QUEUE, bodies, { DOORSTEP_FAULTS: "before=1" })).toEqual({ acked: 0, retried: 2 });
    expect(await eventRows(owner.store.id)).toEqual([]);
    await later();
    expect(await again(EVENTS_QUEUE, bodies)).toEqual({ acked: 2, retried: 0 });
    expect(await eventRows(owner.store.id)).toHaveLength(2);
    expect(await clicks(owner.store.id)).toBe(1);
  });

  it("retries when D1 committed but the answer was lost, and the redelivery inserts nothing twice", async () => {
    const owner = await storeWithOrder();
    const bodies = [
      message(owner, "view", "tracking"),
      message(owner, "offer_click", "reorder:SOCK-3"),
      message(owner, "checkout_feel", "easy"),
    ];
    expect(await deliver(EVENTS_QUEUE, bodies, { DOORSTEP_FAULTS: "after=1" })).toEqual({ acked: 0, retried: 3 });
    // The write did commit: the redelivery meets it.
    expect(await eventRows(owner.store.id)).toHaveLength(3);
    const feel = await checkoutFeel(owner);
    await later();
    expect(await again(EVENTS_QUEUE, bodies)).toEqual({ acked: 3, retried: 0 });
    expect(await eventRows(owner.store.id)).toHaveLength(3);
    expect(await clicks(owner.store.id)).toBe(1);
    expect(await checkoutFeel(owner)).toEqual(feel);
  });

  it("retries a batch that fails half-way through in D1 without keeping any of it, then writes each event once", async () => {
    const owner = await storeWithOrder();
    const bodies = Array.from({ length: 40 }, (_, i) => message(owner, "view", `page-${i}`));
    const failing = bodies[25]!.event.id;
    // A real mid-transaction failure: D1 aborts at the 26th insert, after 25 have run.
    await env.DB.exec(
      `CREATE TRIGGER fail_mid_batch BEFORE INSERT ON widget_events WHEN NEW.id = '${failing}' BEGIN SELECT RAISE(ABORT, 'injected mid-batch failure'); END`,
    );
    try {
      expect(await deliver(EVENTS_QUEUE, bodies)).toEqual({ acked: 0, retried: 40 });
      expect(await eventRows(owner.store.id)).toEqual([]);
    } finally {
      await env.DB.exec(`DROP TRIGGER fail_mid_batch`);
    }
    await later();
    expect(await again(EVENTS_QUEUE, bodies)).toEqual({ acked: 40, retried: 0 });
    expect(await eventRows(owner.store.id)).toHaveLength(40);
    await later();
    expect(await again(EVENTS_QUEUE, bodies)).toEqual({ acked: 40, retried: 0 });
    expect(await eventRows(owner.store.id)).toHaveLength(40);
  });

  it("keeps a poison message as a dead letter at once (acked, not retried), writes the good ones, and shows it to the merchant", async () => {
    const owner = await storeWithOrder();
    const good = [message(owner, "view", "confirmation"), message(owner, "click", "support")];
    const poison = { ...message(owner, "view"), event: { id: "not an id!", type: "view", at: "yesterday" } };
    expect(await deliver(EVENTS_QUEUE, [good[0], poison, good[1]])).toEqual({ acked: 3, retried: 0 });
    expect((await eventRows(owner.store.id)).map((r) => r.id)).toEqual(good.map((m) => m.event.id).sort());

    const seen = await deadLetters(owner.store.apiKey);
    expect(seen.total).toBe(1);
    expect(seen.deadLetters).toEqual([
      {
        id: expect.any(String),
        queue: EVENTS_QUEUE,
        reason: "invalid_message",
        detail: expect.stringMatching(/^event\.(id|at): /),
        body: JSON.stringify(poison),
        at: expect.any(String),
      },
    ]);
    // Another store's key sees none of it.
    const other = await storeWithOrder();
    expect((await deadLetters(other.store.apiKey)).total).toBe(0);
  });

  it("keeps what the queue gave up on (the dead-letter queue) once, however often it is delivered", async () => {
    const owner = await storeWithOrder();
    const body = message(owner, "view", "tracking");
    const batch = createMessageBatch(DEAD_LETTER_QUEUE, [{ id: `dlq-${sequence++}`, timestamp: new Date(), attempts: 1, body }]);
    for (let i = 0; i < 2; i++) {
      const ctx = createExecutionContext();
      await worker.queue(batch, env);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(1);
    }
    const seen = await deadLetters(owner.store.apiKey);
    expect(seen.total).toBe(1);
    expect(seen.deadLetters[0]).toMatchObject({ queue: DEAD_LETTER_QUEUE, reason: "retries_exhausted", body: JSON.stringify(body) });
    // Kept, not written as an event: the merchant decides (an operator can replay the body).
    expect(await eventRows(owner.store.id)).toEqual([]);
  });

  it("retries dead letters when D1 refuses to keep them, rather than dropping them", async () => {
    const owner = await storeWithOrder();
    const poison = { ...message(owner, "view"), v: 2 };
    expect(await deliver(EVENTS_QUEUE, [poison], { DOORSTEP_FAULTS: "before=1" })).toEqual({ acked: 0, retried: 1 });
    expect((await deadLetters(owner.store.apiKey)).total).toBe(0);
    expect(await again(EVENTS_QUEUE, [poison])).toEqual({ acked: 1, retried: 0 });
    expect((await deadLetters(owner.store.apiKey)).total).toBe(1);
  });
});
