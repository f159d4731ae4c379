/**
 * What a platform webhook's answer does, and what it leaves for after: no D1 round trip with the
 * connection in the isolate's memory (the delivery is enqueued; the webhooks queue's consumer stores
 * and processes it); memory trusted only to accept (a replaced, rotated or removed connection counts
 * from the next delivery on); a body too large for a queue message stored in the request and processed
 * after the answer, giving way to answers, and finished by the cron when the isolate that took the
 * delivery went away.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index.ts";
import { answerStarted, givingWay, whenQuiet } from "../../worker/http/after-answer.ts";
import { forgetPlatformKey } from "../../worker/services/platform-keys.ts";
import { processDueDeliveries } from "../../worker/services/platform-process.ts";
import { wrapD1 } from "../../worker/storage/d1-wrapper.ts";
import { claimDelivery } from "../../worker/storage/platform-deliveries.ts";
import { MAX_QUEUED_MESSAGE_BYTES, WEBHOOKS_QUEUE } from "../../worker/services/webhook-queue.ts";
import { BASE } from "./fixtures.ts";
import { drain, heldQueue } from "./queue-driver.ts";
import jpy from "./fixtures/platforms/shopify/orders-create-jpy-presentment.json";
import guest from "./fixtures/platforms/woocommerce/order-created-guest.json";
import { admin, connectedStore, hmacBase64, rows, SHOP, SITE, shopify, woocommerce } from "./platforms.ts";

const deliveriesOf = (storeId: string) =>
  rows<{ id: string; status: string; attempts: number; outcome: string | null }>(
    `SELECT id, status, attempts, outcome FROM platform_deliveries WHERE store_id = ? ORDER BY received_at`,
    storeId,
  );
const ordersOf = (storeId: string) => rows<{ number: string }>(`SELECT number FROM orders WHERE store_id = ?`, storeId);

/** A signed Shopify orders/create as a Request, for calls that need the answer before the deferred work. */
async function shopifyRequest(storeId: string, secret: string, webhookId: string, payload: unknown = jpy) {
  const body = JSON.stringify(payload);
  return new Request(`${BASE}/v1/platforms/shopify/${storeId}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": await hmacBase64(secret, body),
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Webhook-Id": webhookId,
    },
  });
}

/** env with a D1 binding that counts the round trips made through it (a batch is one). */
function countingEnv() {
  const counter = { trips: 0 };
  const DB = wrapD1(env.DB, (_call, run) => {
    counter.trips++;
    return run();
  });
  return { env: { ...env, DB }, counter };
}

describe("receiving a platform webhook", () => {
  it("answers 202 without a D1 round trip once the connection and the store's shard are in memory (two before), and the queue's consumer stores and processes it", async () => {
    const store = await connectedStore();
    forgetPlatformKey(store.id, "shopify");
    const trips: number[] = [];
    for (const [n, id] of ["wh-trips-1", "wh-trips-2"].entries()) {
      const { env: counted, counter } = countingEnv();
      const queue = heldQueue();
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        await shopifyRequest(store.id, store.shopifySecret, id, { ...jpy, id: 700 + n }),
        { ...counted, WEBHOOKS_QUEUE: queue },
        ctx,
      );
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ received: true, queued: true, topic: "orders/create" });
      await waitOnExecutionContext(ctx);
      trips.push(counter.trips);
      // Answered and enqueued: nothing is stored until the consumer has it.
      expect((await deliveriesOf(store.id)).find((d) => d.id === id)).toBeUndefined();
      expect(queue.held).toEqual([
        expect.objectContaining({ v: 1, kind: "platform", storeId: store.id, platform: "shopify", id, topic: "orders/create" }),
      ]);
      await drain(queue);
      expect((await deliveriesOf(store.id)).find((d) => d.id === id)).toMatchObject({ status: "done", attempts: 1 });
    }
    // The first request for a store in an isolate also reads the store directory (which shard it is in:
    // worker/services/shards.ts); the answer is kept like the connection.
    expect(trips).toEqual([2, 0]);
    expect(await ordersOf(store.id)).toEqual([{ number: "#2204" }]);
  });

  it("answers a WooCommerce delivery 202 without a D1 round trip too", async () => {
    const store = await connectedStore();
    await woocommerce(store.id, "order.created", guest, { secret: store.wooSecret });
    const { env: counted, counter } = countingEnv();
    const queue = heldQueue();
    const body = JSON.stringify({ ...guest, id: 728, number: "728" });
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${BASE}/v1/platforms/woocommerce/${store.id}`, {
        method: "POST",
        body,
        headers: {
          "Content-Type": "application/json",
          "X-WC-Webhook-Source": `${SITE}/`,
          "X-WC-Webhook-Topic": "order.created",
          "X-WC-Webhook-Signature": await hmacBase64(store.wooSecret, body),
          "X-WC-Webhook-Delivery-ID": "trips-woo",
        },
      }),
      { ...counted, WEBHOOKS_QUEUE: queue },
      ctx,
    );
    expect(res.status).toBe(202);
    await waitOnExecutionContext(ctx);
    expect(counter.trips).toBe(0);
    await drain(queue);
    expect((await deliveriesOf(store.id)).map((d) => d.status)).toEqual(["done", "done"]);
  });

  it("stores a body too large for a queue message in the request, as before the queue: one round trip, processed after the answer", async () => {
    const store = await connectedStore();
    // A very large order's body: past what one queue message holds (128 KB), within the 1 MiB limit.
    const large = { ...jpy, id: 790, padding: "x".repeat(MAX_QUEUED_MESSAGE_BYTES) };
    await shopify(store.id, "orders/create", { ...jpy, id: 789 }, { secret: store.shopifySecret, webhookId: "wh-warm" });
    const { env: counted, counter } = countingEnv();
    const queue = heldQueue();
    const ctx = createExecutionContext();
    // Another request being answered holds the deferred work back while the test looks.
    const other = answerStarted();
    const res = await worker.fetch(
      await shopifyRequest(store.id, store.shopifySecret, "wh-large", large),
      { ...counted, WEBHOOKS_QUEUE: queue },
      ctx,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, duplicate: false, topic: "orders/create" });
    expect(counter.trips).toBe(1);
    expect(queue.sent).toEqual([]);
    // Answered, stored, not processed yet: the order is written after the answer.
    expect((await deliveriesOf(store.id)).find((d) => d.id === "wh-large")).toMatchObject({ status: "pending", attempts: 0 });
    other();
    await waitOnExecutionContext(ctx);
    expect((await deliveriesOf(store.id)).find((d) => d.id === "wh-large")).toMatchObject({ status: "done", attempts: 1 });
    const stored = await rows<{ body: string }>(`SELECT body FROM platform_deliveries WHERE store_id = ? AND id = 'wh-large'`, store.id);
    expect(JSON.parse(stored[0]!.body)).toEqual(large);
    // Sent again, it is recognised as before.
    const again = await worker.fetch(
      await shopifyRequest(store.id, store.shopifySecret, "wh-large", large),
      { ...env, WEBHOOKS_QUEUE: queue },
      createExecutionContext(),
    );
    expect(await again.json()).toEqual({ received: true, duplicate: true, topic: "orders/create" });
    expect((await deliveriesOf(store.id)).map((d) => d.id)).toEqual(["wh-warm", "wh-large"]);
  });

  it("keeps a queued delivery as a dead letter, not stored, when its connection was replaced after the signature was checked", async () => {
    const store = await connectedStore();
    const queue = heldQueue();
    const res = await worker.fetch(
      await shopifyRequest(store.id, store.shopifySecret, "wh-replaced"),
      { ...env, WEBHOOKS_QUEUE: queue },
      createExecutionContext(),
    );
    expect(res.status).toBe(202);
    const rotated = `shpss_${crypto.randomUUID().replace(/-/g, "")}`;
    expect(
      (await admin(store.apiKey, "/v1/admin/connections/shopify", { method: "PUT", body: JSON.stringify({ shop: SHOP, secret: rotated }) }))
        .status,
    ).toBe(200);
    await drain(queue);
    expect(await deliveriesOf(store.id)).toEqual([]);
    const letters = (await admin(store.apiKey, "/v1/admin/dead-letters")).json();
    expect(letters.total).toBe(1);
    expect(letters.deadLetters[0]).toMatchObject({
      queue: WEBHOOKS_QUEUE,
      reason: "cannot_apply",
      detail: expect.stringMatching(/shopify connection was replaced/),
    });
    // The merchant can read the delivery and replay it; the connection's sealed secrets are not in it.
    const kept = JSON.parse(letters.deadLetters[0].body);
    expect(kept).toMatchObject({ kind: "platform", id: "wh-replaced", sealed: "(left out)" });
    expect(JSON.parse(kept.body)).toEqual(jpy);
  });

  it("takes a rotated secret at once: the new one is accepted, the old one refused", async () => {
    const store = await connectedStore();
    expect((await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret, webhookId: "wh-rot-1" })).status).toBe(202);
    const rotated = `shpss_${crypto.randomUUID().replace(/-/g, "")}`;
    const put = await admin(store.apiKey, "/v1/admin/connections/shopify", {
      method: "PUT",
      body: JSON.stringify({ shop: SHOP, secret: rotated }),
    });
    expect(put.status).toBe(200);
    expect((await shopify(store.id, "orders/updated", jpy, { secret: rotated, webhookId: "wh-rot-2" })).status).toBe(202);
    const old = await shopify(store.id, "orders/updated", jpy, { secret: store.shopifySecret, webhookId: "wh-rot-3" });
    expect(old.status).toBe(401);
    expect((await deliveriesOf(store.id)).map((d) => d.id)).toEqual(["wh-rot-1", "wh-rot-2"]);
  });

  it("stores nothing for a delivery memory would accept when the connection has moved to another shop since, and keeps it visible", async () => {
    const store = await connectedStore();
    expect((await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret, webhookId: "wh-move-1" })).status).toBe(202);
    // Same secret, another shop: memory still says SHOP; the stored connection does not.
    const put = await admin(store.apiKey, "/v1/admin/connections/shopify", {
      method: "PUT",
      body: JSON.stringify({ shop: "another-shop.myshopify.com", secret: store.shopifySecret }),
    });
    expect(put.status).toBe(200);
    // Memory accepts it and it is enqueued (202); the consumer finds the connection changed and keeps it
    // as a dead letter the merchant sees, never storing it. A fresh isolate refuses it outright.
    const stale = await shopify(store.id, "orders/updated", jpy, { secret: store.shopifySecret, webhookId: "wh-move-2" });
    expect(stale.status).toBe(202);
    expect((await admin(store.apiKey, "/v1/admin/dead-letters")).json().deadLetters).toMatchObject([{ reason: "cannot_apply" }]);
    forgetPlatformKey(store.id, "shopify");
    const refused = await shopify(store.id, "orders/updated", jpy, { secret: store.shopifySecret, webhookId: "wh-move-4" });
    expect(refused.status).toBe(403);
    expect(refused.json().error.code).toBe("wrong_shop");
    const moved = await shopify(store.id, "orders/updated", jpy, {
      secret: store.shopifySecret,
      shop: "another-shop.myshopify.com",
      webhookId: "wh-move-3",
    });
    expect(moved.status).toBe(202);
    expect((await deliveriesOf(store.id)).map((d) => d.id)).toEqual(["wh-move-1", "wh-move-3"]);
  });

  it("refuses deliveries when the connection is removed (404), storing nothing", async () => {
    const store = await connectedStore();
    expect((await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret, webhookId: "wh-rm-1" })).status).toBe(202);
    expect((await admin(store.apiKey, "/v1/admin/connections/shopify", { method: "DELETE" })).status).toBeLessThan(300);
    // Within the minute memory holds the connection, a delivery is enqueued and then kept as a dead letter, not stored.
    const held = await shopify(store.id, "orders/updated", jpy, { secret: store.shopifySecret, webhookId: "wh-rm-2" });
    expect(held.status).toBe(202);
    expect((await admin(store.apiKey, "/v1/admin/dead-letters")).json().deadLetters).toMatchObject([{ reason: "cannot_apply" }]);
    forgetPlatformKey(store.id, "shopify");
    const after = await shopify(store.id, "orders/updated", jpy, { secret: store.shopifySecret, webhookId: "wh-rm-3" });
    expect(after.status).toBe(404);
    expect(after.json().error.code).toBe("connection_not_found");
    expect((await deliveriesOf(store.id)).map((d) => d.id)).toEqual(["wh-rm-1"]);
  });

  it("answers 503 and stores nothing when the connection's secret cannot be opened, even with it in memory", async () => {
    const store = await connectedStore();
    expect((await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret, webhookId: "wh-key-1" })).status).toBe(202);
    const otherKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      await shopifyRequest(store.id, store.shopifySecret, "wh-key-2"),
      { ...env, DOORSTEP_SECRET_KEY: otherKey },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("60");
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("webhook_secret_unavailable");
    expect((await deliveriesOf(store.id)).map((d) => d.id)).toEqual(["wh-key-1"]);
  });

  it("loses nothing when the isolate dies after the answer: a delivery claimed and never settled is finished by the cron", async () => {
    const store = await connectedStore();
    const { receivePlatformDelivery } = await import("../../worker/routes/platform-receive.ts");
    const { stored } = await receivePlatformDelivery(
      env,
      "shopify",
      store.id,
      await shopifyRequest(store.id, store.shopifySecret, "wh-died"),
    );
    expect(stored).toBeDefined();
    // The deferred processing claimed it and died before writing anything (an isolate evicted mid-way).
    const now = new Date();
    expect(await claimDelivery(env.DB, stored!, now.toISOString(), new Date(now.getTime() + 60_000).toISOString())).not.toBeNull();
    expect(await ordersOf(store.id)).toEqual([]);
    // Its lease holds it back from the cron for a minute, then the cron finishes it.
    await processDueDeliveries(env, { now, limit: 1000 });
    expect(await deliveriesOf(store.id)).toMatchObject([{ status: "pending", attempts: 1 }]);
    await processDueDeliveries(env, { now: new Date(now.getTime() + 61_000), limit: 1000 });
    expect(await ordersOf(store.id)).toEqual([{ number: "#2204" }]);
    expect(await deliveriesOf(store.id)).toMatchObject([{ status: "done", attempts: 2 }]);
  });
});

describe("work after the answer", () => {
  it("waits while a request is being answered, and starts once none is", async () => {
    const end = answerStarted();
    let ran = false;
    const done = whenQuiet(async () => {
      ran = true;
    });
    await scheduler.wait(100);
    expect(ran).toBe(false);
    end();
    await done;
    expect(ran).toBe(true);
  });

  it("starts anyway after its longest wait, so steady traffic cannot hold it back", async () => {
    const end = answerStarted();
    let ran = false;
    await whenQuiet(
      async () => {
        ran = true;
      },
      { maxWaitMs: 50 },
    );
    expect(ran).toBe(true);
    end();
  });

  it("runs one piece at a time, and a piece that throws neither rejects nor blocks the next", async () => {
    let running = 0;
    let most = 0;
    const piece = (fail: boolean) => async () => {
      running++;
      most = Math.max(most, running);
      await scheduler.wait(30);
      running--;
      if (fail) throw new Error("boom");
    };
    await Promise.all([whenQuiet(piece(true)), whenQuiet(piece(false)), whenQuiet(piece(false))]);
    expect(most).toBe(1);
  });

  it("gives way to answers between its D1 round trips, within its budget", async () => {
    const db = givingWay(env.DB, 120);
    const end = answerStarted();
    let answered = false;
    const read = db
      .prepare("SELECT 1 AS one")
      .first<{ one: number }>()
      .then((row) => ({ row, answered }));
    await scheduler.wait(60);
    answered = true;
    end();
    expect(await read).toEqual({ row: { one: 1 }, answered: true });
    // With a request that never ends, the budget runs out and the work goes on.
    const stuck = answerStarted();
    const started = Date.now();
    expect(await db.prepare("SELECT 2 AS two").first<{ two: number }>()).toEqual({ two: 2 });
    expect(await db.prepare("SELECT 3 AS three").first<{ three: number }>()).toEqual({ three: 3 });
    expect(Date.now() - started).toBeLessThan(1_000);
    stuck();
  });
});
