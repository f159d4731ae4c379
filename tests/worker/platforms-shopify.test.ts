/**
 * POST /v1/platforms/shopify/{storeId}, end to end in workerd with real D1: Shopify's webhooks over the
 * payload corpus, verified, stored once, processed after the answer, and read back through the admin
 * API, the shopper's order view and lookup.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { processDelivery, processDueDeliveries } from "../../worker/services/platform-process.ts";
import { ORIGIN } from "./fixtures.ts";
import dataRequest from "./fixtures/platforms/shopify/customers-data-request.json";
import redact from "./fixtures/platforms/shopify/customers-redact.json";
import event from "./fixtures/platforms/shopify/fulfillment-events-create-delivered.json";
import fulfillment from "./fixtures/platforms/shopify/fulfillments-create-two-boxes.json";
import docs from "./fixtures/platforms/shopify/orders-create-docs-shape.json";
import draft from "./fixtures/platforms/shopify/orders-create-draft-hkd.json";
import jpy from "./fixtures/platforms/shopify/orders-create-jpy-presentment.json";
import kwd from "./fixtures/platforms/shopify/orders-updated-kwd.json";
import product from "./fixtures/platforms/shopify/products-update.json";
import shopRedact from "./fixtures/platforms/shopify/shop-redact.json";
import uninstalled from "./fixtures/platforms/shopify/app-uninstalled.json";
import { admin, connectedStore, rows, send, SHOP, shopify } from "./platforms.ts";

const deliveriesOf = (storeId: string) =>
  rows<{ id: string; topic: string; status: string; outcome: string | null; attempts: number }>(
    `SELECT id, topic, status, outcome, attempts FROM platform_deliveries WHERE store_id = ? ORDER BY received_at`,
    storeId,
  );

const readView = async (token: string) => (await send(`/v1/o/${token}`, { headers: { Origin: ORIGIN } })).json();

describe("Shopify webhooks", () => {
  it("answers orders/create at once (202, queued), then stores the order: number, token, presentment money, guest customer", async () => {
    const store = await connectedStore();
    const res = await shopify(store.id, "orders/create", draft, { secret: store.shopifySecret, webhookId: "wh-draft-1" });
    expect(res.status).toBe(202);
    expect(res.json()).toEqual({ received: true, queued: true, topic: "orders/create" });

    const order = (await admin(store.apiKey, "/v1/admin/orders/6200407294252")).json();
    expect(order).toMatchObject({
      id: "6200407294252",
      number: "#1071",
      currency: "HKD",
      total: 18615,
      source: "shopify",
      cancelledAt: null,
      fees: [{ label: "Shipping", amount: 2200 }],
      discounts: [
        { label: "SPRING15", amount: 2985 },
        { label: "Bundle saving", amount: 500 },
      ],
      customer: { id: "shopify-guest-6200407294252", email: null, phone: null, erased: false },
      shipments: [],
    });
    expect(order.orderToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(order.statusUrl).toContain(order.orderToken);

    // The shopper reads it by token, under the platform's number; lookup cannot find an order without an email.
    const view = await readView(order.orderToken);
    expect(view.order).toMatchObject({ number: "#1071", currency: "HKD", total: 18615, locale: "zh-TW" });
    expect((await deliveriesOf(store.id))[0]).toMatchObject({ status: "done", attempts: 1, outcome: "order #1071 created" });
    const [connection] = await rows<{ last_in_at: string | null }>(
      `SELECT last_in_at FROM store_connections WHERE store_id = ? AND provider = 'shopify'`,
      store.id,
    );
    expect(connection!.last_in_at).not.toBeNull();
  });

  it("recognises a redelivery by X-Shopify-Webhook-Id and changes nothing", async () => {
    const store = await connectedStore();
    await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret, webhookId: "wh-same" });
    const before = await rows(`SELECT * FROM orders WHERE store_id = ?`, store.id);
    const [connection] = await rows(`SELECT last_in_at FROM store_connections WHERE store_id = ? AND provider = 'shopify'`, store.id);
    const again = await shopify(
      store.id,
      "orders/create",
      { ...jpy, note: "redelivered" },
      { secret: store.shopifySecret, webhookId: "wh-same" },
    );
    // Answered before the consumer meets it: the answer cannot tell a redelivery; D1 shows nothing changed.
    expect(again.json()).toEqual({ received: true, queued: true, topic: "orders/create" });
    expect(await rows(`SELECT * FROM orders WHERE store_id = ?`, store.id)).toEqual(before);
    expect(await rows(`SELECT last_in_at FROM store_connections WHERE store_id = ? AND provider = 'shopify'`, store.id)).toEqual([
      connection,
    ]);
    expect(await deliveriesOf(store.id)).toHaveLength(1);
  });

  it.each([
    ["no signature", { headers: { "X-Shopify-Hmac-Sha256": "" } }, 401, "invalid_signature"],
    ["a signature that is not base64", { headers: { "X-Shopify-Hmac-Sha256": "not base64!" } }, 401, "invalid_signature"],
    ["another secret's signature", { secret: "shpss_someone_else_entirely" }, 401, "invalid_signature"],
    ["a body changed after signing", { tamper: (b: string) => b.replace('"#2204"', '"#2205"') }, 401, "invalid_signature"],
    ["another shop, signed with the app's secret", { shop: "someone-else.myshopify.com" }, 403, "wrong_shop"],
    ["no shop domain", { headers: { "X-Shopify-Shop-Domain": "" } }, 403, "wrong_shop"],
    ["no webhook id", { headers: { "X-Shopify-Webhook-Id": "" } }, 400, "delivery_id_missing"],
    ["no topic", { headers: { "X-Shopify-Topic": "" } }, 400, "topic_missing"],
  ] as const)("refuses %s, storing nothing", async (_name, options, status, code) => {
    const store = await connectedStore();
    const res = await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret, ...options });
    expect(res.status).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await deliveriesOf(store.id)).toEqual([]);
    expect(await rows(`SELECT id FROM orders WHERE store_id = ?`, store.id)).toEqual([]);
  });

  it("refuses bodies over 1 MiB (413), a signed body that is not an order (422), and stores neither", async () => {
    const store = await connectedStore();
    const huge = { ...jpy, note: "x".repeat(1024 * 1024) };
    const tooBig = await shopify(store.id, "orders/create", huge, { secret: store.shopifySecret });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json().error.code).toBe("payload_too_large");
    const notAnOrder = await shopify(store.id, "orders/create", { id: 1, line_items: "none" }, { secret: store.shopifySecret });
    expect(notAnOrder.status).toBe(422);
    const notJson = await shopify(store.id, "orders/create", "{not json", { secret: store.shopifySecret });
    expect(notJson.status).toBe(400);
    expect(await deliveriesOf(store.id)).toEqual([]);
  });

  it("answers 404 for a store without a Shopify connection, and ignores topics it does not subscribe to", async () => {
    const store = await connectedStore();
    const missing = await shopify("no-such-store", "orders/create", jpy, { secret: store.shopifySecret });
    expect(missing.status).toBe(404);
    expect(missing.json().error.code).toBe("connection_not_found");
    const other = await shopify(store.id, "carts/update", { id: 1 }, { secret: store.shopifySecret });
    expect(other.json()).toEqual({ received: true, ignored: true, topic: "carts/update" });
    expect(await deliveriesOf(store.id)).toEqual([]);
  });

  it("never lets an older update overwrite a newer one (updated_at), in whatever order they arrive", async () => {
    const store = await connectedStore();
    const cancelled = { ...kwd, cancelled_at: "2026-12-01T10:00:00+03:00", updated_at: "2026-12-01T10:00:05+03:00" };
    await shopify(store.id, "orders/cancelled", cancelled, { secret: store.shopifySecret });
    // The earlier orders/updated arrives late: it must not bring the order back.
    await shopify(store.id, "orders/updated", kwd, { secret: store.shopifySecret });
    const order = (await admin(store.apiKey, "/v1/admin/orders/5912003399001")).json();
    expect(order.cancelledAt).toBe("2026-12-01T07:00:00.000Z");
    const outcomes = (await deliveriesOf(store.id)).map((d) => d.outcome);
    expect(outcomes).toEqual(["order #5310 created", "order #5310: stale (a newer version is stored)"]);
    // A newer one still applies, and withdraws nothing it should not.
    await shopify(
      store.id,
      "orders/updated",
      { ...cancelled, updated_at: "2026-12-02T10:00:00+03:00", note: "newer" },
      { secret: store.shopifySecret },
    );
    expect((await deliveriesOf(store.id)).at(-1)!.outcome).toBe("order #5310 updated");
  });

  it("refuses a stale write even when the freshness read raced a newer write (the guard in the batch)", async () => {
    const store = await connectedStore();
    await shopify(store.id, "orders/updated", { ...kwd, updated_at: "2026-12-03T00:00:00Z" }, { secret: store.shopifySecret });
    const { platformOrderStatements, isStaleWrite } = await import("../../worker/storage/platform-orders.ts");
    const { runBatch } = await import("../../worker/storage/statement.ts");
    const { shopifyOrder } = await import("../../worker/domain/platforms/shopify-order.ts");
    const { shopifyOrder: schema } = await import("../../worker/schemas/platforms/shopify.ts");
    const { orderInput } = await import("../../worker/schemas/order.ts");
    const mapped = shopifyOrder(schema.parse(kwd), new Date());
    const input = orderInput.parse(mapped);
    const statements = platformOrderStatements(
      store.id,
      { source: "shopify", input, number: mapped.number, updatedAt: mapped.updatedAt },
      "t".repeat(43),
      new Date().toISOString(),
      { isNew: false, attributionDays: 7 },
    );
    const error = await runBatch(env.DB, statements).catch((e: unknown) => e);
    expect(isStaleWrite(error)).toBe(true);
    expect(
      (await rows<{ source_updated_at: string }>(`SELECT source_updated_at FROM orders WHERE store_id = ?`, store.id))[0]!
        .source_updated_at,
    ).toBe("2026-12-03T00:00:00.000Z");
  });

  it("makes a parcel of each tracking number of a fulfillment, and its events move them", async () => {
    const store = await connectedStore();
    await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret });
    await shopify(store.id, "fulfillments/create", fulfillment, { secret: store.shopifySecret });
    let order = (await admin(store.apiKey, "/v1/admin/orders/5912003344556")).json();
    expect(order.shipments).toEqual([
      {
        id: "shopify-4712345678-EJ123456789JP",
        carrier: "Japan Post",
        trackingNumber: "EJ123456789JP",
        trackingUrl: expect.stringContaining("EJ123456789JP"),
        status: "packed",
        delayed: expect.any(Boolean),
        registrations: [],
      },
      {
        id: "shopify-4712345678-EJ123456790JP",
        carrier: "Japan Post",
        trackingNumber: "EJ123456790JP",
        trackingUrl: expect.stringContaining("EJ123456790JP"),
        status: "packed",
        delayed: expect.any(Boolean),
        registrations: [],
      },
    ]);
    await shopify(store.id, "fulfillment_events/create", event, { secret: store.shopifySecret });
    order = (await admin(store.apiKey, "/v1/admin/orders/5912003344556")).json();
    expect(order.shipments.map((s: { status: string }) => s.status)).toEqual(["delivered", "delivered"]);
    const view = await readView(order.orderToken);
    expect(view.shipments[0].latest).toMatchObject({
      status: "delivered",
      location: "Kyoto, Kyoto, Japan",
      description: "Delivered to the mailbox",
    });
    expect(view.shipments[0].lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      ["TEA-SEN-100", 1],
      ["shopify-variant-44500600700801", 2],
    ]);
    // The delivered moment is scheduled for the order, per parcel.
    const moments = (await admin(store.apiKey, "/v1/admin/orders/5912003344556/moments")).json().moments as { kind: string }[];
    expect(moments.filter((m) => m.kind === "delivered")).toHaveLength(2);
    // A corrected fulfillment (one number left) retires the other parcel.
    await shopify(
      store.id,
      "fulfillments/update",
      { ...fulfillment, tracking_numbers: ["EJ123456789JP"], updated_at: "2026-11-29T16:00:00+09:00" },
      { secret: store.shopifySecret },
    );
    order = (await admin(store.apiKey, "/v1/admin/orders/5912003344556")).json();
    expect(order.shipments.map((s: { trackingNumber: string }) => s.trackingNumber)).toEqual(["EJ123456789JP"]);
  });

  it("keeps a fulfillment that arrives before its order, and applies it once the order is there (retried, never lost)", async () => {
    const store = await connectedStore();
    await shopify(store.id, "fulfillments/create", fulfillment, { secret: store.shopifySecret });
    let [waiting] = await deliveriesOf(store.id);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    expect(waiting!.outcome).toMatch(/attempt 1 failed, will retry: order 5912003344556 has not arrived yet/);
    await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret });
    // The minute cron, once the retry is due.
    expect(await processDueDeliveries(env, { now: new Date(Date.now() + 2 * 60_000) })).toBeGreaterThanOrEqual(1);
    [waiting] = await deliveriesOf(store.id);
    expect(waiting).toMatchObject({ status: "done", attempts: 2, outcome: "2 parcels of order 5912003344556" });
  });

  it("processes a stored delivery whose processing never ran (the request's isolate died): the cron takes it", async () => {
    const store = await connectedStore();
    const { receivePlatformDelivery } = await import("../../worker/routes/platform-receive.ts");
    const body = JSON.stringify(jpy);
    const { hmacBase64 } = await import("./platforms.ts");
    const request = new Request("https://doorstep.test/", {
      method: "POST",
      body,
      headers: {
        "X-Shopify-Hmac-Sha256": await hmacBase64(store.shopifySecret, body),
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Webhook-Id": "wh-orphan",
      },
    });
    const { stored } = await receivePlatformDelivery(env, "shopify", store.id, request);
    expect(stored).toBeDefined();
    expect(await rows(`SELECT id FROM orders WHERE store_id = ?`, store.id)).toEqual([]);
    await processDueDeliveries(env);
    expect(await rows(`SELECT number FROM orders WHERE store_id = ?`, store.id)).toEqual([{ number: "#2204" }]);
    // Processing it again (a second cron, a late waitUntil) does nothing: it is no longer pending.
    await processDelivery(env, stored!);
    expect((await deliveriesOf(store.id))[0]).toMatchObject({ status: "done", attempts: 1 });
  });

  it("sends nothing long past for an order first heard of long after it was placed; a fresh order's confirmation still goes out", async () => {
    const store = await connectedStore();
    const now = new Date();
    const old = new Date(now.getTime() - 40 * 86_400_000).toISOString();
    // Connected today; an order from 40 days ago is edited, and orders/updated is the first Doorstep hears of it.
    await shopify(
      store.id,
      "orders/updated",
      { ...kwd, created_at: old, processed_at: old, updated_at: now.toISOString() },
      { secret: store.shopifySecret },
    );
    const fresh = new Date(now.getTime() - 60_000).toISOString();
    await shopify(
      store.id,
      "orders/create",
      { ...jpy, created_at: fresh, processed_at: fresh, updated_at: fresh },
      { secret: store.shopifySecret },
    );
    const moments = await rows<{ order_id: string; kind: string; due_at: string; status: string; reason: string | null }>(
      `SELECT order_id, kind, due_at, status, reason FROM lifecycle_moments WHERE store_id = ?`,
      store.id,
    );
    const oldOnes = moments.filter((m) => m.order_id === "5912003399001");
    const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
    expect(oldOnes.filter((m) => m.due_at <= dayAgo).every((m) => m.status === "suppressed" && m.reason === "backfill")).toBe(true);
    expect(oldOnes.some((m) => m.kind === "order_confirmed" && m.reason === "backfill")).toBe(true);
    const { emitDueMoments } = await import("../../worker/services/lifecycle-moments.ts");
    const { sent, suppressed } = await emitDueMoments(env, { now, storeId: store.id });
    // Only the fresh order's confirmation was due (sent, or suppressed for a reason of its own, never backfill).
    expect(sent + suppressed).toBe(1);
    expect(moments.find((m) => m.order_id === "5912003344556" && m.kind === "order_confirmed")!.status).toBe("scheduled");
  });

  it("marks a delivery that can never be stored as failed, with the reason on the connection, after answering 202", async () => {
    const store = await connectedStore();
    const res = await shopify(store.id, "orders/create", { ...jpy, line_items: [] }, { secret: store.shopifySecret });
    expect(res.status).toBe(202);
    const [delivery] = await deliveriesOf(store.id);
    expect(delivery).toMatchObject({ status: "failed" });
    expect(delivery!.outcome).toMatch(/order #2204 cannot be stored: lines/);
    const { connections } = (await admin(store.apiKey, "/v1/admin/connections")).json();
    expect(connections.find((c: { platform: string }) => c.platform === "shopify").lastError).toMatch(
      /orders\/create: order #2204 cannot be stored/,
    );
  });

  it("reads the exact id of an order past 2^53, and lets lookup find orders by the number shoppers see", async () => {
    const store = await connectedStore();
    await shopify(store.id, "orders/create", docs, { secret: store.shopifySecret });
    const order = (await admin(store.apiKey, "/v1/admin/orders/820982911946154508")).json();
    expect(order).toMatchObject({
      number: "#9999",
      total: 42785,
      shipments: [{ trackingNumber: "9400111899223197428490", status: "in_transit" }],
    });
    // Support may look it up by the number the shopper quotes, too.
    for (const typed of ["%239999", "9999"])
      expect((await admin(store.apiKey, `/v1/admin/orders/${typed}`)).json().id).toBe("820982911946154508");
    expect((await admin(store.apiKey, "/v1/admin/orders/9998")).status).toBe(404);
    for (const typed of ["#9999", "9999", " #9999 "]) {
      const res = await send("/v1/lookup", {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: ORIGIN },
        body: JSON.stringify({ storeId: store.id, orderNumber: typed, email: "JON@example.com" }),
      });
      expect(res.json().orderToken, typed).toBe(order.orderToken);
    }
  });

  it("turns products into the catalogue, which fills in platform lines' families and images; products/delete withdraws them", async () => {
    const store = await connectedStore();
    await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret, webhookId: "first-order" });
    await shopify(store.id, "products/update", product, { secret: store.shopifySecret });
    const catalogue = await rows<{ sku: string; family: string; price: number; currency: string; active: number }>(
      `SELECT sku, family, price, currency, active FROM products WHERE store_id = ? ORDER BY sku`,
      store.id,
    );
    // Priced in the shop's currency, learned from its orders.
    expect(catalogue).toEqual([
      { sku: "TEA-SEN-100", family: "Tea", price: 800, currency: "USD", active: 1 },
      { sku: "shopify-variant-44500600700803", family: "Tea", price: 1800, currency: "USD", active: 1 },
    ]);
    // An older products/update does not bring back an old price.
    await shopify(
      store.id,
      "products/update",
      { ...product, updated_at: "2026-01-01T00:00:00Z", variants: [{ ...product.variants[0], price: "1.00" }] },
      { secret: store.shopifySecret },
    );
    expect(
      (await rows<{ price: number }>(`SELECT price FROM products WHERE store_id = ? AND sku = 'TEA-SEN-100'`, store.id))[0]!.price,
    ).toBe(800);
    await shopify(store.id, "orders/updated", { ...jpy, updated_at: "2026-11-28T11:00:00+09:00" }, { secret: store.shopifySecret });
    const order = (await admin(store.apiKey, "/v1/admin/orders/5912003344556")).json();
    expect(order.lines.find((l: { sku: string }) => l.sku === "TEA-SEN-100")).toMatchObject({
      family: "Tea",
      url: "https://kyusu-and-co.myshopify.com/products/sencha-green-tea",
      imageUrl: "https://cdn.shopify.com/s/files/1/0610/0020/products/sencha.jpg",
    });
    // The shopper's view asks Shopify's CDN for the picture at the size the widget draws it (56 px, 3×),
    // not the original; the order itself keeps the original.
    const shown = await readView(order.orderToken);
    expect(shown.order.lines.find((l: { sku: string }) => l.sku === "TEA-SEN-100").imageUrl).toBe(
      "https://cdn.shopify.com/s/files/1/0610/0020/products/sencha.jpg?width=168",
    );
    await shopify(store.id, "products/delete", { id: 8100200300402 }, { secret: store.shopifySecret });
    expect((await rows<{ active: number }>(`SELECT active FROM products WHERE store_id = ?`, store.id)).map((p) => p.active)).toEqual([
      0, 0,
    ]);
  });

  it("wires the privacy topics: customers/redact erases, customers/data_request is an export the merchant fetches, shop/redact erases every customer", async () => {
    const store = await connectedStore();
    await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret });
    await shopify(store.id, "orders/create", draft, { secret: store.shopifySecret });
    await shopify(store.id, "orders/create", kwd, { secret: store.shopifySecret });

    await shopify(store.id, "customers/data_request", dataRequest, { secret: store.shopifySecret });
    const { requests } = (await admin(store.apiKey, "/v1/admin/data-requests")).json();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ platform: "shopify", id: "9999", customerId: "7390112345", orderIds: ["5912003344556"] });
    expect(requests[0].data.customers).toEqual([
      {
        id: "7390112345",
        email: "aiko.tanaka@example.jp",
        phone: null,
        firstName: "Aiko",
        lastName: "Tanaka",
        erasedAt: null,
        createdAt: expect.any(String),
      },
    ]);
    expect(requests[0].data.orders.map((o: { number: string }) => o.number)).toEqual(["#2204"]);
    // The same export the merchant downloads for the customer.
    expect(requests[0].data).toEqual((await admin(store.apiKey, "/v1/admin/customers/7390112345/export")).json().data);

    await shopify(store.id, "customers/redact", redact, { secret: store.shopifySecret });
    const customers = await rows<{ id: string; email: string | null; erased_at: string | null }>(
      `SELECT id, email, erased_at FROM customers WHERE store_id = ? ORDER BY id`,
      store.id,
    );
    // The named customer and the draft order's guest (named by its order) are erased; the KWD customer is not.
    expect(customers.map((c) => [c.id, c.email, c.erased_at !== null])).toEqual([
      ["5550001122", "n.alsabah@example.com", false],
      ["7390112345", null, true],
      ["shopify-guest-6200407294252", null, true],
    ]);
    // The raw deliveries about them lose their bodies too (processed ones).
    const bodies = await rows<{ body: string }>(
      `SELECT body FROM platform_deliveries WHERE store_id = ? AND topic = 'orders/create'`,
      store.id,
    );
    expect(bodies.filter((b) => b.body.includes("aiko.tanaka"))).toEqual([]);

    await shopify(store.id, "app/uninstalled", uninstalled, { secret: store.shopifySecret });
    expect(
      (await rows<{ status: string }>(`SELECT status FROM store_connections WHERE store_id = ? AND provider = 'shopify'`, store.id))[0]!
        .status,
    ).toBe("disconnected");
    // shop/redact comes 48 hours later, still signed with the app's secret, and is still verified.
    const res = await shopify(store.id, "shop/redact", shopRedact, { secret: store.shopifySecret });
    expect(res.status).toBe(202);
    expect(await rows(`SELECT id FROM customers WHERE store_id = ? AND erased_at IS NULL`, store.id)).toEqual([]);
  });
});

describe("Shopify webhooks: the customer's marketing consent", () => {
  const consentsOf = (storeId: string, customerId: string) =>
    rows(
      `SELECT channel, state, at, source FROM marketing_consents WHERE store_id = ? AND customer_id = ? ORDER BY channel`,
      storeId,
      customerId,
    );
  const changesOf = (storeId: string, customerId: string) =>
    rows(
      `SELECT order_id, purpose, channel, state, at, source FROM consent_changes
       WHERE store_id = ? AND customer_id = ? AND purpose = 'marketing' ORDER BY rowid`,
      storeId,
      customerId,
    );
  /** The JPY order's customer, with their email consent as Shopify reports it at some moment. */
  const withEmailConsent = (payload: typeof jpy, state: string, at: string, fields: Record<string, unknown> = {}) => ({
    ...payload,
    ...fields,
    customer: { ...payload.customer, email_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: at } },
  });

  it("records both channels from orders/create with Shopify's times, each change once: a repeat delivery records nothing", async () => {
    const store = await connectedStore();
    await shopify(store.id, "orders/create", kwd, { secret: store.shopifySecret });
    const expected = [
      // not_subscribed, never changed: held since the customer was created.
      { channel: "email", state: "denied", at: "2024-05-10T12:00:00+03:00", source: "shopify" },
      { channel: "sms", state: "granted", at: "2026-11-30T18:44:52+03:00", source: "shopify:other" },
    ];
    expect(await consentsOf(store.id, "5550001122")).toEqual(expected);
    const changes = expected.map(({ channel, state, at, source }) => ({
      order_id: "5912003399001",
      purpose: "marketing",
      channel,
      state,
      at,
      source,
    }));
    expect(await changesOf(store.id, "5550001122")).toEqual(changes);

    // The same body under another delivery id, and an orders/updated (a fulfillment, a note) with the
    // same consent: no change, nothing recorded.
    await shopify(store.id, "orders/create", kwd, { secret: store.shopifySecret });
    await shopify(
      store.id,
      "orders/updated",
      { ...kwd, updated_at: "2026-12-02T09:00:00+03:00", note: "gift" },
      { secret: store.shopifySecret },
    );
    expect((await deliveriesOf(store.id)).map((d) => d.status)).toEqual(["done", "done", "done"]);
    expect(await consentsOf(store.id, "5550001122")).toEqual(expected);
    expect(await changesOf(store.id, "5550001122")).toEqual(changes);
  });

  it("takes an unsubscribe, and never lets older news re-grant it, from a late update of the same order or another", async () => {
    const store = await connectedStore();
    const customer = "7390112345";
    await shopify(store.id, "orders/create", jpy, { secret: store.shopifySecret });
    expect(await consentsOf(store.id, customer)).toEqual([
      { channel: "email", state: "granted", at: "2026-11-28T10:04:11+09:00", source: "shopify" },
    ]);

    // The shopper unsubscribes; the next orders/updated says so.
    const later = withEmailConsent(jpy, "unsubscribed", "2026-11-30T09:00:00+09:00", { updated_at: "2026-11-30T09:00:05+09:00" });
    await shopify(store.id, "orders/updated", later, { secret: store.shopifySecret });
    // An orders/updated sent before it (still "subscribed") arrives late: stale as an order.
    const earlier = withEmailConsent(jpy, "subscribed", "2026-11-28T10:04:11+09:00", { updated_at: "2026-11-29T12:00:00+09:00" });
    await shopify(store.id, "orders/updated", earlier, { secret: store.shopifySecret });
    // Another order of the same customer, its webhook sent while they were still subscribed, arrives
    // last: the order is new (stored), its consent news is older than the unsubscribe (changes nothing).
    const other = {
      ...withEmailConsent(jpy, "subscribed", "2026-11-28T10:04:11+09:00", { updated_at: "2026-11-29T08:00:00+09:00" }),
      id: 5912003344999,
      admin_graphql_api_id: "gid://shopify/Order/5912003344999",
      name: "#2299",
    };
    await shopify(store.id, "orders/updated", other, { secret: store.shopifySecret });
    expect((await deliveriesOf(store.id)).map((d) => d.outcome)).toEqual([
      "order #2204 created",
      "order #2204 updated",
      "order #2204: stale (a newer version is stored)",
      "order #2299 created",
    ]);

    expect(await consentsOf(store.id, customer)).toEqual([
      { channel: "email", state: "withdrawn", at: "2026-11-30T09:00:00+09:00", source: "shopify" },
    ]);
    expect(await changesOf(store.id, customer)).toEqual([
      {
        order_id: "5912003344556",
        purpose: "marketing",
        channel: "email",
        state: "granted",
        at: "2026-11-28T10:04:11+09:00",
        source: "shopify",
      },
      {
        order_id: "5912003344556",
        purpose: "marketing",
        channel: "email",
        state: "withdrawn",
        at: "2026-11-30T09:00:00+09:00",
        source: "shopify",
      },
    ]);

    // Subscribing again (a newer time) is news, and is recorded.
    const again = withEmailConsent(other, "subscribed", "2026-12-01T10:00:00+09:00", { updated_at: "2026-12-01T10:00:05+09:00" });
    await shopify(store.id, "orders/updated", again, { secret: store.shopifySecret });
    expect(await consentsOf(store.id, customer)).toEqual([
      { channel: "email", state: "granted", at: "2026-12-01T10:00:00+09:00", source: "shopify" },
    ]);
    expect((await changesOf(store.id, customer)).at(-1)).toMatchObject({ order_id: "5912003344999", state: "granted" });
  });

  it("reads a guest checkout's box (buyer_accepts_marketing) for the order's own customer, at the order's time", async () => {
    const store = await connectedStore();
    await shopify(store.id, "orders/create", draft, { secret: store.shopifySecret });
    const guest = "shopify-guest-6200407294252";
    expect(await consentsOf(store.id, guest)).toEqual([
      { channel: "email", state: "denied", at: "2026-11-23T23:10:14-05:00", source: "shopify:checkout" },
    ]);
    const ticked = { ...draft, id: 6200407294253, admin_graphql_api_id: null, name: "#1072", buyer_accepts_marketing: true };
    await shopify(store.id, "orders/create", ticked, { secret: store.shopifySecret });
    expect(await consentsOf(store.id, "shopify-guest-6200407294253")).toEqual([
      { channel: "email", state: "granted", at: "2026-11-23T23:10:14-05:00", source: "shopify:checkout" },
    ]);
  });
});
