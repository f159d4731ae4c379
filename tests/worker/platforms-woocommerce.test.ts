/**
 * POST /v1/platforms/woocommerce/{storeId}, end to end in workerd with real D1: the ping WooCommerce
 * sends when a webhook is created, signed order and product deliveries, the Shipment Tracking
 * extension's parcels, deletions, and WooCommerce's delivery ids (shared within a second).
 */
import { describe, expect, it } from "vitest";
import { ORIGIN } from "./fixtures.ts";
import eur from "./fixtures/platforms/woocommerce/order-updated-tax-inclusive-eur.json";
import guest from "./fixtures/platforms/woocommerce/order-created-guest.json";
import jpy from "./fixtures/platforms/woocommerce/order-created-jpy.json";
import product from "./fixtures/platforms/woocommerce/product-updated.json";
import { admin, connectedStore, rows, send, SITE, woocommerce } from "./platforms.ts";

const deliveriesOf = (storeId: string) =>
  rows<{ id: string; status: string; outcome: string | null }>(
    `SELECT id, status, outcome FROM platform_deliveries WHERE store_id = ? ORDER BY received_at`,
    storeId,
  );

describe("WooCommerce webhooks", () => {
  it("answers the ping sent when a webhook is created (webhook_id=…, unsigned) with 200, storing nothing", async () => {
    const store = await connectedStore();
    const res = await send(`/v1/platforms/woocommerce/${store.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)" },
      body: "webhook_id=14",
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ received: true, ping: true });
    expect(await deliveriesOf(store.id)).toEqual([]);
    // Anything else unsigned is refused.
    const unsigned = await send(`/v1/platforms/woocommerce/${store.id}`, { method: "POST", body: "webhook_id=14&x=1" });
    expect(unsigned.status).toBe(401);
  });

  it("stores a guest's order under its number with a parcel per Shipment Tracking item; lookup finds it", async () => {
    const store = await connectedStore();
    const res = await woocommerce(store.id, "order.created", guest, { secret: store.wooSecret });
    expect(res.status).toBe(202);
    expect(res.json()).toEqual({ received: true, queued: true, topic: "order.created" });
    const order = (await admin(store.apiKey, "/v1/admin/orders/727")).json();
    expect(order).toMatchObject({
      number: "#727",
      currency: "USD",
      total: 3730,
      source: "woocommerce",
      customer: { id: "woocommerce-guest-727", email: "guest.buyer@example.com" },
      shipments: [
        { carrier: "USPS", trackingNumber: "9400111899223197428490", status: "in_transit" },
        { carrier: "Royal Mail", trackingNumber: "RM123456785GB", status: "in_transit" },
      ],
    });
    const view = (await send(`/v1/o/${order.orderToken}`, { headers: { Origin: ORIGIN } })).json();
    expect(view.order.number).toBe("#727");
    expect(view.shipments[1].carrier.url).toBe("https://www.royalmail.com/track-your-item#/tracking-results/RM123456785GB");
    const found = await send("/v1/lookup", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify({ storeId: store.id, orderNumber: "727", email: "guest.buyer@example.com" }),
    });
    expect(found.json().orderToken).toBe(order.orderToken);
  });

  it.each([
    ["another secret's signature", { secret: "wc_not_the_secret_1234" }, 401, "invalid_signature"],
    ["a signature header that is not base64", { headers: { "X-WC-Webhook-Signature": "%%%" } }, 401, "invalid_signature"],
    ["another site", { source: "https://elsewhere.example/" }, 403, "wrong_site"],
    ["no delivery id", { headers: { "X-WC-Webhook-Delivery-ID": "" } }, 400, "delivery_id_missing"],
  ] as const)("refuses %s, storing nothing", async (_name, options, status, code) => {
    const store = await connectedStore();
    const res = await woocommerce(store.id, "order.created", guest, { secret: store.wooSecret, ...options });
    expect(res.status).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await deliveriesOf(store.id)).toEqual([]);
  });

  it("keeps two different deliveries that share a delivery id (WooCommerce's ids repeat within a second), and recognises a real redelivery", async () => {
    const store = await connectedStore();
    const deliveryId = "a7f5b6c9e1d04c2b9f3e8d7c6b5a4f3e";
    await woocommerce(store.id, "order.created", guest, { secret: store.wooSecret, deliveryId });
    const second = await woocommerce(
      store.id,
      "order.updated",
      { ...guest, date_modified_gmt: "2026-11-25T21:30:00", customer_note: "leave at the door" },
      { secret: store.wooSecret, deliveryId },
    );
    expect(second.json().queued).toBe(true);
    expect(await deliveriesOf(store.id)).toHaveLength(2);
    const replay = await woocommerce(store.id, "order.created", guest, { secret: store.wooSecret, deliveryId });
    expect(replay.status).toBe(202);
    // The consumer met the redelivery's key already stored: nothing new.
    expect((await deliveriesOf(store.id)).map((d) => d.id.split(":")[0])).toEqual([deliveryId, deliveryId]);
  });

  it("carries cancellation, ignores an older update, and keeps a deleted order readable but off", async () => {
    const store = await connectedStore();
    await woocommerce(store.id, "order.created", eur, { secret: store.wooSecret });
    await woocommerce(
      store.id,
      "order.updated",
      { ...eur, status: "refunded", date_modified_gmt: "2026-12-02T07:00:00" },
      { secret: store.wooSecret },
    );
    await woocommerce(
      store.id,
      "order.updated",
      { ...eur, status: "completed", date_modified_gmt: "2026-12-01T08:00:00" },
      { secret: store.wooSecret },
    );
    let order = (await admin(store.apiKey, "/v1/admin/orders/1058")).json();
    expect(order.cancelledAt).toBe("2026-12-02T07:00:00.000Z");
    expect(order).toMatchObject({ total: 12400, currency: "EUR", customer: { id: "12", email: "lena@example.de" } });

    await woocommerce(store.id, "order.created", jpy, { secret: store.wooSecret });
    await woocommerce(store.id, "order.deleted", { id: 3301 }, { secret: store.wooSecret });
    order = (await admin(store.apiKey, "/v1/admin/orders/3301")).json();
    expect(order.cancelledAt).not.toBeNull();
    expect(order).toMatchObject({ number: "#3301", currency: "JPY", total: 5830 });
    const moments = (await admin(store.apiKey, "/v1/admin/orders/3301/moments")).json().moments as { status: string }[];
    expect(moments.filter((m) => m.status === "scheduled")).toEqual([]);
  });

  it("turns products into the catalogue in the store's currency, and product.deleted withdraws them", async () => {
    const store = await connectedStore();
    await woocommerce(store.id, "order.created", eur, { secret: store.wooSecret });
    await woocommerce(store.id, "product.updated", product, { secret: store.wooSecret });
    expect(await rows(`SELECT sku, name, family, price, currency, url, active FROM products WHERE store_id = ?`, store.id)).toEqual([
      {
        sku: "woocommerce-product-22",
        name: "Ship Your Idea",
        family: "Clothing",
        price: 1800,
        currency: "EUR",
        url: "https://shop.example/product/ship-your-idea/",
        active: 1,
      },
    ]);
    await woocommerce(store.id, "product.deleted", { id: 22 }, { secret: store.wooSecret });
    expect(await rows(`SELECT active FROM products WHERE store_id = ?`, store.id)).toEqual([{ active: 0 }]);
  });

  it("accepts the site's address with or without a trailing slash or another scheme", async () => {
    const store = await connectedStore();
    for (const source of [`${SITE}/`, SITE, SITE.replace("https:", "http:")]) {
      const res = await woocommerce(store.id, "product.updated", product, { secret: store.wooSecret, source });
      expect(res.status, source).toBe(202);
    }
  });
});

describe("WooCommerce webhooks: marketing consent from the opt-in plugin's order meta", () => {
  const consentsOf = (storeId: string, customerId: string) =>
    rows(
      `SELECT channel, state, at, source FROM marketing_consents WHERE store_id = ? AND customer_id = ? ORDER BY channel`,
      storeId,
      customerId,
    );
  const changesOf = (storeId: string, customerId: string) =>
    rows(
      `SELECT order_id, channel, state, at, source FROM consent_changes
       WHERE store_id = ? AND customer_id = ? AND purpose = 'marketing' ORDER BY rowid`,
      storeId,
      customerId,
    );
  const optIn = (value: string, key = "mailchimp_woocommerce_is_subscribed") => [{ id: 9120, key, value }];

  it("records Mailchimp for WooCommerce's boxes at the order's time, once: order.updated with the same meta records nothing", async () => {
    const store = await connectedStore();
    await woocommerce(store.id, "order.created", guest, { secret: store.wooSecret });
    const at = "2026-11-25T16:28:02-05:00";
    const expected = [
      { channel: "email", state: "granted", at, source: "woocommerce:mailchimp" },
      { channel: "sms", state: "granted", at, source: "woocommerce:mailchimp" },
    ];
    expect(await consentsOf(store.id, "woocommerce-guest-727")).toEqual(expected);
    const changes = expected.map(({ channel, state, source }) => ({ order_id: "727", channel, state, at, source }));
    expect(await changesOf(store.id, "woocommerce-guest-727")).toEqual(changes);

    await woocommerce(
      store.id,
      "order.updated",
      { ...guest, status: "completed", date_modified_gmt: "2026-11-27T10:00:00" },
      { secret: store.wooSecret },
    );
    await woocommerce(
      store.id,
      "order.updated",
      { ...guest, status: "completed", date_modified_gmt: "2026-11-27T10:00:00" },
      { secret: store.wooSecret },
    );
    expect((await deliveriesOf(store.id)).map((d) => d.status)).toEqual(["done", "done", "done"]);
    expect(await changesOf(store.id, "woocommerce-guest-727")).toEqual(changes);
  });

  it("lets a newer checkout's box decide, and never an older order's delivered late", async () => {
    const store = await connectedStore();
    // Customer 12 ticked the box on an order of 20 November.
    const first = {
      ...eur,
      id: 1001,
      number: "1001",
      date_created: "2026-11-20T10:00:00",
      date_created_gmt: "2026-11-20T09:00:00",
      meta_data: optIn("1"),
    };
    await woocommerce(store.id, "order.created", first, { secret: store.wooSecret });
    // On 29 November they left it unticked (the fixture's "0").
    await woocommerce(store.id, "order.created", eur, { secret: store.wooSecret });
    expect(await consentsOf(store.id, "12")).toEqual([
      { channel: "email", state: "denied", at: "2026-11-29T10:15:00+01:00", source: "woocommerce:mailchimp" },
    ]);
    // The first order, edited later (order.updated, newer as an order), still says "1" as of its checkout.
    await woocommerce(
      store.id,
      "order.updated",
      { ...first, status: "completed", date_modified_gmt: "2026-12-02T08:00:00" },
      { secret: store.wooSecret },
    );
    expect((await deliveriesOf(store.id)).at(-1)!.outcome).toMatch(/^order #1001 updated/);
    expect(await consentsOf(store.id, "12")).toEqual([
      { channel: "email", state: "denied", at: "2026-11-29T10:15:00+01:00", source: "woocommerce:mailchimp" },
    ]);
    expect((await changesOf(store.id, "12")).map((c) => [c.order_id, c.state])).toEqual([
      ["1001", "granted"],
      ["1058", "denied"],
    ]);
  });

  it("reads the key the merchant named when connecting (consentMetaKey), over Mailchimp's", async () => {
    const store = await connectedStore();
    const res = await admin(store.apiKey, "/v1/admin/connections/woocommerce", {
      method: "PUT",
      body: JSON.stringify({ site: SITE, secret: store.wooSecret, consentMetaKey: "newsletter_optin" }),
    });
    expect(res.status).toBe(200);
    const listed = (await admin(store.apiKey, "/v1/admin/connections")).json().connections as { platform: string; settings: unknown }[];
    expect(listed.find((c) => c.platform === "woocommerce")!.settings).toEqual({ site: SITE, consentMetaKey: "newsletter_optin" });

    const order = { ...jpy, meta_data: [...optIn("0"), { id: 9121, key: "newsletter_optin", value: "yes" }] };
    await woocommerce(store.id, "order.created", order, { secret: store.wooSecret });
    expect(await consentsOf(store.id, "44")).toEqual([
      { channel: "email", state: "granted", at: "2026-11-26T20:00:00+09:00", source: "woocommerce:newsletter_optin" },
    ]);
  });
});
