/**
 * Replaying a dead letter (issue 23): POST /v1/admin/dead-letters/{id}/replay sends the kept message back
 * on its queue, where the worker's own consumer (running as under `wrangler dev`) writes it exactly once,
 * and the letter leaves the list, audited. What can never be written is refused, and stays listed.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DeadLettersAnswer } from "../../contract/admin.ts";
import type { AuditAnswer } from "../../contract/self-service.ts";
import worker from "../../worker/index.ts";
import type { EventMessage } from "../../worker/schemas/event-message.ts";
import { easyPostTrackerEvent } from "../../scripts/lib/carrier-payloads.ts";
import { DEAD_LETTER_QUEUE } from "../../worker/services/event-queue.ts";
import { retentionStatements } from "../../worker/storage/erasure.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { BASE, errorOf, eventsWritten, storeWithOrder, uniqueId } from "./fixtures.ts";

type Owner = Awaited<ReturnType<typeof storeWithOrder>>;
let sequence = 0;

const eventMessage = (owner: Owner): EventMessage => ({
  v: 1,
  storeId: owner.store.id,
  orderId: owner.order.id,
  customerId: owner.order.customer.id,
  receivedAt: new Date().toISOString(),
  event: {
    id: uniqueId("rp").replace(/[^A-Za-z0-9_-]/g, "_"),
    type: "click",
    target: "support",
    at: new Date(Date.now() - 60_000).toISOString(),
  },
});

/** Delivers bodies to a queue's consumer as the queue would; answers the message ids. */
async function deliver(queue: string, bodies: unknown[]): Promise<string[]> {
  const messages = bodies.map((body) => ({ id: `replay-msg-${Date.now()}-${sequence++}`, timestamp: new Date(), attempts: 1, body }));
  const batch = createMessageBatch(queue, messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(bodies.length);
  return messages.map((m) => m.id);
}

async function call(apiKey: string, method: string, path: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, { method, headers: { Authorization: `Bearer ${apiKey}` } }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A parcel for the owner's order, under a fresh tracking number. */
async function parcelOf(owner: Owner): Promise<string> {
  const trackingNumber = `1Z${uniqueId("")
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()}`;
  const shipped = await worker.fetch(
    new Request(`${BASE}/v1/orders/${owner.order.id}/shipments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${owner.store.apiKey}` },
      body: JSON.stringify({ id: `${owner.order.id}-dl`, carrier: "UPS", trackingNumber, lines: [{ sku: "TRAIL-1", quantity: 1 }] }),
    }),
    env,
    createExecutionContext(),
  );
  expect(shipped.status).toBe(201);
  return trackingNumber;
}

const listed = async (owner: Owner) =>
  (await (await call(owner.store.apiKey, "GET", "/v1/admin/dead-letters")).json()) as DeadLettersAnswer;
const replay = (apiKey: string, id: string) => call(apiKey, "POST", `/v1/admin/dead-letters/${encodeURIComponent(id)}/replay`);

describe("POST /v1/admin/dead-letters/{id}/replay", () => {
  it("sends an event the queue gave up on back on the events queue, writes it once, and forgets the letter (audited)", async () => {
    const owner = await storeWithOrder();
    const body = eventMessage(owner);
    const [id] = await deliver(DEAD_LETTER_QUEUE, [body]);
    expect((await listed(owner)).deadLetters.map((d) => d.id)).toEqual([id]);

    // Another store's key does not find it.
    const other = await storeWithOrder();
    const foreign = await replay(other.store.apiKey, id!);
    expect(foreign.status).toBe(404);
    expect((await errorOf(foreign)).code).toBe("dead_letter_not_found");

    const res = await replay(owner.store.apiKey, id!);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id, queue: "doorstep-events" });
    await eventsWritten(owner.store.id, [body.event.id]);
    expect((await listed(owner)).total).toBe(0);

    const audit = (await (await call(owner.store.apiKey, "GET", "/v1/admin/audit?limit=20")).json()) as AuditAnswer;
    expect(audit.entries[0]).toMatchObject({
      action: "dead_letter.replayed",
      target: id,
      before: { queue: DEAD_LETTER_QUEUE, reason: "retries_exhausted" },
      after: null,
    });

    // Gone from the list: a second replay finds nothing. Had it been replayed twice (say the first
    // answer was lost), the event would still be written once: the consumer's key is (store, event id).
    expect((await replay(owner.store.apiKey, id!)).status).toBe(404);
    await deliver(DEAD_LETTER_QUEUE, [body]);
    const [again] = (await listed(owner)).deadLetters;
    expect((await replay(owner.store.apiKey, again!.id)).status).toBe(202);
    await eventsWritten(owner.store.id, [body.event.id]);
    // The consumer writes in its own time: wait until the queue has had it, then count.
    await new Promise((r) => setTimeout(r, 1500));
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM widget_events WHERE store_id = ? AND id = ?`)
      .bind(owner.store.id, body.event.id)
      .first<{ n: number }>();
    expect(n?.n).toBe(1);
  });

  it("sends a carrier webhook the queue gave up on back on the webhooks queue, where its scan is recorded once", async () => {
    const owner = await storeWithOrder();
    const trackingCode = await parcelOf(owner);
    const payload = easyPostTrackerEvent({
      trackingCode,
      eventId: uniqueId("evt"),
      scans: [
        {
          status: "in_transit",
          statusDetail: "arrived_at_facility",
          message: "Arrived",
          datetime: new Date(Date.now() - 3_600_000).toISOString(),
          city: "LOUISVILLE",
        },
      ],
    });
    const body = {
      v: 1,
      kind: "carrier",
      storeId: owner.store.id,
      vendor: "easypost",
      receivedAt: new Date().toISOString(),
      body: JSON.stringify(payload),
    };
    const [id] = await deliver(DEAD_LETTER_QUEUE, [body]);
    const res = await replay(owner.store.apiKey, id!);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id, queue: "doorstep-webhooks" });
    const scans = async () =>
      (
        await env.DB.prepare(`SELECT count(*) AS n FROM carrier_events WHERE store_id = ? AND tracking_number = ?`)
          .bind(owner.store.id, trackingCode)
          .first<{ n: number }>()
      )?.n ?? 0;
    const deadline = Date.now() + 10_000;
    while ((await scans()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await scans()).toBe(1);
    expect((await listed(owner)).total).toBe(0);
  });

  it("refuses a message no consumer can write and a platform's webhook, and keeps both listed", async () => {
    const owner = await storeWithOrder();
    const poison = { ...eventMessage(owner), event: { id: "not an id!", type: "view", at: "yesterday" } };
    const [poisonId] = await deliver("doorstep-events", [poison]);
    const refused = await replay(owner.store.apiKey, poisonId!);
    expect(refused.status).toBe(409);
    const error = await errorOf(refused);
    expect(error.code).toBe("dead_letter_not_replayable");
    expect(error.message).toMatch(/would fail the same way/);

    // A platform's webhook is kept without the sealed secrets it was verified under: a backfill fetches it.
    const platform = {
      v: 1,
      kind: "platform",
      storeId: owner.store.id,
      platform: "shopify",
      id: uniqueId("wh"),
      topic: "orders/create",
      receivedAt: new Date().toISOString(),
      body: "{}",
      sealed: "(left out)",
    };
    const [platformId] = await deliver(DEAD_LETTER_QUEUE, [platform]);
    const backfill = await replay(owner.store.apiKey, platformId!);
    expect(backfill.status).toBe(409);
    expect((await errorOf(backfill)).message).toMatch(/run a backfill/);

    expect((await listed(owner)).deadLetters.map((d) => d.id).sort()).toEqual([poisonId, platformId].sort());
  });
});

describe("what dead letters keep about people", () => {
  const bodies = async (owner: Owner) => new Map((await listed(owner)).deadLetters.map((d) => [d.id, d.body]));

  it("erasing a customer clears every dead letter about them (events, their parcels' scans, a platform's order with their email), not others'", async () => {
    const owner = await storeWithOrder();
    const trackingNumber = await parcelOf(owner);
    const theirs = eventMessage(owner);
    // The same order's event, as if cut short when it was kept (it no longer parses): found by its order id.
    const cut = eventMessage(owner);
    const scan = {
      v: 1,
      kind: "carrier",
      storeId: owner.store.id,
      vendor: "easypost",
      receivedAt: new Date().toISOString(),
      body: JSON.stringify({ result: { tracking_code: trackingNumber, signed_by: "S. Doe" } }),
    };
    const platformOrder = {
      v: 1,
      kind: "platform",
      storeId: owner.store.id,
      platform: "shopify",
      id: uniqueId("wh"),
      topic: "orders/create",
      receivedAt: new Date().toISOString(),
      // Shopify's order resource: the customer's id is Shopify's, not Doorstep's; their email is the same.
      body: JSON.stringify({ id: 5908437265409, email: "sam@example.com", customer: { id: 7120384955618, email: "sam@example.com" } }),
      sealed: "(left out)",
    };
    const someoneElse = { ...eventMessage(owner), orderId: "another-order", customerId: "cust-2" };
    const [eventId, cutId, scanId, platformId, otherId] = await deliver(DEAD_LETTER_QUEUE, [theirs, cut, scan, platformOrder, someoneElse]);
    await env.DB.prepare(`UPDATE dead_letters SET body = substr(body, 1, instr(body, '"customerId"') - 1) WHERE id = ?`).bind(cutId).run();
    const cutBody = (await bodies(owner)).get(cutId!)!;
    expect(cutBody).toContain('"orderId"');
    expect(() => JSON.parse(cutBody)).toThrow();

    const erased = await worker.fetch(
      new Request(`${BASE}/v1/admin/customers/${owner.order.customer.id}`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${owner.store.apiKey}` },
      }),
      env,
      createExecutionContext(),
    );
    expect(erased.status).toBe(200);

    const kept = await bodies(owner);
    for (const id of [eventId, cutId, scanId, platformId]) expect(kept.get(id!)).toBe("{}");
    expect(JSON.parse(kept.get(otherId!)!)).toMatchObject({ customerId: "cust-2" });
    // Listed still, with why it failed; it cannot be sent again, and says why.
    const refused = await replay(owner.store.apiKey, eventId!);
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).message).toMatch(/body was cleared/);
  });

  it("clears dead letters' bodies after 30 days in the nightly clean-up, keeping the letter listed", async () => {
    const owner = await storeWithOrder();
    const [oldId, newId] = await deliver(DEAD_LETTER_QUEUE, [eventMessage(owner), eventMessage(owner)]);
    const past = new Date(Date.now() - 31 * 86_400_000).toISOString();
    await env.DB.prepare(`UPDATE dead_letters SET at = ? WHERE store_id = ? AND id = ?`).bind(past, owner.store.id, oldId).run();
    await runBatch(env.DB, retentionStatements(new Date()));
    const kept = await bodies(owner);
    expect(kept.get(oldId!)).toBe("{}");
    expect(JSON.parse(kept.get(newId!)!)).toMatchObject({ v: 1, orderId: owner.order.id });
  });
});
