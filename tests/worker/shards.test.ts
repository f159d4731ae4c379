/**
 * Many databases (issue 23, item 4): stores in s0 (`DB`) and s1 (`DB_S1`) side by side through the
 * public API, against both real local D1 databases. A store in s1 is made the way `store:create
 * --shard s1` makes it (its directory row in s0, the store in s1); its credentials carry `s1.`, its
 * writes land in DB_S1 and never in DB, its shopper's token is served with no directory read, its
 * store-id routes go through the directory, the cron and the queue consumer reach both shards, and a
 * credential naming a shard this worker does not have opens nothing.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { easyPostTrackerEvent, signedHeaders } from "../../scripts/lib/carrier-payloads.ts";
import worker, { runScheduled } from "../../worker/index.ts";
import type { EventMessage } from "../../worker/schemas/event-message.ts";
import type { PhotoAccepted, ProductReviewsAnswer } from "../../contract/reviews.ts";
import { jpegWithGps } from "./fixtures/photos.ts";
import { BASE, createStore, errorOf, eventsWritten, ORIGIN, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

const shopper = (token: string, path = "", init: RequestInit = {}) =>
  SELF.fetch(`${BASE}/v1/o/${token}${path}`, { ...init, headers: { Origin: ORIGIN, "Content-Type": "application/json", ...init.headers } });

const merchant = (credential: string, method: string, path: string, body?: unknown) =>
  SELF.fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${credential}`, "Content-Type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

const count = async (db: D1Database, table: string, storeId: string) =>
  (await db.prepare(`SELECT count(*) AS n FROM ${table} WHERE store_id = ?`).bind(storeId).first<{ n: number }>())!.n;

/** A store in s1 with one order placed through the API with its key, and a store in s0 beside it. */
async function twoShards() {
  const s1 = await createStore({}, { shard: "s1" });
  const s0 = await createStore();
  const order = sampleOrder({ customer: { id: uniqueId("cust"), email: "ada@example.com" } });
  const res = await postOrder(s1.apiKey, order);
  expect(res.status, await res.clone().text()).toBe(201);
  const { orderToken } = (await res.json()) as { orderToken: string };
  return { s1, s0, order, token: orderToken };
}

const dropDirectoryRow = (storeId: string) => env.DB.prepare(`DELETE FROM store_directory WHERE store_id = ?`).bind(storeId).run();

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("stores in two shards", () => {
  it("a store in s1 has credentials carrying s1, and its orders land in DB_S1, never in DB", async () => {
    const { s1, s0, order, token } = await twoShards();
    expect(s1.apiKey).toMatch(/^dsk_s1\.[A-Za-z0-9_-]{43}$/);
    expect(s0.apiKey).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatch(/^s1\.[A-Za-z0-9_-]{43}$/);
    expect(await count(env.DB_S1, "orders", s1.id)).toBe(1);
    expect(await count(env.DB, "orders", s1.id)).toBe(0);
    expect(await env.DB.prepare(`SELECT id FROM stores WHERE id = ?`).bind(s1.id).first()).toBeNull();
    expect(await env.DB.prepare(`SELECT shard FROM store_directory WHERE store_id = ?`).bind(s1.id).first()).toEqual({ shard: "s1" });
    // The s0 store beside it keeps the old shapes and its own database.
    const res = await postOrder(s0.apiKey, sampleOrder());
    const s0Token = ((await res.json()) as { orderToken: string }).orderToken;
    expect(s0Token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await count(env.DB, "orders", s0.id)).toBe(1);
    expect(await count(env.DB_S1, "orders", s0.id)).toBe(0);
    expect((await shopper(s0Token)).status).toBe(200);
    // Each key opens its own store only: the s1 key's store reads its order back.
    const read = await merchant(s1.apiKey, "GET", `/v1/admin/orders/${order.id}`);
    expect(read.status).toBe(200);
  });

  it("the shopper's token is served from s1 with no directory read: view, 304 refresh, survey, events", async () => {
    const { s1, token } = await twoShards();
    // Nothing about this store was read from the directory yet (its key and token carry s1), and now
    // there is nothing to read: a route that needed the directory would look in s0 and find no store.
    await dropDirectoryRow(s1.id);
    const view = await shopper(token);
    expect(view.status).toBe(200);
    const etag = view.headers.get("etag");
    expect(etag).toBeTruthy();
    expect((await shopper(token, "", { headers: { "If-None-Match": etag! } })).status).toBe(304);
    const survey = await shopper(token, "/survey", { method: "POST", body: JSON.stringify({ rating: 5 }) });
    expect(survey.status, await survey.clone().text()).toBe(200);
    expect(await count(env.DB_S1, "survey_responses", s1.id)).toBe(1);
    expect(await count(env.DB, "survey_responses", s1.id)).toBe(0);

    // The events endpoint answers from the token alone too; the queue consumer then finds the store's
    // shard by the message's store id in the directory (its messages carry no token), so the row is back.
    await env.DB.prepare(`INSERT INTO store_directory (store_id, shard, created_at) VALUES (?, 's1', ?)`)
      .bind(s1.id, new Date().toISOString())
      .run();
    const events = [{ id: uniqueId("ev").replace(/[^A-Za-z0-9_-]/g, "_"), type: "view", target: "tracking", at: new Date().toISOString() }];
    const queued = await shopper(token, "/events", { method: "POST", body: JSON.stringify(events) });
    expect(queued.status).toBe(202);
    await eventsWritten(
      s1.id,
      events.map((e) => e.id),
      10_000,
      env.DB_S1,
    );
    expect(await count(env.DB, "widget_events", s1.id)).toBe(0);
  });

  it("store-id routes find the store through the directory: config, lookup and the carrier webhook", async () => {
    const { s1, order, token } = await twoShards();
    const config = await SELF.fetch(`${BASE}/v1/stores/${s1.id}/config`, { headers: { Origin: ORIGIN } });
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ id: s1.id });

    const lookup = await SELF.fetch(`${BASE}/v1/lookup`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify({ storeId: s1.id, orderNumber: order.id, email: order.customer.email }),
    });
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toEqual({ orderToken: token });

    const trackingNumber = `1Z${uniqueId("")
      .replace(/[^A-Za-z0-9]/g, "")
      .toUpperCase()}`;
    const shipment = { id: uniqueId("ship"), carrier: "UPS", trackingNumber, lines: [{ sku: "TRAIL-1", quantity: 1 }] };
    expect((await merchant(s1.apiKey, "POST", `/v1/orders/${order.id}/shipments`, shipment)).status).toBe(201);
    const event = easyPostTrackerEvent({
      trackingCode: trackingNumber,
      carrier: "UPS",
      scans: [
        {
          status: "in_transit",
          statusDetail: "departed_facility",
          datetime: "2026-11-22T04:00:00Z",
          message: "departed",
          city: "LOUISVILLE",
          state: "KY",
          country: "US",
        },
      ],
    });
    const body = JSON.stringify(event);
    const hook = await SELF.fetch(`${BASE}/v1/webhooks/easypost/${s1.id}`, {
      method: "POST",
      headers: await signedHeaders("easypost", s1.webhookSecrets.easypost, body),
      body,
    });
    expect(hook.ok, await hook.clone().text()).toBe(true);
    // Written (now or by a queue moments later) in s1 only.
    expect(
      await until(
        () => count(env.DB_S1, "carrier_events", s1.id),
        (n) => n > 0,
      ),
    ).toBeGreaterThan(0);
    expect(await count(env.DB, "carrier_events", s1.id)).toBe(0);
  });

  it("a login link, the session it opens and a scoped key of an s1 store carry s1 and work", async () => {
    const { s1 } = await twoShards();
    const link = await merchant(s1.apiKey, "POST", "/v1/admin/login-links", { role: "owner" });
    expect(link.status).toBe(201);
    const code = new URL(((await link.json()) as { url: string }).url).hash.replace("#code=", "");
    expect(code).toMatch(/^dsl_s1\./);
    const signIn = await SELF.fetch(`${BASE}/v1/admin/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code }),
    });
    expect(signIn.status, await signIn.clone().text()).toBe(201);
    const { token: session } = (await signIn.json()) as { token: string };
    expect(session).toMatch(/^dss_s1\./);
    expect((await merchant(session, "GET", "/v1/admin/settings")).status).toBe(200);

    const made = await merchant(s1.apiKey, "POST", "/v1/admin/keys", { name: "reader", scopes: ["admin:read"] });
    expect(made.status).toBe(201);
    const { key } = (await made.json()) as { key: string };
    expect(key).toMatch(/^dsk_s1\./);
    expect((await merchant(key, "GET", "/v1/admin/settings")).status).toBe(200);
    expect((await merchant(session, "DELETE", "/v1/admin/session")).status).toBe(204);
    expect((await merchant(session, "GET", "/v1/admin/settings")).status).toBe(401);
  });

  it("a review photo of an s1 store has a key carrying s1 and is served from it", async () => {
    const { s1, token } = await twoShards();
    const review = await shopper(token, "/reviews", {
      method: "POST",
      body: JSON.stringify([{ sku: "TRAIL-1", rating: 5, body: "Sharded" }]),
    });
    expect(review.status).toBe(200);
    const upload = await shopper(token, "/reviews/TRAIL-1/photos", {
      method: "POST",
      headers: { "Content-Type": "image/jpeg" },
      body: jpegWithGps(),
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const { photo } = (await upload.json()) as PhotoAccepted;
    expect(photo.key).toMatch(/^ph_s1\.[\w-]+\.jpg$/);
    expect(await count(env.DB_S1, "review_photos", s1.id)).toBe(1);
    const served = await SELF.fetch(photo.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/jpeg");
    const listed = (await (await SELF.fetch(`${BASE}/v1/stores/${s1.id}/products/TRAIL-1/reviews`)).json()) as ProductReviewsAnswer;
    expect(listed.reviews[0]!.photos).toEqual([{ url: photo.url, width: 8, height: 6 }]);
  });

  it("erasing a customer of an s1 store erases them in DB_S1", async () => {
    const { s1, order } = await twoShards();
    const res = await merchant(s1.apiKey, "DELETE", `/v1/admin/customers/${order.customer.id}`);
    expect(res.status, await res.clone().text()).toBe(200);
    const row = await env.DB_S1.prepare(`SELECT email FROM customers WHERE store_id = ? AND id = ?`)
      .bind(s1.id, order.customer.id)
      .first<{ email: string | null }>();
    expect(row).not.toBeNull();
    expect(row!.email).toBeNull();
  });

  it("the nightly cron runs in every shard", async () => {
    const { s1, s0 } = await twoShards();
    // Now, as the real cron runs: the nightly work covers every store of the shared test databases, and
    // a far-future night would expire other test files' rows (sessions, deliveries) while they run.
    const at = new Date();
    await runScheduled("17 3 * * *", at, env);
    const stamp = async (db: D1Database, storeId: string) =>
      (await db.prepare(`SELECT quintiles_at FROM store_counters WHERE store_id = ?`).bind(storeId).first<{ quintiles_at: string }>())
        ?.quintiles_at;
    expect(await stamp(env.DB_S1, s1.id)).toBe(at.toISOString());
    expect(await stamp(env.DB, s0.id)).toBe(at.toISOString());
  });

  it("the queue consumer writes each message to its store's shard, one batch per shard", async () => {
    const a = await twoShards();
    const s0Order = sampleOrder();
    expect((await postOrder(a.s0.apiKey, s0Order)).status).toBe(201);
    const message = (storeId: string, orderId: string, customerId: string): EventMessage => ({
      v: 1,
      storeId,
      orderId,
      customerId,
      receivedAt: new Date().toISOString(),
      event: { id: uniqueId("qe").replace(/[^A-Za-z0-9_-]/g, "_"), type: "view", target: "tracking", at: new Date().toISOString() },
    });
    const bodies = [
      message(a.s1.id, a.order.id, a.order.customer.id),
      message(a.s0.id, s0Order.id, s0Order.customer.id),
      message(a.s1.id, a.order.id, a.order.customer.id),
    ];
    const batch = createMessageBatch(
      "doorstep-events",
      bodies.map((body, i) => ({ id: `shard-msg-${i}-${uniqueId("m")}`, timestamp: new Date(), attempts: 1, body })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.length).toBe(3);
    expect(await count(env.DB_S1, "widget_events", a.s1.id)).toBe(2);
    expect(await count(env.DB, "widget_events", a.s0.id)).toBe(1);
    expect(await count(env.DB, "widget_events", a.s1.id)).toBe(0);
  });

  it("a credential naming a shard this worker does not have opens nothing: 404 and 401 in the contract's shape", async () => {
    const tail = "A".repeat(43);
    const order = await shopper(`s9.${tail}`);
    expect(order.status).toBe(404);
    expect((await errorOf(order)).code).toBe("order_not_found");
    const key = await merchant(`dsk_s9.${tail}`, "GET", "/v1/admin/settings");
    expect(key.status).toBe(401);
    expect((await errorOf(key)).code).toBe("unauthorized");
    const signIn = await SELF.fetch(`${BASE}/v1/admin/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code: `dsl_s9.${tail}` }),
    });
    expect(signIn.status).toBe(401);
    expect((await errorOf(signIn)).code).toBe("login_code_invalid");
    const photo = await SELF.fetch(`${BASE}/v1/photos/ph_s9.${"B".repeat(24)}.jpg`);
    expect(photo.status).toBe(404);
    expect((await errorOf(photo)).code).toBe("photo_not_found");
  });
});
