/**
 * The delay sweep against real D1 on an accelerated clock: the sweep and the moment sender are run at
 * chosen instants days ahead, for an order placed in New York. Each delay is raised once, on New York's
 * calendar and in its daytime, reaches the holdout (it is a service message) but not a shopper who
 * opted out, and is withdrawn when the parcel moves. A merchant's own `delayed` event says why.
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addBusinessDays, addDays } from "../../worker/domain/calendar-date.ts";
import { localDate, startOfLocalDay } from "../../worker/domain/delays/local-time.ts";
import { randomToken } from "../../worker/crypto/random.ts";
import { sealJson } from "../../worker/crypto/secret-box.ts";
import { armOf } from "../../worker/domain/offers/holdout.ts";
import { emitDueMoments } from "../../worker/services/lifecycle-moments.ts";
import { OUTBOUND_EVENT_TYPES } from "../../worker/schemas/feedback.ts";
import type { OrderView } from "../../contract/order-view.ts";
import { sweepDelays, sweepOrder } from "../../worker/services/delay-sweep.ts";
import { addEndpointStatement } from "../../worker/storage/outbound.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { getStore } from "../../worker/storage/stores.ts";
import { BASE, createStore, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NY = -300;
/** An instant written as New York writes it, offset included (what a merchant in New York sends). */
const inNewYork = (ms: number) => new Date(ms + NY * 60_000).toISOString().replace("Z", "-05:00");

async function merchant(apiKey: string, path: string, body: unknown) {
  const res = await SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  expect(res.ok, `${path} ${res.status} ${await res.clone().text()}`).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}

function customerIn(storeId: string, arm: "treatment" | "holdout") {
  for (let i = 0; ; i++) if (armOf(storeId, `cust-${i}`, 0.1) === arm) return `cust-${i}`;
}

/** A New York store listening for every moment, and an order placed an hour ago by a customer in `arm`. */
async function newYorkOrder(arm: "treatment" | "holdout", shipping: Record<string, unknown> = {}) {
  const store = await createStore({
    shipping: { processingDays: 1, transitDaysMin: 2, transitDaysMax: 4, businessDaysOnly: true, ...shipping },
  });
  await runBatch(env.DB, [
    addEndpointStatement(
      store.id,
      {
        id: `we_${randomToken(6)}`,
        url: "https://hooks.example/moments",
        secretSealed: await sealJson(env.DOORSTEP_SECRET_KEY, { secret: "s" }),
        events: [...OUTBOUND_EVENT_TYPES],
      },
      new Date().toISOString(),
    ),
  ]);
  const placed = Date.now() - HOUR;
  const order = sampleOrder({
    id: uniqueId("ny"),
    placedAt: inNewYork(placed),
    customer: { id: customerIn(store.id, arm), email: "sam@example.com" },
  });
  const { orderToken } = (await (await postOrder(store.apiKey, order)).json()) as { orderToken: string };
  return { store, order, placed, token: orderToken, parcel: `${order.id}-1` };
}

const lines = [{ sku: "TRAIL-1", quantity: 1 }];

const moments = async (storeId: string, orderId: string, kind: string) =>
  (
    await env.DB.prepare(
      `SELECT ref, due_at, status, reason, marketing FROM lifecycle_moments WHERE store_id = ? AND order_id = ? AND kind = ?`,
    )
      .bind(storeId, orderId, kind)
      .all<{ ref: string; due_at: string; status: string; reason: string | null; marketing: number }>()
  ).results;

const notices = async (storeId: string, orderId: string) =>
  (
    await env.DB.prepare(
      `SELECT kind, ref, raised_at, withdrawn_at FROM parcel_notices WHERE store_id = ? AND order_id = ? ORDER BY raised_at, kind`,
    )
      .bind(storeId, orderId)
      .all<{ kind: string; ref: string; raised_at: string; withdrawn_at: string | null }>()
  ).results;

const view = async (token: string) => (await (await SELF.fetch(`${BASE}/v1/o/${token}`)).json()) as OrderView;

describe("the delay sweep", () => {
  it("raises `late` once, at New York's midnight after the promised day, and sends it at 08:00 there, to the holdout too", async () => {
    const { store, order, placed, parcel, token } = await newYorkOrder("holdout", { stalledDays: 30 });
    const promised = localDate(Date.now() + 2 * DAY, NY);
    await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      id: parcel,
      carrier: "UPS",
      trackingNumber: "1Z5R89390357567127",
      lines,
      promisedFrom: promised,
      promisedTo: promised,
    });
    await merchant(store.apiKey, `/v1/shipments/${parcel}/events`, {
      id: "t1",
      status: "in_transit",
      occurredAt: new Date(placed + 30 * 60_000).toISOString(),
    });
    const found = (await getStore(env.DB, store.id))!;

    const midnight = startOfLocalDay(addDays(promised, 1), NY);
    // 21:00 on the promised day in New York is already the next day in UTC: not late yet.
    expect((await sweepOrder(env.DB, found, order.id, new Date(midnight - 3 * HOUR))).raised).toEqual([]);
    expect((await sweepOrder(env.DB, found, order.id, new Date(midnight))).raised).toEqual([`late|${parcel}`]);
    // Once: later sweeps and the cron find it raised.
    for (const later of [midnight + HOUR, midnight + DAY])
      expect((await sweepOrder(env.DB, found, order.id, new Date(later))).raised).toEqual([]);
    expect(await sweepDelays(env, { storeId: store.id, now: new Date(midnight + 2 * DAY) })).toMatchObject({ raised: 0 });

    const [moment] = await moments(store.id, order.id, "late");
    const eight = new Date(midnight + 8 * HOUR).toISOString();
    expect(moment).toMatchObject({ ref: parcel, due_at: eight, status: "scheduled", marketing: 0 });
    await emitDueMoments(env, { storeId: store.id, now: new Date(midnight + 8 * HOUR - 1000) });
    expect((await moments(store.id, order.id, "late"))[0]!.status).toBe("scheduled");
    await emitDueMoments(env, { storeId: store.id, now: new Date(midnight + 8 * HOUR) });
    expect((await moments(store.id, order.id, "late"))[0]!.status).toBe("sent");
    const queued = await env.DB.prepare(`SELECT payload FROM outbound_events WHERE store_id = ? AND type = 'moment.late'`)
      .bind(store.id)
      .first<{ payload: string }>();
    expect(JSON.parse(queued!.payload)).toMatchObject({
      type: "moment.late",
      data: {
        kind: "late",
        ref: parcel,
        orderId: order.id,
        marketing: false,
        parcel: { id: parcel, carrier: "UPS", trackingNumber: "1Z5R89390357567127", status: "in_transit", expectedBy: promised },
      },
    });

    // The tracking view reads today's clock the way the sweep does: today the parcel is not late yet.
    expect((await view(token)).notices).toEqual([]);
  });

  it("raises `stalled` after three days without a scan, and withdraws it (and its unsent moment) when the parcel moves on", async () => {
    const { store, order, placed, parcel, token } = await newYorkOrder("treatment");
    await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      id: parcel,
      carrier: "USPS",
      trackingNumber: "9400111206206406260787",
      lines,
    });
    const scanned = placed + 10 * 60_000;
    await merchant(store.apiKey, `/v1/shipments/${parcel}/events`, {
      id: "t1",
      status: "in_transit",
      occurredAt: new Date(scanned).toISOString(),
    });
    const found = (await getStore(env.DB, store.id))!;

    expect((await sweepOrder(env.DB, found, order.id, new Date(scanned + 3 * DAY - 1000))).raised).toEqual([]);
    const stalledAt = scanned + 3 * DAY;
    expect((await sweepOrder(env.DB, found, order.id, new Date(stalledAt))).raised).toEqual([`stalled|${parcel}`]);
    const [moment] = await moments(store.id, order.id, "stalled");
    expect(moment!.status).toBe("scheduled");
    expect(Date.parse(moment!.due_at)).toBeGreaterThanOrEqual(stalledAt);
    expect((await view(token)).notices).toEqual([]); // by today's clock it has not stalled yet

    // The carrier scans it out for delivery (the merchant's server tells Doorstep, as a webhook would).
    await merchant(store.apiKey, `/v1/shipments/${parcel}/events`, {
      id: "o1",
      status: "out_for_delivery",
      occurredAt: new Date().toISOString(),
    });
    expect(await moments(store.id, order.id, "stalled")).toMatchObject([{ status: "withdrawn", reason: "no_longer_due" }]);
    expect((await notices(store.id, order.id)).map((n) => [n.kind, !!n.withdrawn_at])).toEqual(
      expect.arrayContaining([
        ["stalled", true],
        ["arriving_soon", false],
      ]),
    );
    // Once each: the same parcel stopping again later is not announced a second time.
    expect((await sweepOrder(env.DB, found, order.id, new Date(Date.now() + 10 * DAY))).raised).not.toContain(`stalled|${parcel}`);
    expect((await view(token)).notices).toMatchObject([{ kind: "arriving_soon", parcelId: parcel, outForDelivery: true }]);
  });

  it("the cron raises `fulfillment_delayed` when nothing has left by the ship-by day, and a parcel in transit settles it", async () => {
    const { store, order, placed, parcel } = await newYorkOrder("treatment");
    const shipBy = addBusinessDays(localDate(placed, NY), 1);
    const after = startOfLocalDay(addDays(shipBy, 1), NY);
    expect(await sweepDelays(env, { storeId: store.id, now: new Date(after - 1000) })).toMatchObject({ orders: 1, raised: 0 });
    expect(await sweepDelays(env, { storeId: store.id, now: new Date(after + 11 * 60_000) })).toMatchObject({ orders: 1, raised: 1 });
    expect(await moments(store.id, order.id, "fulfillment_delayed")).toMatchObject([{ ref: "", status: "scheduled" }]);
    await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      id: parcel,
      carrier: "UPS",
      trackingNumber: "1Z879E930346834440",
      lines,
    });
    await merchant(store.apiKey, `/v1/shipments/${parcel}/events`, {
      id: "t1",
      status: "in_transit",
      occurredAt: new Date().toISOString(),
    });
    expect(await moments(store.id, order.id, "fulfillment_delayed")).toMatchObject([{ status: "withdrawn" }]);
  });

  it("does not message a shopper who chose no updates (recorded as opted out)", async () => {
    const { store, order, placed, parcel, token } = await newYorkOrder("treatment");
    await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      id: parcel,
      carrier: "UPS",
      trackingNumber: "1Z410E7W0392751591",
      lines,
    });
    await merchant(store.apiKey, `/v1/shipments/${parcel}/events`, {
      id: "t1",
      status: "in_transit",
      occurredAt: new Date(placed).toISOString(),
    });
    await SELF.fetch(`${BASE}/v1/o/${token}/preferences`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://shop.example" },
      body: JSON.stringify({ channel: "none" }),
    });
    const stalledAt = placed + 3 * DAY;
    await sweepOrder(env.DB, (await getStore(env.DB, store.id))!, order.id, new Date(stalledAt));
    await emitDueMoments(env, { storeId: store.id, now: new Date(stalledAt + DAY) });
    expect(await moments(store.id, order.id, "stalled")).toMatchObject([{ status: "suppressed", reason: "opted_out" }]);
  });

  it("does not announce a delay that began long before Doorstep heard of the order (a backfill)", async () => {
    const store = await createStore();
    const order = sampleOrder({ id: uniqueId("old"), placedAt: inNewYork(Date.now() - 30 * DAY) });
    await postOrder(store.apiKey, order);
    expect(await notices(store.id, order.id)).toEqual([]);
    expect(await moments(store.id, order.id, "fulfillment_delayed")).toEqual([]);
  });
});

describe("a merchant's `delayed` parcel event", () => {
  it("keeps the reason and the new estimate: the view explains it, the `delayed` moment goes out, a repeat changes nothing", async () => {
    const { store, order, parcel, token } = await newYorkOrder("treatment");
    await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      id: parcel,
      carrier: "FedEx",
      trackingNumber: "986578788855",
      lines,
    });
    await merchant(store.apiKey, `/v1/shipments/${parcel}/events`, {
      id: "t1",
      status: "in_transit",
      occurredAt: new Date(Date.now() - 20 * 60_000).toISOString(),
    });
    const newDay = localDate(Date.now() + 6 * DAY, NY);
    const body = {
      id: "storm-1",
      status: "delayed",
      reason: "weather",
      estimatedTo: newDay,
      occurredAt: new Date().toISOString(),
      description: "Snowstorm in the Midwest",
    };
    const first = await SELF.fetch(`${BASE}/v1/shipments/${parcel}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${store.apiKey}` },
      body: JSON.stringify(body),
    });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ id: "storm-1", shipmentId: parcel, recorded: true, duplicate: false });
    const again = await SELF.fetch(`${BASE}/v1/shipments/${parcel}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${store.apiKey}` },
      body: JSON.stringify(body),
    });
    expect(again.status).toBe(200);

    const v = await view(token);
    expect(v.shipments[0]).toMatchObject({ delayed: true, window: { from: newDay, to: newDay } });
    expect(v.notices).toEqual([
      { kind: "delayed", parcelId: parcel, since: body.occurredAt, reason: "weather", expected: { from: newDay, to: newDay } },
    ]);
    expect(await moments(store.id, order.id, "delayed")).toMatchObject([{ ref: parcel, status: "scheduled" }]);
  });

  it.each([
    [{ reason: "aliens", estimatedTo: "2026-12-20" }, "reason"],
    [{ reason: "weather" }, "estimatedTo"],
    [{ reason: "weather", estimatedTo: "2026-12-20", estimatedFrom: "2026-12-21" }, "estimatedFrom"],
  ])("refuses %j, naming %s", async (fields, path) => {
    const { store, order, parcel } = await newYorkOrder("treatment");
    await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      id: parcel,
      carrier: "UPS",
      trackingNumber: "1Z5R89390357567127",
      lines,
    });
    const res = await SELF.fetch(`${BASE}/v1/shipments/${parcel}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${store.apiKey}` },
      body: JSON.stringify({ id: "d1", status: "delayed", occurredAt: new Date().toISOString(), ...fields }),
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(error.code).toBe("invalid_values");
    expect(error.details.map((d) => d.path)).toContain(path);
  });
});
