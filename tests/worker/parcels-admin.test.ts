/**
 * Parcels at risk and carriers' on-time rates in the admin API (GET /v1/admin/parcels,
 * GET /v1/admin/carrier-performance): what the dashboard lists, including each parcel's registration
 * with the store's aggregator, from what the sweep and the registration cron keep.
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/crypto/hash.ts";
import { randomToken } from "../../worker/crypto/random.ts";
import { sweepOrder } from "../../worker/services/delay-sweep.ts";
import { registerDueParcels } from "../../worker/services/parcel-registration.ts";
import { loginCodeStatement } from "../../worker/storage/dashboard.ts";
import { getStore } from "../../worker/storage/stores.ts";
import { BASE, createStore, errorOf, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

const DAY = 86_400_000;
const lines = [{ sku: "TRAIL-1", quantity: 1 }];

async function call(credential: string, path: string, init: RequestInit = {}) {
  return SELF.fetch(`${BASE}${path}`, { ...init, headers: { Authorization: `Bearer ${credential}`, "Content-Type": "application/json" } });
}

async function post(apiKey: string, path: string, body: unknown) {
  const res = await call(apiKey, path, { method: "POST", body: JSON.stringify(body) });
  expect(res.ok, `${path} ${res.status} ${await res.clone().text()}`).toBe(true);
}

async function session(storeId: string) {
  const code = `dsl_${randomToken(32)}`;
  const login = loginCodeStatement(await sha256Hex(code), storeId, new Date(Date.now() + 60_000).toISOString());
  await env.DB.prepare(login.sql)
    .bind(...login.params)
    .run();
  const res = await SELF.fetch(`${BASE}/v1/admin/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** An order placed now with one parcel, and the events given (times relative to now). */
async function parcelWith(
  store: { id: string; apiKey: string },
  carrier: string,
  trackingNumber: string,
  events: { status: string; ago: number }[],
  promise?: { from: string; to: string },
) {
  const order = sampleOrder({ id: uniqueId("o"), placedAt: new Date(Date.now() - 2 * DAY).toISOString() });
  await postOrder(store.apiKey, order);
  const id = `${order.id}-1`;
  await post(store.apiKey, `/v1/orders/${order.id}/shipments`, {
    id,
    carrier,
    trackingNumber,
    lines,
    ...(promise ? { promisedFrom: promise.from, promisedTo: promise.to } : {}),
  });
  for (const [i, e] of events.entries())
    await post(store.apiKey, `/v1/shipments/${id}/events`, {
      id: `e${i}`,
      status: e.status,
      occurredAt: new Date(Date.now() - e.ago).toISOString(),
    });
  return { orderId: order.id, shipmentId: id };
}

describe("GET /v1/admin/parcels", () => {
  it("lists stalled, excepted and unregistered parcels with why, each registration, and counts; a session may read it", async () => {
    const store = await createStore();
    await call(store.apiKey, "/v1/admin/connections/easypost", {
      method: "PUT",
      body: JSON.stringify({ apiKey: `EZTK${uniqueId("revoked").replace(/-/g, "")}` }),
    });
    const stalled = await parcelWith(store, "UPS", "1Z5R89390357567127", [{ status: "in_transit", ago: 4 * DAY }]);
    const held = await parcelWith(store, "FedEx", "986578788855", [
      { status: "in_transit", ago: DAY },
      { status: "exception", ago: DAY / 2 },
    ]);
    const fine = await parcelWith(store, "USPS", "9400111206206406260787", [{ status: "in_transit", ago: DAY / 4 }]);
    // The stalled parcel's sweep, as the cron would run it (its scan was four days ago).
    await sweepOrder(env.DB, (await getStore(env.DB, store.id))!, stalled.orderId);
    // The store's EasyPost key is refused: every parcel stays unregistered, with EasyPost's words.
    await registerDueParcels(env, { storeId: store.id });

    const res = await call(await session(store.id), "/v1/admin/parcels");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      counts: Record<string, number>;
      parcels: {
        shipmentId: string;
        risks: string[];
        carrier: string;
        status: string;
        exception?: string;
        registrations: { provider: string; status: string; attempts: number; lastError: string; carrier: string; carrierSource: string }[];
      }[];
    };
    expect(body.counts).toMatchObject({ stalled: 1, exception: 1, unregistered: 3 });
    const byId = Object.fromEntries(body.parcels.map((p) => [p.shipmentId, p]));
    expect(byId[stalled.shipmentId]).toMatchObject({ risks: ["stalled", "unregistered"], carrier: "UPS", status: "in_transit" });
    expect(byId[held.shipmentId]).toMatchObject({
      risks: ["exception", "unregistered"],
      status: "exception",
      exception: "other",
      carrier: "FedEx",
    });
    expect(byId[fine.shipmentId]!.risks).toEqual(["unregistered"]);
    expect(byId[stalled.shipmentId]!.registrations).toEqual([
      expect.objectContaining({
        provider: "easypost",
        status: "failed",
        attempts: 1,
        carrier: "ups",
        carrierSource: "merchant",
        lastError: expect.stringContaining("APIKEY.INACTIVE"),
      }),
    ]);

    const onlyStalled = (await (await call(store.apiKey, "/v1/admin/parcels?status=stalled")).json()) as {
      parcels: { shipmentId: string }[];
    };
    expect(onlyStalled.parcels.map((p) => p.shipmentId)).toEqual([stalled.shipmentId]);
    const refused = await call(store.apiKey, "/v1/admin/parcels?status=lost");
    expect(refused.status).toBe(422);
    expect((await errorOf(refused)).code).toBe("invalid_values");
  });

  it("names orders not shipped within the store's promise", async () => {
    const store = await createStore();
    const order = sampleOrder({ id: uniqueId("o"), placedAt: new Date(Date.now() - 2 * DAY).toISOString() });
    await postOrder(store.apiKey, order);
    await sweepOrder(env.DB, (await getStore(env.DB, store.id))!, order.id, new Date(Date.now() + 3 * DAY));
    const body = (await (await call(store.apiKey, "/v1/admin/parcels")).json()) as {
      counts: { fulfillment_delayed: number };
      unshipped: { orderId: string }[];
    };
    expect(body.counts.fulfillment_delayed).toBe(1);
    expect(body.unshipped.map((u) => u.orderId)).toEqual([order.id]);
  });
});

describe("GET /v1/admin/carrier-performance", () => {
  it("answers each carrier's deliveries in the range and the share by the promised day", async () => {
    const store = await createStore();
    const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
    // UPS: one on time, one a day after its promise; FedEx: one on time.
    await parcelWith(
      store,
      "UPS",
      "1Z879E930346834440",
      [
        { status: "in_transit", ago: 2 * DAY },
        { status: "delivered", ago: DAY / 2 },
      ],
      { from: day(-1), to: day(1) },
    );
    await parcelWith(
      store,
      "ups",
      "1Z410E7W0392751591",
      [
        { status: "in_transit", ago: 3 * DAY },
        { status: "delivered", ago: DAY / 2 },
      ],
      { from: day(-3), to: day(-2) },
    );
    await parcelWith(
      store,
      "Other",
      "986578788855",
      [
        { status: "in_transit", ago: 2 * DAY },
        { status: "delivered", ago: DAY / 2 },
      ],
      { from: day(-1), to: day(1) },
    );
    const res = await call(store.apiKey, `/v1/admin/carrier-performance?from=${day(-7)}&to=${day(1)}`);
    expect(res.status).toBe(200);
    const { carriers } = (await res.json()) as { carriers: { carrier: string; delivered: number; onTime: number; onTimeRate: number }[] };
    expect(carriers).toEqual([
      { carrier: "UPS", delivered: 2, onTime: 1, onTimeRate: 0.5 },
      { carrier: "FedEx", delivered: 1, onTime: 1, onTimeRate: 1 },
    ]);
    const empty = (await (await call(store.apiKey, `/v1/admin/carrier-performance?from=${day(-30)}&to=${day(-20)}`)).json()) as {
      carriers: unknown[];
    };
    expect(empty.carriers).toEqual([]);
  });
});
