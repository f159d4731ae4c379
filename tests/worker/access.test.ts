/**
 * No endpoint reads or writes another store's or another order's data: keys, tokens and webhook
 * secrets of one store do nothing to another, and order numbers never stand in for tokens.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signedHeaders, easyPostTrackerEvent } from "../../scripts/lib/carrier-payloads.ts";
import { BASE, ORIGIN, storeWithOrder } from "./fixtures.ts";

const call = (method: string, path: string, init: { key?: string; body?: unknown; origin?: string } = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    method,
    headers: {
      ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...(init.key ? { Authorization: `Bearer ${init.key}` } : {}),
      ...(init.origin ? { Origin: init.origin } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe("access between stores and orders", () => {
  it("one store's API key cannot touch another store's orders, shipments, catalog or figures", async () => {
    const a = await storeWithOrder();
    const b = await storeWithOrder();
    const shipment = { id: "ship-a", carrier: "UPS", trackingNumber: "1Z999AA10123456784", lines: [{ sku: "TRAIL-1", quantity: 1 }] };
    expect((await call("POST", `/v1/orders/${a.order.id}/shipments`, { key: a.store.apiKey, body: shipment })).status).toBe(201);
    // B's key on A's order and A's shipment: not found (B has no such order or shipment).
    expect(
      (await call("POST", `/v1/orders/${a.order.id}/shipments`, { key: b.store.apiKey, body: { ...shipment, id: "ship-b" } })).status,
    ).toBe(404);
    expect(
      (
        await call("POST", `/v1/shipments/ship-a/events`, {
          key: b.store.apiKey,
          body: { id: "e", status: "delivered", occurredAt: "2026-11-23T10:00:00Z" },
        })
      ).status,
    ).toBe(404);
    // A's order still shows only A's parcel.
    const view = (await (await call("GET", `/v1/o/${a.token}`, { origin: ORIGIN })).json()) as {
      shipments: { id: string }[];
      storeId: string;
    };
    expect(view.storeId).toBe(a.store.id);
    expect(view.shipments.map((s) => s.id)).toEqual(["ship-a"]);
  });

  it("refuses tokens that are truncated, guessed, or an order number", async () => {
    const { token, order } = await storeWithOrder();
    for (const guess of [
      token.slice(0, 42),
      `${token.slice(0, 42)}${token[42] === "A" ? "B" : "A"}`,
      order.id,
      encodeURIComponent(order.id),
      "A".repeat(43),
    ]) {
      const res = await call("GET", `/v1/o/${guess}`, { origin: ORIGIN });
      expect(res.status, guess).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("order_not_found");
    }
  });

  it("a webhook signed with another store's secret is refused", async () => {
    const a = await storeWithOrder();
    const b = await storeWithOrder();
    const body = JSON.stringify(easyPostTrackerEvent({ trackingCode: "1Z999AA10123456784", scans: [] }));
    const res = await SELF.fetch(`${BASE}/v1/webhooks/easypost/${a.store.id}`, {
      method: "POST",
      headers: await signedHeaders("easypost", b.store.webhookSecrets.easypost, body),
      body,
    });
    expect(res.status).toBe(401);
  });

  it("a shopper's write from another site is refused, and nothing about the order leaks to it", async () => {
    const { token } = await storeWithOrder();
    const write = await call("POST", `/v1/o/${token}/survey`, { origin: "https://evil.example", body: { rating: 5 } });
    expect(write.status).toBe(403);
    const read = await call("GET", `/v1/o/${token}`, { origin: "https://evil.example" });
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("never answers an API key or webhook secret", async () => {
    const { store, token } = await storeWithOrder();
    const texts = [
      await (await call("GET", `/v1/stores/${store.id}/config`)).text(),
      await (await call("GET", `/v1/o/${token}`, { origin: ORIGIN })).text(),
      await (await call("GET", `/v1/offer-rules`, { key: store.apiKey })).text(),
    ];
    for (const text of texts) {
      expect(text).not.toContain(store.apiKey);
      expect(text).not.toContain(store.webhookSecrets.easypost);
      expect(text).not.toContain(store.webhookSecrets.aftership);
    }
  });
});
