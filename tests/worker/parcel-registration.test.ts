/**
 * Parcels registered with the store's aggregator, against a local stand-in of EasyPost and AfterShip
 * (tests/stand-ins/aggregators.ts, a real HTTP server): the request as each vendor documents it, once
 * per parcel, "already exists" counted as success, 429 and 5xx retried with backoff (Retry-After
 * honoured), a refused key recorded with the vendor's words, and a reconnect that tries again.
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS } from "../../worker/domain/carriers/registration.ts";
import { registerDueParcels } from "../../worker/services/parcel-registration.ts";
import { BASE, sampleOrder, storeWithOrder, uniqueId } from "./fixtures.ts";

const standIn = new URL(env.EASYPOST_API_URL).origin;

interface Received {
  provider: string;
  path: string;
  apiKey: string | null;
  contentType: string | null;
  body: Record<string, unknown>;
  answered: number;
}

async function received(apiKey: string): Promise<Received[]> {
  const { requests } = (await (await fetch(`${standIn}/__stand-in/requests`)).json()) as { requests: Received[] };
  return requests.filter((r) => r.apiKey === apiKey);
}

const fault = (f: { provider: string; apiKey: string; status: number; retryAfter?: string; rateLimitReset?: string; times?: number }) =>
  fetch(`${standIn}/__stand-in/faults`, { method: "POST", body: JSON.stringify([f]) });

const admin = (apiKey: string, path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}${path}`, { ...init, headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" } });

async function connect(storeKey: string, provider: "easypost" | "aftership", vendorKey: string) {
  const res = await admin(storeKey, `/v1/admin/connections/${provider}`, { method: "PUT", body: JSON.stringify({ apiKey: vendorKey }) });
  expect(res.status).toBe(200);
}

/** A store connected to one aggregator, with one order. */
async function connectedStore(provider: "easypost" | "aftership") {
  const { store, order } = await storeWithOrder(sampleOrder());
  const vendorKey = provider === "easypost" ? `EZTK${uniqueId("key").replace(/-/g, "")}` : `asat_${uniqueId("key").replace(/-/g, "")}`;
  await connect(store.apiKey, provider, vendorKey);
  return { store, order, vendorKey };
}

async function ship(storeKey: string, orderId: string, body: { id?: string; carrier: string; trackingNumber: string }) {
  const res = await admin(storeKey, `/v1/orders/${orderId}/shipments`, {
    method: "POST",
    body: JSON.stringify({ id: body.id ?? `${orderId}-1`, lines: [{ sku: "TRAIL-1", quantity: 1 }], ...body }),
  });
  expect(res.status).toBeLessThan(300);
  return body.id ?? `${orderId}-1`;
}

interface Row {
  provider: string;
  status: string;
  attempts: number;
  carrier: string | null;
  carrier_source: string | null;
  vendor_carrier: string | null;
  vendor_id: string | null;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  tracking_number: string;
}

const rows = async (storeId: string, shipmentId: string) =>
  (
    await env.DB.prepare(`SELECT * FROM parcel_registrations WHERE store_id = ? AND shipment_id = ? ORDER BY provider`)
      .bind(storeId, shipmentId)
      .all<Row>()
  ).results;

const run = (storeId: string, now: Date) => registerDueParcels(env, { storeId, now });

describe("registering parcels with EasyPost", () => {
  it("sends POST /trackers with Basic auth and the detected carrier, once per parcel", async () => {
    const { store, order, vendorKey } = await connectedStore("easypost");
    // "Other" is no carrier EasyPost knows: the 1Z number and its check digit say UPS.
    const shipmentId = await ship(store.apiKey, order.id, { carrier: "Other", trackingNumber: "1Z 5R8 939 0357 567127" });
    expect(await rows(store.id, shipmentId)).toMatchObject([{ provider: "easypost", status: "pending", attempts: 0 }]);

    const now = new Date();
    expect(await run(store.id, now)).toEqual({ attempted: 1, registered: 1, retrying: 0, failed: 0 });
    const [request] = await received(vendorKey);
    expect(request).toMatchObject({
      provider: "easypost",
      path: "/easypost/v2/trackers",
      contentType: "application/json",
      body: { tracker: { tracking_code: "1Z5R89390357567127", carrier: "UPS" } },
      answered: 201,
    });
    const [row] = await rows(store.id, shipmentId);
    expect(row).toMatchObject({
      status: "registered",
      attempts: 1,
      carrier: "ups",
      carrier_source: "detected",
      vendor_carrier: "UPS",
      last_status: 201,
      last_error: null,
      next_attempt_at: null,
    });
    expect(row!.vendor_id).toMatch(/^trk_[0-9a-f]{32}$/);

    // Exactly once: later runs and the merchant sending the parcel again change nothing.
    await run(store.id, new Date(now.getTime() + 3_600_000));
    await ship(store.apiKey, order.id, { carrier: "Other", trackingNumber: "1Z5R89390357567127" });
    await run(store.id, new Date(now.getTime() + 7_200_000));
    expect(await received(vendorKey)).toHaveLength(1);

    const { connections } = (await (await admin(store.apiKey, "/v1/admin/connections")).json()) as {
      connections: { platform: string; lastOutAt: string | null; lastError: string | null }[];
    };
    expect(connections.find((c) => c.platform === "easypost")).toMatchObject({ lastOutAt: now.toISOString(), lastError: null });
  });

  it("counts EasyPost answering with the original tracker (the same code and carrier) as registered", async () => {
    const a = await connectedStore("easypost");
    const b = await storeWithOrder(sampleOrder());
    // A second store on the same EasyPost account registers the same parcel: EasyPost answers its tracker.
    await connect(b.store.apiKey, "easypost", a.vendorKey);
    const shipmentA = await ship(a.store.apiKey, a.order.id, { carrier: "UPS", trackingNumber: "1Z879E930346834440" });
    const shipmentB = await ship(b.store.apiKey, b.order.id, { carrier: "ups", trackingNumber: "1Z879E930346834440" });
    await run(a.store.id, new Date());
    await run(b.store.id, new Date());
    expect((await received(a.vendorKey)).map((r) => r.answered)).toEqual([201, 200]);
    const [first] = await rows(a.store.id, shipmentA);
    const [second] = await rows(b.store.id, shipmentB);
    expect(second).toMatchObject({ status: "registered", carrier_source: "merchant", vendor_id: first!.vendor_id });
  });

  it("a new tracking number for the same parcel is registered afresh", async () => {
    const { store, order, vendorKey } = await connectedStore("easypost");
    const shipmentId = await ship(store.apiKey, order.id, { carrier: "FedEx", trackingNumber: "986578788855" });
    await run(store.id, new Date());
    await ship(store.apiKey, order.id, { carrier: "FedEx", trackingNumber: "477179081230" });
    expect(await rows(store.id, shipmentId)).toMatchObject([{ status: "pending", attempts: 0, tracking_number: "477179081230" }]);
    await run(store.id, new Date());
    expect((await received(vendorKey)).map((r) => (r.body.tracker as { tracking_code: string }).tracking_code)).toEqual([
      "986578788855",
      "477179081230",
    ]);
  });

  it("honours Retry-After on a 429, then registers", async () => {
    const { store, order, vendorKey } = await connectedStore("easypost");
    const shipmentId = await ship(store.apiKey, order.id, { carrier: "USPS", trackingNumber: "9400111206206406260787" });
    await fault({ provider: "easypost", apiKey: vendorKey, status: 429, retryAfter: "120", times: 1 });
    const now = new Date();
    expect(await run(store.id, now)).toMatchObject({ attempted: 1, retrying: 1 });
    const [row] = await rows(store.id, shipmentId);
    expect(row).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status: 429,
      next_attempt_at: new Date(now.getTime() + 120_000).toISOString(),
    });
    expect(row!.last_error).toContain("rate limited");
    // Not before the vendor said.
    expect(await run(store.id, new Date(now.getTime() + 60_000))).toMatchObject({ attempted: 0 });
    expect(await run(store.id, new Date(now.getTime() + 120_000))).toMatchObject({ attempted: 1, registered: 1 });
    expect((await received(vendorKey)).map((r) => r.answered)).toEqual([429, 201]);
    expect(await rows(store.id, shipmentId)).toMatchObject([{ status: "registered", attempts: 2, last_error: null }]);
  });

  it("retries a failing vendor with doubling backoff, and gives up after the last attempt", async () => {
    const { store, order, vendorKey } = await connectedStore("easypost");
    const shipmentId = await ship(store.apiKey, order.id, { carrier: "UPS", trackingNumber: "1Z410E7W0392751591" });
    await fault({ provider: "easypost", apiKey: vendorKey, status: 503 });
    let now = new Date();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await run(store.id, now)).toMatchObject({ attempted: 1 });
      const [row] = await rows(store.id, shipmentId);
      if (attempt < MAX_ATTEMPTS) {
        const next = new Date(row!.next_attempt_at!);
        delays.push((next.getTime() - now.getTime()) / 60_000);
        now = next;
      } else {
        expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, last_status: 503, next_attempt_at: null });
        expect(row!.last_error).toBe(`gave up after ${MAX_ATTEMPTS} attempts: We're sorry, something went wrong. (INTERNAL_SERVER_ERROR)`);
      }
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    await run(store.id, new Date(now.getTime() + 86_400_000));
    expect(await received(vendorKey)).toHaveLength(MAX_ATTEMPTS);
  });

  it("records a refused key with EasyPost's message, and tries again once the store reconnects", async () => {
    const { store, order } = await storeWithOrder(sampleOrder());
    const revoked = `EZTK${uniqueId("revoked").replace(/-/g, "")}`;
    await connect(store.apiKey, "easypost", revoked);
    const shipmentId = await ship(store.apiKey, order.id, { carrier: "UPS", trackingNumber: "1Z8V92A70367203024" });
    expect(await run(store.id, new Date())).toMatchObject({ attempted: 1, failed: 1 });
    expect(await rows(store.id, shipmentId)).toMatchObject([
      {
        status: "failed",
        last_status: 401,
        last_error: "This api key is no longer active. Please use a different api key or reactivate this key. (APIKEY.INACTIVE)",
      },
    ]);
    const { connections } = (await (await admin(store.apiKey, "/v1/admin/connections")).json()) as {
      connections: { lastError: string | null }[];
    };
    expect(connections[0]!.lastError).toContain("1Z8V92A70367203024: This api key is no longer active");
    // The admin order answer shows the parcel's registration, refusal included, for support.
    const stored = (await (await admin(store.apiKey, `/v1/admin/orders/${encodeURIComponent(order.id)}`)).json()) as {
      shipments: { id: string; registrations: { provider: string; status: string; attempts: number; lastError: string | null }[] }[];
    };
    expect(stored.shipments.find((p) => p.id === shipmentId)!.registrations).toMatchObject([
      { provider: "easypost", status: "failed", attempts: 1, lastError: expect.stringContaining("APIKEY.INACTIVE") },
    ]);

    const good = `EZTK${uniqueId("key").replace(/-/g, "")}`;
    await connect(store.apiKey, "easypost", good);
    expect(await run(store.id, new Date())).toMatchObject({ attempted: 1, registered: 1 });
    expect(await received(good)).toMatchObject([
      { body: { tracker: { tracking_code: "1Z8V92A70367203024", carrier: "UPS" } }, answered: 201 },
    ]);
  });

  it("sends an unknown carrier's parcel without a carrier, and keeps EasyPost's refusal", async () => {
    const { store, order, vendorKey } = await connectedStore("easypost");
    const shipmentId = await ship(store.apiKey, order.id, { carrier: "Tran", trackingNumber: "TRAN-99812-X" });
    await run(store.id, new Date());
    expect(await received(vendorKey)).toMatchObject([{ body: { tracker: { tracking_code: "TRAN99812X" } }, answered: 422 }]);
    expect((await received(vendorKey))[0]!.body.tracker).not.toHaveProperty("carrier");
    expect(await rows(store.id, shipmentId)).toMatchObject([
      {
        status: "failed",
        carrier: null,
        carrier_source: "unknown",
        last_status: 422,
        last_error: expect.stringContaining("Unable to determine the carrier"),
      },
    ]);
  });

  it("registers parcels sent before the store connected, once it does", async () => {
    const { store, order } = await storeWithOrder(sampleOrder());
    const shipmentId = await ship(store.apiKey, order.id, { carrier: "UPS", trackingNumber: "1ZXX3150YW44070023" });
    expect(await rows(store.id, shipmentId)).toEqual([]);
    const vendorKey = `EZTK${uniqueId("key").replace(/-/g, "")}`;
    await connect(store.apiKey, "easypost", vendorKey);
    await run(store.id, new Date());
    expect(await rows(store.id, shipmentId)).toMatchObject([{ status: "registered" }]);
  });
});

describe("registering parcels with AfterShip", () => {
  it("sends POST /trackings with as-api-key and the slug, and counts 4003 'already exists' as registered", async () => {
    const a = await connectedStore("aftership");
    const shipmentId = await ship(a.store.apiKey, a.order.id, { carrier: "Royal Mail", trackingNumber: "RB123456785GB" });
    await run(a.store.id, new Date());
    expect(await received(a.vendorKey)).toMatchObject([
      {
        path: "/aftership/tracking/2026-07/trackings",
        contentType: "application/json",
        body: { tracking_number: "RB123456785GB", slug: "royal-mail" },
        answered: 201,
      },
    ]);
    const [row] = await rows(a.store.id, shipmentId);
    expect(row).toMatchObject({ status: "registered", carrier: "royal_mail", vendor_carrier: "royal-mail" });

    // The same number again on the same AfterShip account: 400 with meta code 4003, which is success.
    const b = await storeWithOrder(sampleOrder());
    await connect(b.store.apiKey, "aftership", a.vendorKey);
    const other = await ship(b.store.apiKey, b.order.id, { carrier: "Other", trackingNumber: "RB123456785GB" });
    await run(b.store.id, new Date());
    expect((await received(a.vendorKey)).map((r) => r.answered)).toEqual([201, 400]);
    expect(await rows(b.store.id, other)).toMatchObject([
      { status: "registered", carrier_source: "detected", last_status: 400, last_error: null, vendor_id: row!.vendor_id },
    ]);
  });

  it("waits for the rate limit window AfterShip names in X-RateLimit-Reset", async () => {
    const { store, order, vendorKey } = await connectedStore("aftership");
    const shipmentId = await ship(store.apiKey, order.id, { carrier: "FedEx", trackingNumber: "0414 4176 0228 964" });
    const now = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    const reset = Math.floor(now.getTime() / 1000) + 30;
    await fault({ provider: "aftership", apiKey: vendorKey, status: 429, rateLimitReset: String(reset), times: 1 });
    await run(store.id, now);
    expect(await rows(store.id, shipmentId)).toMatchObject([
      {
        status: "pending",
        last_status: 429,
        next_attempt_at: new Date(reset * 1000).toISOString(),
        last_error: "You have exceeded the API call rate limit. The default limit is 10 requests per second. (429)",
      },
    ]);
    await run(store.id, new Date(reset * 1000));
    expect(await rows(store.id, shipmentId)).toMatchObject([{ status: "registered", vendor_carrier: "fedex" }]);
  });

  it("keeps AfterShip's refusal of a key, and of a number it cannot place", async () => {
    const { store, order } = await storeWithOrder(sampleOrder());
    await connect(store.apiKey, "aftership", `asat_${uniqueId("revoked").replace(/-/g, "")}`);
    const refusedKey = await ship(store.apiKey, order.id, { id: `${order.id}-a`, carrier: "UPS", trackingNumber: "1Z999AA10123456784" });
    await run(store.id, new Date());
    expect(await rows(store.id, refusedKey)).toMatchObject([
      { status: "failed", last_status: 401, last_error: "The API key is invalid. (401)" },
    ]);

    const ok = await connectedStore("aftership");
    const unknown = await ship(ok.store.apiKey, ok.order.id, { carrier: "custom", trackingNumber: "ZZ-00042" });
    await run(ok.store.id, new Date());
    expect(await received(ok.vendorKey)).toMatchObject([{ body: { tracking_number: "ZZ00042" }, answered: 400 }]);
    expect(await rows(ok.store.id, unknown)).toMatchObject([
      { status: "failed", last_error: "Unable to import shipment as we don’t recognize the carrier from this tracking number. (4012)" },
    ]);
  });
});

describe("stores without an aggregator", () => {
  it("queue nothing", async () => {
    const { store, order } = await storeWithOrder(sampleOrder());
    const shipmentId = await ship(store.apiKey, order.id, { carrier: "UPS", trackingNumber: "1Z5R89390357567127" });
    expect(await rows(store.id, shipmentId)).toEqual([]);
  });
});
