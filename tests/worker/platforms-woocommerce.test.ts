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
    expect(res.json()).toEqual({ received: true, duplicate: false, topic: "order.created" });
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
    expect(second.json().duplicate).toBe(false);
    const replay = await woocommerce(store.id, "order.created", guest, { secret: store.wooSecret, deliveryId });
    expect(replay.json().duplicate).toBe(true);
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
      expect(res.status, source).toBe(200);
    }
  });
});
