import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newOrderToken } from "../../worker/crypto/random.ts";
import { refreshMoments } from "../../worker/lifecycle/moments.ts";
import type { OrderView } from "../../worker/schemas/views.ts";
import { upsertOrder } from "../../worker/storage/orders.ts";
import { getStore } from "../../worker/storage/stores.ts";
import { afterShipTrackingUpdate, easyPostTrackerEvent, signedHeaders } from "../../scripts/lib/carrier-payloads.ts";
import { BASE, createStore, errorOf, ORIGIN, postOrder, sampleOrder, storeWithOrder, uniqueId } from "./fixtures.ts";

/** Issue 17, item 1: dates a real order cannot carry, from each door they come in by. */

const merchant = (apiKey: string, path: string, body: unknown) =>
  SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });

const readOrder = async (token: string) => {
  const res = await SELF.fetch(`${BASE}/v1/o/${token}`, { headers: { Origin: ORIGIN } });
  expect(res.status).toBe(200);
  return (await res.json()) as OrderView;
};

async function postWebhook(vendor: "easypost" | "aftership", storeId: string, secret: string, payload: unknown) {
  const body = JSON.stringify(payload);
  return SELF.fetch(`${BASE}/v1/webhooks/${vendor}/${storeId}`, { method: "POST", headers: await signedHeaders(vendor, secret, body), body });
}

async function orderWithShipment() {
  const setup = await storeWithOrder();
  const shipment = { id: uniqueId("ship"), carrier: "UPS", trackingNumber: `1Z${uniqueId("").replace(/[^A-Za-z0-9]/g, "").toUpperCase()}`, lines: [{ sku: "TRAIL-1", quantity: 1 }] };
  expect((await merchant(setup.store.apiKey, `/v1/orders/${setup.order.id}/shipments`, shipment)).status).toBe(201);
  return { ...setup, shipment };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe("order dates", () => {
  it.each([
    ["placedAt", "in year 9999", { placedAt: "9999-12-31T23:59:59-14:00" }, "must not be more than a day in the future"],
    ["placedAt", "two days ahead", { placedAt: inDays(2) }, "must not be more than a day in the future"],
    ["placedAt", "before 2000", { placedAt: "1999-12-31T23:59:59Z" }, "must not be before 2000-01-01"],
    ["cancelledAt", "in year 9999", { cancelledAt: "9999-01-01T00:00:00Z" }, "must not be more than a day in the future"],
  ])("422 invalid_values for %s %s, and nothing stored", async (field, _, over, message) => {
    const store = await createStore();
    const res = await postOrder(store.apiKey, sampleOrder(over));
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_values");
    expect(error.details).toEqual([{ path: field, message }]);
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM orders WHERE store_id = ?`).bind(store.id).first<{ n: number }>();
    expect(n?.n).toBe(0);
  });

  it("takes an order placed now, a little ahead, or in 2000", async () => {
    const store = await createStore();
    for (const placedAt of [new Date().toISOString(), inDays(0.5), "2000-01-01T00:00:00+00:00"]) {
      expect((await postOrder(store.apiKey, sampleOrder({ placedAt }))).status, placedAt).toBe(201);
    }
  });

  it("an order stored in year 9999 before the bound still answers its view and its schedule", async () => {
    // The probe: accepted with 201, then GET /v1/o/{token} never answered (calendar-date.ts).
    const store = await createStore();
    const order = sampleOrder({ placedAt: "9999-12-31T23:59:59-14:00" });
    const { token } = await upsertOrder(env.DB, store.id, order, newOrderToken(), new Date().toISOString(), 7);
    const view = await readOrder(token);
    expect(view.delivery).toMatchObject({ from: "9999-12-31", to: "9999-12-31" });
    await refreshMoments(env.DB, (await getStore(env.DB, store.id))!, order.id);
  });
});

describe("shipment dates", () => {
  it("422 naming promisedFrom and promisedTo outside 2000 … two years ahead", async () => {
    const { store, order } = await storeWithOrder();
    const res = await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      id: uniqueId("ship"),
      carrier: "UPS",
      trackingNumber: "1Z999AA10123456784",
      lines: [{ sku: "TRAIL-1", quantity: 1 }],
      promisedFrom: "1999-12-31",
      promisedTo: "9999-12-31T10:00:00Z",
    });
    expect(res.status).toBe(422);
    const details = (await errorOf(res)).details as { path: string; message: string }[];
    expect(details.map((d) => d.path).sort()).toEqual(["promisedFrom", "promisedTo"]);
    expect(details[0]!.message).toBe("must be a day from 2000-01-01 to 2 years from today");
  });

  it("takes a promise a year ahead", async () => {
    const { store, order } = await storeWithOrder();
    const day = inDays(365).slice(0, 10);
    const shipment = { id: uniqueId("ship"), carrier: "UPS", trackingNumber: "1Z999AA10123456784", lines: [{ sku: "TRAIL-1", quantity: 1 }], promisedFrom: day, promisedTo: day };
    expect((await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, shipment)).status).toBe(201);
  });

  it("422 naming occurredAt for a merchant event in year 9999 or before 2000", async () => {
    const { store, shipment } = await orderWithShipment();
    for (const occurredAt of ["9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"]) {
      const res = await merchant(store.apiKey, `/v1/shipments/${shipment.id}/events`, { id: uniqueId("e"), status: "exception", occurredAt });
      expect(res.status, occurredAt).toBe(422);
      expect((await errorOf(res)).details, occurredAt).toEqual([{ path: "occurredAt", message: expect.any(String) }]);
    }
  });
});

describe("carrier webhook dates", () => {
  const scan = (status: string, statusDetail: string, datetime: string) => ({ status, statusDetail, datetime, message: `${status} ${statusDetail}`, city: "LOUISVILLE", state: "KY", country: "US" });

  it("EasyPost: details and estimates outside the range are skipped like unparseable ones, with a 200", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const event = easyPostTrackerEvent({
      trackingCode: shipment.trackingNumber,
      scans: [scan("in_transit", "arrived_at_facility", "2026-11-22T04:00:00Z"), scan("return_to_sender", "return", "9999-12-31T23:59:59Z"), scan("delivered", "arrived_at_destination", "1970-01-01T00:00:00Z")],
      estDeliveryDate: "9999-12-31T00:00:00Z",
      updatedAt: "2026-11-22T05:00:00Z",
    });
    const res = await postWebhook("easypost", store.id, store.webhookSecrets.easypost, event);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ newUpdates: 1 });
    const parcel = (await readOrder(token)).shipments[0]!;
    expect(parcel.status).toBe("in_transit");
    expect(parcel.window.source).toBe("store_promise");
  });

  it("AfterShip: a checkpoint in 9999, an estimate in 9999 and a `ts` past any Date answer 200, never 500", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const body = afterShipTrackingUpdate({
      trackingNumber: shipment.trackingNumber,
      checkpoints: [
        { tag: "InTransit", subtag: "InTransit_001", message: "Departed", time: "2026-11-22T04:00:00-05:00" },
        { tag: "Exception", subtag: "Exception_011", message: "Typo", time: "9999-12-31T23:59:59" },
      ],
      expectedDelivery: "9999-12-31",
    });
    const msg = body.msg as Record<string, unknown>;
    const withTs = { ...body, ts: 1e20, msg: { ...msg, updated_at: null } };
    const res = await postWebhook("aftership", store.id, store.webhookSecrets.aftership, withTs);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ newUpdates: 1 });
    const parcel = (await readOrder(token)).shipments[0]!;
    expect(parcel.status).toBe("in_transit");
    expect(parcel.window.source).toBe("store_promise");
  });
});
