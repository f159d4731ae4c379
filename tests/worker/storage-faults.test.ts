import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { easyPostTrackerEvent, signedHeaders } from "../../scripts/lib/carrier-payloads.ts";
import { loggablePath } from "../../worker/http/errors.ts";
import { app } from "../../worker/index.ts";
import { isWrite } from "../../worker/storage/d1-wrapper.ts";
import { parseFaults, withFaults } from "../../worker/storage/faults.ts";
import { BASE, errorOf, ORIGIN, storeWithOrder, uniqueId } from "./fixtures.ts";
import { deliverBatch, heldQueue } from "./queue-driver.ts";

describe("DOORSTEP_FAULTS parsing", () => {
  it("reads both shares, and a missing one is 0", () => {
    expect(parseFaults("before=0.10,after=0.05")).toEqual({ before: 0.1, after: 0.05 });
    expect(parseFaults(" after = 0.2 ")).toEqual({ before: 0, after: 0.2 });
    expect(parseFaults("before=1")).toEqual({ before: 1, after: 0 });
  });

  it.each([
    ["before=1.5", /before/],
    ["before=-0.1", /before/],
    ["before=abc", /before/],
    ["during=0.1", /during|unrecognized/i],
    ["before", /name=share/],
    ["=0.1", /name=share/],
    ["before=0.1,before=0.2", /twice/],
    ["before=0.6,after=0.5", /at most 1/],
  ])("refuses %s", (value, message) => {
    expect(() => parseFaults(value)).toThrow(message);
  });
});

describe("which calls are writes", () => {
  it.each([
    ["INSERT INTO widget_events (id) VALUES (?)", true],
    ["  update orders SET checkout_feel = ?", true],
    ["DELETE FROM shipment_lines WHERE store_id = ?", true],
    ["WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", true],
    ["SELECT updated_at FROM orders", false],
    ["SELECT 1 FROM webhook_deliveries WHERE id = ?", false],
  ])("%s → %s", (text, write) => expect(isWrite(text)).toBe(write));
});

const count = async (id: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM widget_events WHERE id = ?`).bind(id).first<{ n: number }>())!.n;

describe("fault hook on D1 writes", () => {
  it("fails before the write (nothing committed) or after it (committed, answer lost); reads pass", async () => {
    const { store, token } = await storeWithOrder();
    const order = await env.DB.prepare(`SELECT order_id FROM order_tokens WHERE token = ?`).bind(token).first<{ order_id: string }>();
    const insert = (db: D1Database, id: string) =>
      db
        .prepare(
          `INSERT INTO widget_events (store_id, id, order_id, customer_id, type, occurred_at, received_at) VALUES (?, ?, ?, 'cust-1', 'view', ?, ?)`,
        )
        .bind(store.id, id, order!.order_id, new Date().toISOString(), new Date().toISOString())
        .run();

    const before = withFaults(env.DB, { before: 1, after: 0 });
    const a = uniqueId("evt");
    await expect(insert(before, a)).rejects.toThrow(/before the write/);
    expect(await count(a)).toBe(0);
    // Reads are never failed, and batches count as writes when one statement writes.
    expect(await before.prepare(`SELECT 1 AS one`).first("one")).toBe(1);
    await expect(
      before.batch([before.prepare(`SELECT 1`), before.prepare(`DELETE FROM widget_events WHERE id = 'none'`)]),
    ).rejects.toThrow();

    const after = withFaults(env.DB, { before: 0, after: 1 });
    const b = uniqueId("evt");
    await expect(insert(after, b)).rejects.toThrow(/after the write committed/);
    expect(await count(b)).toBe(1);
  });
});

/** The app with other bindings: a fault spec, or a database that fails in a given way. */
const request = (path: string, init: RequestInit, bindings: Partial<Env> & { DOORSTEP_FAULTS?: string }) =>
  app.request(`${BASE}${path}`, init, { ...env, ...bindings });

const eventsInit = (id: string): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", Origin: ORIGIN, "CF-Connecting-IP": "192.0.2.40" },
  body: JSON.stringify([{ id, type: "view", target: "confirmation", at: new Date().toISOString() }]),
});

/** A database whose every statement and batch fails with this message, as D1's do when they execute. */
function failingDb(message: string): D1Database {
  const fail = () => Promise.reject(new Error(message));
  const statement = { first: fail, all: fail, run: fail, raw: fail, bind: () => statement };
  // A session of it fails the same way (shoppers' requests read through one, http/d1-session.ts).
  const session = { prepare: () => statement, batch: fail, getBookmark: () => null };
  return { prepare: () => statement, batch: fail, exec: fail, withSession: () => session } as unknown as D1Database;
}

describe("storage failures answer 503 with Retry-After", () => {
  // Widget events no longer reach D1 before the answer (they are enqueued: event-queue.test.ts covers
  // the consumer's failures); the shopper's delivery-update choice is a write that still does.
  const choiceInit = (): RequestInit => ({
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: ORIGIN, "CF-Connecting-IP": "192.0.2.40" },
    body: JSON.stringify({ channel: "email" }),
  });
  const choices = async (storeId: string) =>
    (await env.DB.prepare(`SELECT count(*) AS n FROM order_preferences WHERE store_id = ?`).bind(storeId).first<{ n: number }>())?.n;

  it("a write that never happened: 503, nothing stored, the retry records it", async () => {
    const { token, store } = await storeWithOrder();
    const res = await request(`/v1/o/${token}/preferences`, choiceInit(), { DOORSTEP_FAULTS: "before=1" });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("1");
    // Readable by the widget, so it can wait and resend.
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(res.headers.get("Access-Control-Expose-Headers")).toMatch(/Retry-After/);
    const error = await errorOf(res);
    expect(error.code).toBe("storage_unavailable");
    expect(error.message).toMatch(/try again/i);
    expect(await choices(store.id)).toBe(0);

    const retry = await request(`/v1/o/${token}/preferences`, choiceInit(), {});
    expect(retry.status).toBe(200);
    expect(await choices(store.id)).toBe(1);
  });

  it("a write whose answer was lost: 503, stored once, the retry meets it", async () => {
    const { token, store } = await storeWithOrder();
    const res = await request(`/v1/o/${token}/preferences`, choiceInit(), { DOORSTEP_FAULTS: "after=1" });
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe("storage_unavailable");
    expect(await choices(store.id)).toBe(1);
    const retry = await request(`/v1/o/${token}/preferences`, choiceInit(), {});
    expect(retry.status).toBe(200);
    expect(await choices(store.id)).toBe(1);
  });

  it("events the queue refuses: 503 with Retry-After, nothing enqueued, the widget resends", async () => {
    const { token } = await storeWithOrder();
    const id = uniqueId("evt").replace(/[^A-Za-z0-9_-]/g, "");
    const sent: unknown[] = [];
    // Queues is Cloudflare's, not ours: a binding whose sendBatch fails as the real one does when it cannot take the messages.
    const refusing = {
      send: () => Promise.reject(new Error("Queue send failed: internal error")),
      sendBatch: (messages: unknown[]) => {
        sent.push(...messages);
        return Promise.reject(new Error("Queue sendBatch failed: internal error"));
      },
    } as unknown as Queue;
    const res = await request(`/v1/o/${token}/events`, eventsInit(id), { EVENTS_QUEUE: refusing });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("1");
    expect((await errorOf(res)).code).toBe("storage_unavailable");
    expect(sent).toHaveLength(1);
    const retry = await request(`/v1/o/${token}/events`, eventsInit(id), {});
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual({ accepted: [id], duplicates: [], queued: true });
  });

  it("an unavailable database on a read is a 503 too", async () => {
    const { token } = await storeWithOrder();
    const res = await request(
      `/v1/o/${token}`,
      { headers: { Origin: ORIGIN, "CF-Connecting-IP": "192.0.2.41" } },
      {
        DB: failingDb("D1_ERROR: D1 DB is overloaded. Too many requests queued."),
      },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("1");
    expect((await errorOf(res)).code).toBe("storage_unavailable");
  });

  it("a mistake in our own SQL stays a 500: it is a bug, and retrying would repeat it", async () => {
    const { token } = await storeWithOrder();
    const res = await request(
      `/v1/o/${token}`,
      { headers: { Origin: ORIGIN, "CF-Connecting-IP": "192.0.2.42" } },
      {
        DB: failingDb("D1_ERROR: no such column: nope: SQLITE_ERROR"),
      },
    );
    expect(res.status).toBe(500);
    expect(res.headers.get("Retry-After")).toBeNull();
    expect((await errorOf(res)).code).toBe("internal_error");
  });
});

describe("a retry after a lost answer finishes what the first try left undone", () => {
  const merchant = (apiKey: string, path: string, body: unknown, bindings: { DOORSTEP_FAULTS?: string } = {}) =>
    request(
      path,
      { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` }, body: JSON.stringify(body) },
      bindings,
    );
  const deliveredMoments = async (storeId: string, orderId: string) =>
    (await env.DB.prepare(`SELECT count(*) AS n FROM lifecycle_moments WHERE store_id = ? AND order_id = ? AND kind = 'delivered'`)
      .bind(storeId, orderId)
      .first<{ n: number }>())!.n;

  const shipmentFor = async (apiKey: string, orderId: string) => {
    const trackingNumber = `1Z${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1e6)}`;
    const res = await merchant(apiKey, `/v1/orders/${orderId}/shipments`, {
      id: `${orderId}-1`,
      carrier: "UPS",
      trackingNumber,
      lines: [{ sku: "TRAIL-1", quantity: 1 }],
    });
    expect(res.status).toBe(201);
    return { shipmentId: `${orderId}-1`, trackingNumber };
  };

  it("a replayed carrier webhook refreshes the schedule its first, unanswered, delivery never reached", async () => {
    const { store, order } = await storeWithOrder();
    const { trackingNumber } = await shipmentFor(store.apiKey, order.id);
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const body = JSON.stringify(
      easyPostTrackerEvent({
        trackingCode: trackingNumber,
        carrier: "UPS",
        scans: [{ status: "delivered", statusDetail: "arrived_at_destination", message: "Delivered", datetime: at }],
      }),
    );
    const queue = heldQueue();
    const res = await request(
      `/v1/webhooks/easypost/${store.id}`,
      { method: "POST", headers: await signedHeaders("easypost", store.webhookSecrets.easypost, body), body },
      { WEBHOOKS_QUEUE: queue },
    );
    expect(res.status).toBe(202);

    // The queue's consumer writes the report, then D1's answer is lost: the message is retried.
    const first = await deliverBatch(queue.held, { vars: { DOORSTEP_FAULTS: "after=1" }, ids: ["lost-ack"] });
    expect(first).toMatchObject({ acked: 0, retried: 1 });
    expect(await deliveredMoments(store.id, order.id)).toBe(0);
    // Redelivered, it meets its own write (a replay) and still refreshes the schedule.
    expect(await deliverBatch(queue.held, { attempts: 2, ids: ["lost-ack"] })).toMatchObject({ acked: 1, retried: 0 });
    expect(await deliveredMoments(store.id, order.id)).toBe(1);
    const events = await env.DB.prepare(`SELECT count(*) AS n FROM carrier_events WHERE store_id = ?`)
      .bind(store.id)
      .first<{ n: number }>();
    expect(events!.n).toBe(1);
  });

  it("a duplicate shipment event refreshes the schedule its first, unanswered, try never reached", async () => {
    const { store, order } = await storeWithOrder();
    const { shipmentId } = await shipmentFor(store.apiKey, order.id);
    const event = { id: "delivered-1", status: "delivered", occurredAt: new Date(Date.now() - 3_600_000).toISOString() };

    // The event is stored, then the answer is lost: the schedule was never recomputed.
    const lost = await merchant(store.apiKey, `/v1/shipments/${shipmentId}/events`, event, { DOORSTEP_FAULTS: "after=1" });
    expect(lost.status).toBe(503);
    expect(await deliveredMoments(store.id, order.id)).toBe(0);

    const retry = await merchant(store.apiKey, `/v1/shipments/${shipmentId}/events`, event);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ recorded: false, duplicate: true });
    expect(await deliveredMoments(store.id, order.id)).toBe(1);
  });
});

describe("what failures write to the log", () => {
  it("names the route, never the order token, a customer id or the body's words", async () => {
    expect(loggablePath("https://x.example/v1/o/tok_abc/survey?x=1")).toBe("/v1/o/…/survey");
    expect(loggablePath("https://x.example/v1/o/tok_abc")).toBe("/v1/o/…");
    expect(loggablePath("https://x.example/v1/admin/customers/c-77")).toBe("/v1/admin/customers/…");
    expect(loggablePath("https://x.example/v1/orders")).toBe("/v1/orders");

    const { token } = await storeWithOrder();
    const logged: unknown[][] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
    try {
      const words = "my neighbour Jane signed for it, call me on +1 555 0100";
      const survey: RequestInit = {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: ORIGIN, "CF-Connecting-IP": "192.0.2.43" },
        body: JSON.stringify({ rating: 2, standout: { choice: "delivery_speed", text: words } }),
      };
      expect((await request(`/v1/o/${token}/survey`, survey, { DOORSTEP_FAULTS: "before=1" })).status).toBe(503);
      expect(
        (await request(`/v1/o/${token}/survey`, survey, { DB: failingDb("D1_ERROR: no such column: nope: SQLITE_ERROR") })).status,
      ).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(logged.length).toBe(2);
    const text = logged.map((args) => args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" ")).join("\n");
    expect(text).toContain("/v1/o/…/survey");
    expect(text).not.toContain(token);
    expect(text).not.toContain("Jane");
  });
});
