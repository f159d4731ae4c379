/**
 * Refreshes that cost one read (issue 23): GET /v1/o/{token} answers `If-None-Match` from the order's
 * and store's view versions alone, and keeps whole answers in the edge cache under the token and the
 * versions. That is only right if EVERY write that changes what the view shows raises a version: the
 * table below makes each kind of write through the public API (and the operator's statements for store
 * settings, beside the merchant's PATCH /v1/admin/settings) after the answer was cached, and requires a new ETag and the
 * change itself on the next read. A writer that forgets its rise fails here.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../contract/order-view.ts";
import { afterShipTrackingUpdate, easyPostTrackerEvent } from "../../scripts/lib/carrier-payloads.ts";
import worker from "../../worker/index.ts";
import { storeSettings } from "../../worker/schemas/store.ts";
import { viewCacheKey } from "../../worker/services/order-view.ts";
import { wrapD1 } from "../../worker/storage/d1-wrapper.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { updateStoreStatements } from "../../worker/storage/stores.ts";
import { postCarrierWebhook } from "./carrier-webhooks.ts";
import { BASE, eventsWritten, ORIGIN, postOrder, sampleOrder, storeWithOrder, uniqueId } from "./fixtures.ts";
import fulfillmentEvent from "./fixtures/platforms/shopify/fulfillment-events-create-delivered.json";
import fulfillment from "./fixtures/platforms/shopify/fulfillments-create-two-boxes.json";
import shopifyOrder from "./fixtures/platforms/shopify/orders-create-jpy-presentment.json";
import wooOrder from "./fixtures/platforms/woocommerce/order-created-jpy.json";
import { connectedStore, shopify, woocommerce } from "./platforms.ts";

let address = 0;

/**
 * One request through the worker's fetch handler, from its own address (the per-IP limit is not what
 * is tested), answering after the work left to waitUntil (the edge cache's put) is done. With
 * `statements`, each SQL statement that reaches D1 is listed there.
 */
async function call(path: string, init: RequestInit = {}, statements?: string[]) {
  const headers = new Headers(init.headers);
  headers.set("CF-Connecting-IP", `198.51.100.${(address++ % 250) + 1}`);
  const DB = statements
    ? wrapD1(env.DB, (d1, run) => {
        statements.push(...d1.sql);
        return run();
      })
    : env.DB;
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, { ...init, headers }), { ...env, DB } as Env, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, etag: res.headers.get("ETag"), headers: res.headers, text };
}

const read = (token: string, ifNoneMatch?: string, statements?: string[]) =>
  call(`/v1/o/${token}`, { headers: { Origin: ORIGIN, ...(ifNoneMatch ? { "If-None-Match": ifNoneMatch } : {}) } }, statements);

/** The tag of an older client's copy (a hash of the view, issue 23 changed it): a refresh it never makes 304. */
const OLD_CLIENT_TAG = 'W/"0123456789abcdefghijklmnopq"';

const viewOf = async (token: string) => {
  const res = await read(token);
  expect(res.status).toBe(200);
  return JSON.parse(res.text) as OrderView;
};

const json = (method: string, body: unknown, auth?: string): RequestInit => ({
  method,
  headers: { "Content-Type": "application/json", Origin: ORIGIN, ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
  body: JSON.stringify(body),
});

const trackingNumber = () =>
  `1Z${uniqueId("")
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()}`;

/** A store, an order with one parcel on it, and a second order of the same customer. */
async function setup() {
  const base = await storeWithOrder();
  const parcel = { id: uniqueId("ship"), carrier: "UPS", trackingNumber: trackingNumber(), lines: [{ sku: "TRAIL-1", quantity: 1 }] };
  expect((await call(`/v1/orders/${base.order.id}/shipments`, json("POST", parcel, base.store.apiKey))).status).toBe(201);
  const sibling = sampleOrder({ customer: base.order.customer });
  const res = await postOrder(base.store.apiKey, sibling);
  const { orderToken: siblingToken } = (await res.json()) as { orderToken: string };
  return { ...base, parcel, siblingToken };
}

type Setup = Awaited<ReturnType<typeof setup>>;

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const easyPostScan = (status: string, datetime: string) => ({
  status,
  statusDetail: status,
  datetime,
  message: status,
  city: "LOUISVILLE",
  state: "KY",
  country: "US",
});
/** A signed carrier webhook, applied by the webhooks queue's consumer before this returns (carrier-webhooks.ts). */
const webhook = async (vendor: "easypost" | "aftership", s: Setup, payload: unknown) => {
  const res = await postCarrierWebhook(vendor, s.store.id, s.store.webhookSecrets[vendor], payload);
  expect(res.status).toBe(202);
};

interface WriteCase {
  name: string;
  /** The token whose view is watched (the order's own by default). */
  watch?: (s: Setup) => string;
  write: (s: Setup) => Promise<void>;
  /** What the next read must show (so it cannot be a kept answer); "gone" for a token that stops opening the order. */
  shows: ((view: OrderView, s: Setup) => void) | "gone";
}

const WRITES: WriteCase[] = [
  {
    name: "the order sent again by the merchant (POST /v1/orders)",
    write: async (s) => {
      const lines = [...s.order.lines, { sku: "CAP-1", name: "Cap", quantity: 1, unitPrice: 900 }];
      expect((await postOrder(s.store.apiKey, { ...s.order, lines, total: s.order.total + 900 })).status).toBe(200);
    },
    shows: (view) => expect(view.order.lines.map((l) => l.sku)).toContain("CAP-1"),
  },
  {
    name: "marketing consent sent with another order of the customer (every order of theirs shows it)",
    watch: (s) => s.siblingToken,
    write: async (s) => {
      const res = await postOrder(s.store.apiKey, { ...s.order, marketingConsent: { email: { state: "granted" } } });
      expect(res.status).toBe(200);
    },
    shows: (view) => expect(view.marketing.email).toBe(true),
  },
  {
    name: "a parcel added (POST /v1/orders/{id}/shipments)",
    write: async (s) => {
      const parcel = { id: uniqueId("ship"), carrier: "USPS", trackingNumber: trackingNumber(), lines: [{ sku: "SOCK-3", quantity: 2 }] };
      expect((await call(`/v1/orders/${s.order.id}/shipments`, json("POST", parcel, s.store.apiKey))).status).toBe(201);
    },
    shows: (view) => expect(view.shipments).toHaveLength(2),
  },
  {
    name: "a parcel sent again with other items",
    write: async (s) => {
      const parcel = { ...s.parcel, lines: [{ sku: "SOCK-3", quantity: 1 }] };
      expect((await call(`/v1/orders/${s.order.id}/shipments`, json("POST", parcel, s.store.apiKey))).status).toBe(200);
    },
    shows: (view) => expect(view.shipments[0]!.lines.map((l) => l.sku)).toEqual(["SOCK-3"]),
  },
  {
    name: "the merchant's scan (POST /v1/shipments/{id}/events)",
    write: async (s) => {
      const event = { id: "scan-1", status: "in_transit", occurredAt: minutesAgo(30), location: "Reno, NV" };
      expect((await call(`/v1/shipments/${s.parcel.id}/events`, json("POST", event, s.store.apiKey))).status).toBe(201);
    },
    shows: (view) => expect(view.shipments[0]!.status).toBe("in_transit"),
  },
  {
    name: "the merchant's delay report with a new estimate",
    write: async (s) => {
      const to = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
      const event = { id: "late-1", status: "delayed", reason: "weather", estimatedTo: to, occurredAt: minutesAgo(5) };
      expect((await call(`/v1/shipments/${s.parcel.id}/events`, json("POST", event, s.store.apiKey))).status).toBe(201);
    },
    shows: (view) => expect(view.notices.map((n) => n.kind)).toContain("delayed"),
  },
  {
    name: "an EasyPost webhook with scans",
    write: (s) =>
      webhook(
        "easypost",
        s,
        easyPostTrackerEvent({ trackingCode: s.parcel.trackingNumber, scans: [easyPostScan("in_transit", minutesAgo(40))] }),
      ),
    shows: (view) => expect(view.shipments[0]!.status).toBe("in_transit"),
  },
  {
    name: "an EasyPost webhook with only a new estimate",
    write: (s) =>
      webhook(
        "easypost",
        s,
        easyPostTrackerEvent({
          trackingCode: s.parcel.trackingNumber,
          scans: [],
          estDeliveryDate: `${new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`,
        }),
      ),
    shows: (view) => expect(view.shipments[0]!.window.source).toBe("carrier"),
  },
  {
    name: "an AfterShip webhook",
    write: (s) =>
      webhook(
        "aftership",
        s,
        afterShipTrackingUpdate({
          trackingNumber: s.parcel.trackingNumber,
          checkpoints: [{ tag: "InTransit", subtag: "InTransit_001", message: "Departed", time: minutesAgo(20), city: "Leipzig" }],
        }),
      ),
    shows: (view) => expect(view.shipments[0]!.status).toBe("in_transit"),
  },
  {
    name: "the shopper's delivery-update choice",
    write: async (s) => {
      expect((await call(`/v1/o/${s.token}/preferences`, json("POST", { channel: "email" }))).status).toBe(200);
    },
    shows: (view) => expect(view.updates).toMatchObject({ channel: "email" }),
  },
  {
    name: "marketing ticked on the tracking page (every order of the customer shows it)",
    watch: (s) => s.siblingToken,
    write: async (s) => {
      expect((await call(`/v1/o/${s.token}/preferences`, json("POST", { channel: "email", marketing: true }))).status).toBe(200);
    },
    shows: (view) => expect(view.marketing.email).toBe(true),
  },
  {
    name: "the merchant's record of the customer's consent (PUT /v1/admin/customers/{id}/consent)",
    watch: (s) => s.siblingToken,
    write: async (s) => {
      const res = await call(
        `/v1/admin/customers/${s.order.customer.id}/consent`,
        json("PUT", { email: { state: "granted" } }, s.store.apiKey),
      );
      expect(res.status).toBe(200);
    },
    shows: (view) => expect(view.marketing.email).toBe(true),
  },
  {
    name: "a survey answer",
    write: async (s) => {
      expect((await call(`/v1/o/${s.token}/survey`, json("POST", { rating: 5 }))).status).toBe(200);
    },
    shows: (view) => expect(view.feedback.survey).toMatchObject({ rating: 5 }),
  },
  {
    name: "a review",
    write: async (s) => {
      expect((await call(`/v1/o/${s.token}/reviews`, json("POST", [{ sku: "TRAIL-1", rating: 4, title: "Comfy" }]))).status).toBe(200);
    },
    shows: (view) => expect(view.feedback.reviews).toMatchObject([{ sku: "TRAIL-1", rating: 4 }]),
  },
  {
    name: "the checkout-feel cue (an event)",
    write: async (s) => {
      const event = {
        id: uniqueId("ev").replace(/[^A-Za-z0-9_-]/g, "_"),
        type: "checkout_feel",
        target: "easy",
        at: new Date().toISOString(),
      };
      expect((await call(`/v1/o/${s.token}/events`, json("POST", [event]))).status).toBe(202);
      // Written by the events queue's consumer, moments after the 202.
      await eventsWritten(s.store.id, [event.id]);
    },
    shows: (view) => expect(view.order.checkoutFeel).toBe("easy"),
  },
  {
    name: "store settings (the operator's statements)",
    write: async (s) => {
      const settings = storeSettings.parse({ ...s.store.settings, name: "Acme Outdoor & Co" });
      await runBatch(env.DB, updateStoreStatements(s.store.id, settings, new Date().toISOString()));
    },
    shows: (view) => expect(view.store.name).toBe("Acme Outdoor & Co"),
  },
  {
    name: "store settings by the merchant (PATCH /v1/admin/settings, issue 26)",
    write: async (s) => {
      const res = await call(
        "/v1/admin/settings",
        json("PATCH", { name: "Acme by its merchant", support: { email: "care@shop.example" } }, s.store.apiKey),
      );
      expect(res.status).toBe(200);
    },
    shows: (view) => {
      expect(view.store.name).toBe("Acme by its merchant");
      expect(view.store.support).toEqual({ email: "care@shop.example" });
    },
  },
  {
    name: "the store's sites (the status link is drawn on the first)",
    write: async (s) => {
      const settings = storeSettings.parse({
        ...s.store.settings,
        origins: ["https://new.shop.example", ORIGIN],
        statusPageUrl: undefined,
      });
      await runBatch(env.DB, updateStoreStatements(s.store.id, settings, new Date().toISOString()));
    },
    shows: (view) => expect(view.links.status.startsWith("https://new.shop.example")).toBe(true),
  },
  {
    name: "the token rotated by the merchant",
    write: async (s) => {
      expect((await call(`/v1/admin/orders/${s.order.id}/token`, json("POST", {}, s.store.apiKey))).status).toBe(200);
    },
    shows: "gone",
  },
  {
    name: "the customer erased",
    write: async (s) => {
      expect(
        (
          await call(`/v1/admin/customers/${s.order.customer.id}`, {
            method: "DELETE",
            headers: { Authorization: `Bearer ${s.store.apiKey}` },
          })
        ).status,
      ).toBe(200);
    },
    shows: "gone",
  },
];

describe("every write that changes the order's view changes its ETag", () => {
  for (const c of WRITES) {
    it(c.name, async () => {
      const s = await setup();
      const token = c.watch?.(s) ?? s.token;
      const before = await read(token);
      expect(before.status).toBe(200);
      // Held: answered from the versions (and kept at the edge since the first read).
      expect((await read(token, before.etag!)).status).toBe(304);
      await c.write(s);
      const after = await read(token, before.etag!);
      if (c.shows === "gone") {
        expect(after.status).toBe(404);
        return;
      }
      expect(after.status, "a write left the ETag as it was").toBe(200);
      expect(after.etag).not.toBe(before.etag);
      c.shows(JSON.parse(after.text) as OrderView, s);
      // And the new answer is the one kept now.
      expect((await read(token, after.etag!)).status).toBe(304);
      expect(JSON.parse((await read(token)).text)).toEqual(JSON.parse(after.text));
    });
  }
});

describe("platform writes change the order's ETag too", () => {
  const tokenOf = async (apiKey: string, orderId: string) =>
    JSON.parse((await call(`/v1/admin/orders/${orderId}`, { headers: { Authorization: `Bearer ${apiKey}` } })).text).orderToken as string;

  it("a Shopify fulfillment, its events, and a correction that retires a parcel", async () => {
    const store = await connectedStore();
    await shopify(store.id, "orders/create", shopifyOrder, { secret: store.shopifySecret });
    const token = await tokenOf(store.apiKey, "5912003344556");
    const steps: [string, unknown, (view: OrderView) => void][] = [
      ["fulfillments/create", fulfillment, (v) => expect(v.shipments).toHaveLength(2)],
      ["fulfillment_events/create", fulfillmentEvent, (v) => expect(v.shipments[0]!.status).toBe("delivered")],
      [
        "fulfillments/update",
        { ...fulfillment, tracking_numbers: ["EJ123456789JP"], updated_at: "2026-11-29T16:00:00+09:00" },
        (v) => expect(v.shipments).toHaveLength(1),
      ],
    ];
    let etag = (await read(token)).etag!;
    for (const [topic, payload, shows] of steps) {
      await shopify(store.id, topic, payload, { secret: store.shopifySecret });
      const after = await read(token, etag);
      expect(after.status, topic).toBe(200);
      shows(JSON.parse(after.text) as OrderView);
      etag = after.etag!;
    }
  });

  it("a WooCommerce order deleted on the platform (kept, cancelled)", async () => {
    const store = await connectedStore();
    await woocommerce(store.id, "order.created", wooOrder, { secret: store.wooSecret });
    const token = await tokenOf(store.apiKey, "3301");
    const before = await read(token);
    await woocommerce(store.id, "order.deleted", { id: 3301 }, { secret: store.wooSecret });
    const after = await read(token, before.etag!);
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
  });
});

describe("writes that change nothing shown keep the ETag", () => {
  it("page events and the same checkout-feel cue sent again", async () => {
    const { token, store } = await storeWithOrder();
    const event = (type: string, target?: string) => ({
      id: uniqueId("ev").replace(/[^A-Za-z0-9_-]/g, "_"),
      type,
      target,
      at: new Date().toISOString(),
    });
    // Each post is written by the events queue's consumer, moments after its 202: wait for it.
    const post = async (events: ReturnType<typeof event>[]) => {
      await call(`/v1/o/${token}/events`, json("POST", events));
      await eventsWritten(
        store.id,
        events.map((e) => e.id),
      );
    };
    await post([event("checkout_feel", "okay")]);
    const { etag } = await read(token);
    await post([event("view", "tracking"), event("click", "support")]);
    await post([event("checkout_feel", "okay")]);
    expect((await read(token, etag!)).status).toBe(304);
  });
});

describe("what a refresh and a page view cost D1", () => {
  it("a refresh whose ETag still holds: 304 from one statement", async () => {
    const { token } = await storeWithOrder();
    const { etag } = await read(token);
    const statements: string[] = [];
    const res = await read(token, etag!, statements);
    expect(res.status).toBe(304);
    expect(res.etag).toBe(etag);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/FROM order_tokens t/);
  });

  it("a page view: one statement for the whole view (the head with it); a refresh after a change: the head, then the edge cache", async () => {
    const s = await setup();
    await call(
      `/v1/shipments/${s.parcel.id}/events`,
      json("POST", { id: "scan-1", status: "in_transit", occurredAt: minutesAgo(30) }, s.store.apiKey),
    );
    await call(`/v1/o/${s.token}/survey`, json("POST", { rating: 4 }));
    const first: string[] = [];
    const cold = await read(s.token, undefined, first);
    expect(cold.status).toBe(200);
    expect(first).toHaveLength(1);
    expect(cold.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    // A tab holding an older copy: its tag no longer holds, and the answer kept by the read above serves it.
    const second: string[] = [];
    const warm = await read(s.token, OLD_CLIENT_TAG, second);
    expect(warm.status).toBe(200);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatch(/FROM order_tokens t/);
    expect(warm.text).toBe(cold.text);
    expect(warm.etag).toBe(cold.etag);
    expect(warm.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(warm.headers.get("Content-Type")).toBe("application/json; charset=UTF-8");
  });

  it("a tracking page view with its offers: the view with the offers' facts, then their decision: two statements", async () => {
    const { token } = await storeWithOrder();
    const statements: string[] = [];
    const res = await call(`/v1/o/${token}?offers=tracking`, { headers: { Origin: ORIGIN } }, statements);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).offers.decisionId).toMatch(/^dec_/);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatch(/^INSERT INTO offer_decisions/);
  });
});

describe("the edge cache", () => {
  it("never shares an answer between tokens, even at the same versions", async () => {
    const a = await storeWithOrder();
    const b = await storeWithOrder(
      sampleOrder({ lines: [{ sku: "HAT-9", name: "Hat", quantity: 1, unitPrice: 2500 }], fees: [], discounts: [], total: 2500 }),
    );
    for (let i = 0; i < 2; i++) {
      expect((await viewOf(a.token)).order.lines.map((l) => l.sku)).toEqual(["TRAIL-1", "SOCK-3"]);
      expect((await viewOf(b.token)).order.lines.map((l) => l.sku)).toEqual(["HAT-9"]);
    }
    expect((await read(a.token)).etag).toBe((await read(b.token)).etag);
    expect(await viewCacheKey(BASE, a.token, { order: 0, store: 0 })).not.toBe(await viewCacheKey(BASE, b.token, { order: 0, store: 0 }));
    expect(await viewCacheKey(BASE, a.token, { order: 0, store: 0 })).not.toContain(a.token);
  });

  it("keeps an answer under its versions: a refresh does not read D1's view again until a write raises them", async () => {
    const { token, store, order } = await storeWithOrder();
    expect((await viewOf(token)).order.checkoutFeel).toBeUndefined();
    const refreshed = async () => JSON.parse((await read(token, OLD_CLIENT_TAG)).text) as OrderView;
    // Changed behind the worker's back (no version raised): the kept answer is still what a refresh gets...
    await env.DB.prepare(`UPDATE orders SET checkout_feel = 'hard' WHERE store_id = ? AND id = ?`).bind(store.id, order.id).run();
    expect((await refreshed()).order.checkoutFeel).toBeUndefined();
    // ...(a first read reads the whole view from D1, in the one statement it needs anyway)...
    expect((await viewOf(token)).order.checkoutFeel).toBe("hard");
    // ...until a write through the API raises the version.
    await call(`/v1/o/${token}/survey`, json("POST", { rating: 3 }));
    expect((await refreshed()).order.checkoutFeel).toBe("hard");
  });

  it("does not serve a kept answer whose time has passed, nor honour such an ETag", async () => {
    const { token } = await storeWithOrder();
    const fresh = await read(token);
    const [, format, order, storeVersion] = /^W\/"(\d+)\.(\d+)\.(\d+)\.\w+"$/.exec(fresh.etag!)!;
    const past = `W/"${format}.${order}.${storeVersion}.${Math.floor((Date.now() - 1000) / 1000).toString(36)}"`;
    await caches.default.put(
      await viewCacheKey(BASE, token, { order: Number(order), store: Number(storeVersion) }),
      new Response('{"stale":true}', { headers: { ETag: past, "Cache-Control": "max-age=3600" } }),
    );
    const res = await read(token, past);
    expect(res.status).toBe(200);
    expect(res.etag).not.toBe(past);
    expect(JSON.parse(res.text)).toEqual(JSON.parse(fresh.text));
  });

  it("answers an old client's ETag (a hash of the view) and `*` as before", async () => {
    const { token } = await storeWithOrder();
    const old = await read(token, 'W/"0123456789abcdefghijklmnopq"');
    expect(old.status).toBe(200);
    const any = await read(token, "*");
    expect(any.status).toBe(304);
    expect(any.etag).toBe(old.etag);
    expect((await read(token, `W/"nope", ${old.etag}`)).status).toBe(304);
  });
});
