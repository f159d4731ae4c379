import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newOrderToken } from "../../worker/crypto/random.ts";
import { refreshMoments } from "../../worker/services/lifecycle-moments.ts";
import type { OrderView } from "../../contract/order-view.ts";
import { upsertOrder } from "../../worker/storage/orders.ts";
import { getStore } from "../../worker/storage/stores.ts";
import { afterShipTrackingUpdate, easyPostTrackerEvent } from "../../scripts/lib/carrier-payloads.ts";
import { postCarrierWebhook } from "./carrier-webhooks.ts";
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

/** A signed carrier webhook, applied by the webhooks queue's consumer before this returns (carrier-webhooks.ts). */
const postWebhook = (vendor: "easypost" | "aftership", storeId: string, secret: string, payload: unknown) =>
  postCarrierWebhook(vendor, storeId, secret, payload);

async function orderWithShipment() {
  const setup = await storeWithOrder();
  const shipment = {
    id: uniqueId("ship"),
    carrier: "UPS",
    trackingNumber: `1Z${uniqueId("")
      .replace(/[^A-Za-z0-9]/g, "")
      .toUpperCase()}`,
    lines: [{ sku: "TRAIL-1", quantity: 1 }],
  };
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
    const shipment = {
      id: uniqueId("ship"),
      carrier: "UPS",
      trackingNumber: "1Z999AA10123456784",
      lines: [{ sku: "TRAIL-1", quantity: 1 }],
      promisedFrom: day,
      promisedTo: day,
    };
    expect((await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, shipment)).status).toBe(201);
  });

  it("422 naming occurredAt for a merchant event in year 9999 or before 2000", async () => {
    const { store, shipment } = await orderWithShipment();
    for (const occurredAt of ["9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"]) {
      const res = await merchant(store.apiKey, `/v1/shipments/${shipment.id}/events`, {
        id: uniqueId("e"),
        status: "exception",
        occurredAt,
      });
      expect(res.status, occurredAt).toBe(422);
      expect((await errorOf(res)).details, occurredAt).toEqual([{ path: "occurredAt", message: expect.any(String) }]);
    }
  });
});

describe("carrier webhook dates", () => {
  const scan = (status: string, statusDetail: string, datetime: string) => ({
    status,
    statusDetail,
    datetime,
    message: `${status} ${statusDetail}`,
    city: "LOUISVILLE",
    state: "KY",
    country: "US",
  });

  it("EasyPost: details and estimates outside the range are skipped like unparseable ones, with a 2xx", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const event = easyPostTrackerEvent({
      trackingCode: shipment.trackingNumber,
      scans: [
        scan("in_transit", "arrived_at_facility", "2026-11-22T04:00:00Z"),
        scan("return_to_sender", "return", "9999-12-31T23:59:59Z"),
        scan("delivered", "arrived_at_destination", "1970-01-01T00:00:00Z"),
      ],
      estDeliveryDate: "9999-12-31T00:00:00Z",
      updatedAt: "2026-11-22T05:00:00Z",
    });
    const res = await postWebhook("easypost", store.id, store.webhookSecrets.easypost, event);
    expect(res.status).toBe(202);
    expect(res.applied).toMatchObject({ newUpdates: 1 });
    const parcel = (await readOrder(token)).shipments[0]!;
    expect(parcel.status).toBe("in_transit");
    expect(parcel.window.source).toBe("store_promise");
  });

  it("AfterShip: a checkpoint in 9999, an estimate in 9999 and a `ts` past any Date answer 2xx, never 500", async () => {
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
    expect(res.status).toBe(202);
    expect(res.applied).toMatchObject({ newUpdates: 1 });
    const parcel = (await readOrder(token)).shipments[0]!;
    expect(parcel.status).toBe("in_transit");
    expect(parcel.window.source).toBe("store_promise");
  });
});

/** Issue 17, item 7: a scan from the future kept its status whatever real scans came after it. */
describe("scans from the future", () => {
  const scan = (status: string, statusDetail: string, datetime: string) => ({
    status,
    statusDetail,
    datetime,
    message: `${status} ${statusDetail}`,
    city: "LOUISVILLE",
    state: "KY",
    country: "US",
  });
  const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

  it("422 naming occurredAt for a merchant event dated 2099 or 10 minutes ahead; the parcel then follows the real scans", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const post = (body: unknown) => merchant(store.apiKey, `/v1/shipments/${shipment.id}/events`, body);
    for (const occurredAt of ["2099-11-23T08:00:00-05:00", new Date(Date.now() + 10 * 60_000).toISOString()]) {
      const res = await post({ id: uniqueId("typo"), status: "exception", occurredAt });
      expect(res.status, occurredAt).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe("invalid_values");
      expect(error.details).toEqual([{ path: "occurredAt", message: "must not be more than 5 minutes in the future" }]);
    }
    expect((await post({ id: "e1", status: "in_transit", occurredAt: ago(2) })).status).toBe(201);
    expect((await readOrder(token)).shipments[0]!.status).toBe("in_transit");
    expect((await post({ id: "e2", status: "delivered", occurredAt: ago(1) })).status).toBe(201);
    expect((await readOrder(token)).shipments[0]!.status).toBe("delivered");
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM carrier_events WHERE store_id = ?`).bind(store.id).first<{ n: number }>();
    expect(n?.n).toBe(2);
  });

  it("takes a merchant event stamped within 5 minutes of skew", async () => {
    const { store, shipment } = await orderWithShipment();
    const res = await merchant(store.apiKey, `/v1/shipments/${shipment.id}/events`, {
      id: "skew",
      status: "packed",
      occurredAt: new Date(Date.now() + 4 * 60_000).toISOString(),
    });
    expect(res.status).toBe(201);
  });

  it("EasyPost: a detail dated 2099 is left out, so the real scans move the parcel, now and with later deliveries", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const secret = store.webhookSecrets.easypost;
    const typo = scan("failure", "delivery_exception", "2099-11-22T04:00:00Z");
    const moving = scan("in_transit", "arrived_at_facility", ago(5));
    const first = easyPostTrackerEvent({ trackingCode: shipment.trackingNumber, scans: [moving, typo], updatedAt: ago(4) });
    expect((await postWebhook("easypost", store.id, secret, first)).applied).toMatchObject({ newUpdates: 1 });
    expect((await readOrder(token)).shipments[0]!.status).toBe("in_transit");
    const later = easyPostTrackerEvent({
      trackingCode: shipment.trackingNumber,
      scans: [moving, typo, scan("delivered", "arrived_at_destination", ago(1))],
      updatedAt: ago(1),
    });
    expect((await postWebhook("easypost", store.id, secret, later)).applied).toMatchObject({ newUpdates: 1 });
    const parcel = (await readOrder(token)).shipments[0]!;
    expect(parcel.status).toBe("delivered");
    expect(parcel.history.map((h) => h.status)).toEqual(["delivered", "in_transit"]);
  });

  it("AfterShip: a checkpoint without an offset from a zone east of UTC (hours ahead as UTC) still counts; one dated 2099 does not", async () => {
    const { store, token, shipment } = await orderWithShipment();
    // Local time in Tokyo written without an offset, as AfterShip sometimes sends it: 9 hours ahead read as UTC.
    const tokyo = new Date(Date.now() + 9 * 3_600_000 - 60_000).toISOString().slice(0, 19);
    const body = afterShipTrackingUpdate({
      trackingNumber: shipment.trackingNumber,
      checkpoints: [
        { tag: "InTransit", subtag: "InTransit_001", message: "Departed", time: ago(3) },
        { tag: "Exception", subtag: "Exception_011", message: "Typo", time: "2099-11-22T04:00:00+09:00" },
        { tag: "Delivered", subtag: "Delivered_001", message: "Delivered", time: tokyo },
      ],
      updatedAt: ago(0),
    });
    const res = await postWebhook("aftership", store.id, store.webhookSecrets.aftership, body);
    expect(res.applied).toMatchObject({ newUpdates: 2 });
    expect((await readOrder(token)).shipments[0]!.status).toBe("delivered");
  });

  it("an estimate reported from the future is left out, so a later real estimate is not shut out", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const secret = store.webhookSecrets.easypost;
    const soon = (days: number) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`;
    const scans = [scan("in_transit", "arrived_at_facility", ago(5))];
    const future = easyPostTrackerEvent({
      trackingCode: shipment.trackingNumber,
      scans,
      estDeliveryDate: soon(9),
      updatedAt: "2099-01-01T00:00:00Z",
    });
    expect((await postWebhook("easypost", store.id, secret, future)).status).toBe(202);
    expect((await readOrder(token)).shipments[0]!.window.source).toBe("store_promise");
    const real = easyPostTrackerEvent({ trackingCode: shipment.trackingNumber, scans, estDeliveryDate: soon(3), updatedAt: ago(1) });
    expect((await postWebhook("easypost", store.id, secret, real)).status).toBe(202);
    expect((await readOrder(token)).shipments[0]!.window).toMatchObject({ from: soon(3).slice(0, 10), source: "carrier" });
  });
});
