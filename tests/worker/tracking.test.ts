import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../contract/order-view.ts";
import type { LookupAnswer } from "../../contract/shopper-answers.ts";
import { afterShipTrackingUpdate, easyPostTrackerEvent, signedHeaders } from "../../scripts/lib/carrier-payloads.ts";
import { postCarrierWebhook } from "./carrier-webhooks.ts";
import { BASE, createStore, errorOf, ORIGIN, sampleOrder, storeWithOrder, uniqueId } from "./fixtures.ts";

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

const trackingNumber = () =>
  `1Z${uniqueId("")
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()}`;

/** A signed carrier webhook, applied by the webhooks queue's consumer before this returns (carrier-webhooks.ts). */
const postWebhook = (
  vendor: "easypost" | "aftership",
  storeId: string,
  secret: string,
  payload: unknown,
  tamper?: (body: string) => string,
) => postCarrierWebhook(vendor, storeId, secret, payload, { tamper });

async function orderWithShipment(options: { promisedTo?: string } = {}) {
  const setup = await storeWithOrder();
  const shipment = {
    id: uniqueId("ship"),
    carrier: "UPS",
    trackingNumber: trackingNumber(),
    lines: [{ sku: "TRAIL-1", quantity: 1 }],
    ...(options.promisedTo ? { promisedFrom: options.promisedTo, promisedTo: options.promisedTo } : {}),
  };
  const res = await merchant(setup.store.apiKey, `/v1/orders/${setup.order.id}/shipments`, shipment);
  expect(res.status).toBe(201);
  return { ...setup, shipment };
}

const scan = (status: string, statusDetail: string, datetime: string, city = "LOUISVILLE") => ({
  status,
  statusDetail,
  datetime,
  message: `${status} ${statusDetail}`,
  city,
  state: "KY",
  country: "US",
});

describe("POST /v1/orders/{orderId}/shipments", () => {
  it("registers a parcel with its items, and replaces it when sent again", async () => {
    const { token, shipment, store, order } = await orderWithShipment();
    let view = await readOrder(token);
    expect(view.shipments).toHaveLength(1);
    expect(view.shipments[0]).toMatchObject({
      id: shipment.id,
      status: "ordered",
      carrier: {
        name: "UPS",
        trackingNumber: shipment.trackingNumber,
        url: `https://www.ups.com/track?tracknum=${shipment.trackingNumber}`,
      },
      lines: [{ sku: "TRAIL-1", name: "Trail Runner", quantity: 1 }],
    });
    const again = await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      ...shipment,
      lines: [
        { sku: "TRAIL-1", quantity: 1 },
        { sku: "SOCK-3", quantity: 2 },
      ],
    });
    expect(again.status).toBe(200);
    view = await readOrder(token);
    expect(view.shipments[0]!.lines.map((l) => l.sku)).toEqual(["SOCK-3", "TRAIL-1"].sort());
  });

  it("refuses unknown orders, skus that are not in the order, and another order's shipment id", async () => {
    const { store, order, shipment } = await orderWithShipment();
    const missing = await merchant(store.apiKey, `/v1/orders/nope/shipments`, shipment);
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe("order_not_found");

    const wrongSku = await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      ...shipment,
      lines: [{ sku: "HAT", quantity: 1 }],
    });
    expect(wrongSku.status).toBe(422);
    expect((await errorOf(wrongSku)).details).toEqual([{ path: "lines.0.sku", message: `is not an item of order ${order.id}` }]);

    const second = sampleOrder();
    await merchant(store.apiKey, "/v1/orders", second);
    const stolen = await merchant(store.apiKey, `/v1/orders/${second.id}/shipments`, shipment);
    expect(stolen.status).toBe(409);
    expect((await errorOf(stolen)).code).toBe("shipment_conflict");

    const invalid = await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      id: "x",
      carrier: "",
      trackingNumber: "<>",
      lines: [],
    });
    expect(invalid.status).toBe(422);
  });

  it("needs the store's API key", async () => {
    const { order, shipment } = await orderWithShipment();
    const other = await createStore();
    const res = await merchant(other.apiKey, `/v1/orders/${order.id}/shipments`, shipment);
    expect(res.status).toBe(404);
  });
});

describe("POST /v1/shipments/{shipmentId}/events", () => {
  it("records each event once and keeps the furthest milestone whatever the arrival order", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const post = (body: unknown) => merchant(store.apiKey, `/v1/shipments/${shipment.id}/events`, body);
    const out = { id: "e3", status: "out_for_delivery", occurredAt: "2026-11-23T08:00:00-05:00", location: "Columbus, OH" };
    expect((await post(out)).status).toBe(201);
    const dup = await post(out);
    expect(dup.status).toBe(200);
    expect(await dup.json()).toMatchObject({ duplicate: true, recorded: false });
    // Earlier milestones arriving late.
    expect((await post({ id: "e1", status: "packed", occurredAt: "2026-11-21T09:00:00-05:00" })).status).toBe(201);
    expect((await post({ id: "e2", status: "in_transit", occurredAt: "2026-11-22T09:00:00-05:00" })).status).toBe(201);

    const view = await readOrder(token);
    const parcel = view.shipments[0]!;
    expect(parcel.status).toBe("out_for_delivery");
    expect(parcel.latest).toMatchObject({ status: "out_for_delivery", location: "Columbus, OH", at: "2026-11-23T13:00:00.000Z" });
    expect(parcel.milestones.filter((m) => m.reached).map((m) => m.status)).toEqual([
      "ordered",
      "packed",
      "in_transit",
      "out_for_delivery",
    ]);
    const { results } = await env.DB.prepare(`SELECT id, source FROM carrier_events WHERE store_id = ? AND tracking_number = ?`)
      .bind(store.id, shipment.trackingNumber)
      .all();
    expect(results).toHaveLength(3);
  });

  it("validates the status against the contract's vocabulary and 404s unknown shipments", async () => {
    const { store, shipment } = await orderWithShipment();
    const bad = await merchant(store.apiKey, `/v1/shipments/${shipment.id}/events`, {
      id: "e",
      status: "teleported",
      occurredAt: "2026-11-23T08:00:00Z",
    });
    expect(bad.status).toBe(422);
    const none = await merchant(store.apiKey, `/v1/shipments/nope/events`, {
      id: "e",
      status: "packed",
      occurredAt: "2026-11-23T08:00:00Z",
    });
    expect(none.status).toBe(404);
    expect((await errorOf(none)).code).toBe("shipment_not_found");
  });
});

describe("EasyPost webhook", () => {
  it("accepts a correctly signed tracker.updated Event and shows its milestones", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const event = easyPostTrackerEvent({
      trackingCode: shipment.trackingNumber,
      carrier: "UPS",
      estDeliveryDate: "2026-11-26T00:00:00Z",
      scans: [
        scan("pre_transit", "label_created", "2026-11-21T10:00:00Z"),
        scan("in_transit", "departed_facility", "2026-11-22T04:00:00Z"),
      ],
    });
    const res = await postWebhook("easypost", store.id, store.webhookSecrets.easypost, event);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ received: true, queued: true });
    expect(res.applied).toEqual({ replay: false, newUpdates: 2 });
    const parcel = (await readOrder(token)).shipments[0]!;
    expect(parcel.status).toBe("in_transit");
    expect(parcel.window).toEqual({ from: "2026-11-26", to: "2026-11-26", source: "carrier" });
    expect(parcel.latest).toMatchObject({ location: "LOUISVILLE, KY, US" });

    const stored = await env.DB.prepare(`SELECT body FROM webhook_deliveries WHERE store_id = ? AND id = ?`)
      .bind(store.id, event.id)
      .first<{ body: string }>();
    expect(JSON.parse(stored!.body)).toEqual(event);
    const raw = await env.DB.prepare(
      `SELECT raw, vendor_status FROM carrier_events WHERE store_id = ? AND tracking_number = ? ORDER BY occurred_at`,
    )
      .bind(store.id, shipment.trackingNumber)
      .first<{ raw: string; vendor_status: string }>();
    expect(raw!.vendor_status).toBe("pre_transit/label_created");
    expect(JSON.parse(raw!.raw)).toEqual(event.result.tracking_details[0]);
  });

  it("refuses a missing, malformed or wrong signature and a tampered body, and writes nothing", async () => {
    const { store, shipment } = await orderWithShipment();
    const event = easyPostTrackerEvent({
      trackingCode: shipment.trackingNumber,
      scans: [scan("delivered", "arrived_at_destination", "2026-11-23T15:00:00Z")],
    });
    const body = JSON.stringify(event);
    const url = `${BASE}/v1/webhooks/easypost/${store.id}`;
    const attempts: Record<string, RequestInit> = {
      missing: { headers: { "Content-Type": "application/json" } },
      malformed: { headers: { "Content-Type": "application/json", "X-Hmac-Signature": "sha256=abc" } },
      wrongSecret: { headers: await signedHeaders("easypost", "dsw_not-the-secret", body) },
      otherVendorsSecret: { headers: await signedHeaders("easypost", store.webhookSecrets.aftership, body) },
      tampered: {
        headers: await signedHeaders("easypost", store.webhookSecrets.easypost, body),
        body: body.replace("delivered", "returned"),
      },
    };
    for (const [name, init] of Object.entries(attempts)) {
      const res = await SELF.fetch(url, { method: "POST", body, ...init });
      expect(res.status, name).toBe(401);
      expect((await errorOf(res)).code, name).toBe("invalid_signature");
    }
    const count = await env.DB.prepare(`SELECT count(*) AS n FROM carrier_events WHERE store_id = ?`).bind(store.id).first<{ n: number }>();
    expect(count!.n).toBe(0);
  });

  it("treats a replayed delivery as a no-op, and an old payload cannot move a parcel back", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const early = easyPostTrackerEvent({
      trackingCode: shipment.trackingNumber,
      scans: [scan("in_transit", "arrived_at_facility", "2026-11-22T04:00:00Z")],
    });
    const late = easyPostTrackerEvent({
      trackingCode: shipment.trackingNumber,
      scans: [
        scan("in_transit", "arrived_at_facility", "2026-11-22T04:00:00Z"),
        scan("delivered", "arrived_at_destination", "2026-11-23T15:00:00Z"),
      ],
    });
    const secret = store.webhookSecrets.easypost;
    expect((await postWebhook("easypost", store.id, secret, late)).applied).toEqual({ replay: false, newUpdates: 2 });
    expect((await postWebhook("easypost", store.id, secret, late)).applied).toEqual({ replay: true, newUpdates: 0 });
    expect((await postWebhook("easypost", store.id, secret, early)).applied).toEqual({ replay: false, newUpdates: 0 });
    const parcel = (await readOrder(token)).shipments[0]!;
    expect(parcel.status).toBe("delivered");
    expect(parcel.deliveredAt).toBe("2026-11-23T15:00:00.000Z");
  });

  it("keeps events for a tracking number nobody registered yet, and matches them when the shipment arrives", async () => {
    const { store, order, token } = await storeWithOrder();
    const number = trackingNumber();
    const event = easyPostTrackerEvent({
      trackingCode: number,
      scans: [scan("out_for_delivery", "out_for_delivery", "2026-11-23T07:00:00Z")],
    });
    expect((await postWebhook("easypost", store.id, store.webhookSecrets.easypost, event)).status).toBe(202);
    const res = await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
      id: uniqueId("ship"),
      carrier: "UPS",
      trackingNumber: number.replace(/(.{4})/g, "$1 "),
      lines: [{ sku: "SOCK-3", quantity: 2 }],
    });
    expect(await res.json()).toMatchObject({ carrierEvents: 1, trackingNumber: number });
    expect((await readOrder(token)).shipments[0]!.status).toBe("out_for_delivery");
  });

  it("acknowledges Events about other objects without storing updates, and 404s unknown stores", async () => {
    const { store } = await storeWithOrder();
    const batch = { ...easyPostTrackerEvent({ trackingCode: "EZ1000000001", scans: [] }), description: "batch.updated" };
    const res = await postWebhook("easypost", store.id, store.webhookSecrets.easypost, batch);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, ignored: true });
    // Answered without enqueueing: nothing to apply.
    expect(res.queued).toBe(0);
    const unknown = await postWebhook("easypost", "no-such-store", store.webhookSecrets.easypost, batch);
    expect(unknown.status).toBe(404);
  });

  it("answers 422, not 500, for a signed body that is not an Event", async () => {
    const { store } = await storeWithOrder();
    const res = await postWebhook("easypost", store.id, store.webhookSecrets.easypost, { hello: "world" });
    expect(res.status).toBe(422);
    const notJson = await postWebhook("easypost", store.id, store.webhookSecrets.easypost, "x", () => "{not json");
    expect(notJson.status).toBe(401);
  });
});

describe("AfterShip webhook", () => {
  const checkpoint = (tag: string, subtag: string, time: string, message = `${tag} ${subtag}`) => ({
    tag,
    subtag,
    message,
    time,
    city: "Leipzig",
    countryName: "Germany",
  });

  it("accepts a signed tracking_update and derives exception and delay", async () => {
    const { store, token, shipment } = await orderWithShipment({ promisedTo: "2026-11-26" });
    const secret = store.webhookSecrets.aftership;
    const first = afterShipTrackingUpdate({
      trackingNumber: shipment.trackingNumber,
      expectedDelivery: "2026-11-29",
      checkpoints: [
        checkpoint("InfoReceived", "InfoReceived_001", "2026-11-21T09:00:00+01:00"),
        checkpoint("InTransit", "InTransit_007", "2026-11-22T06:00:00+01:00"),
      ],
    });
    expect((await postWebhook("aftership", store.id, secret, first)).status).toBe(202);
    let parcel = (await readOrder(token)).shipments[0]!;
    expect(parcel).toMatchObject({ status: "in_transit", delayed: true, delayReason: "revised_estimate" });
    expect(parcel.window).toEqual({ from: "2026-11-29", to: "2026-11-29", source: "carrier" });

    const failed = afterShipTrackingUpdate({
      trackingNumber: shipment.trackingNumber,
      checkpoints: [
        ...first.msg.checkpoints.map((c) => ({
          tag: c.tag,
          subtag: c.subtag,
          message: c.message,
          time: c.checkpoint_time,
          city: "Leipzig",
          countryName: "Germany",
        })),
        checkpoint("AttemptFail", "AttemptFail_001", "2026-11-24T14:00:00+01:00", "Recipient not at home"),
      ],
    });
    expect((await postWebhook("aftership", store.id, secret, failed)).status).toBe(202);
    const view = await readOrder(token);
    parcel = view.shipments[0]!;
    expect(parcel).toMatchObject({ status: "exception", exception: { kind: "attempt_failed" }, delayReason: "exception" });
    expect(parcel.latest).toMatchObject({ description: "Recipient not at home", location: "Leipzig, Germany" });
    expect(view.delayed).toBe(true);
    // The estimate in the second webhook was absent: the first one's stays.
    expect(parcel.window.from).toBe("2026-11-29");
  });

  it("refuses a wrong, missing or tampered signature", async () => {
    const { store, shipment } = await orderWithShipment();
    const payload = afterShipTrackingUpdate({
      trackingNumber: shipment.trackingNumber,
      checkpoints: [checkpoint("Delivered", "Delivered_001", "2026-11-23T12:00:00+01:00")],
    });
    const body = JSON.stringify(payload);
    const url = `${BASE}/v1/webhooks/aftership/${store.id}`;
    for (const init of [
      { headers: { "Content-Type": "application/json" } },
      { headers: await signedHeaders("aftership", "wrong", body) },
      {
        headers: await signedHeaders("aftership", store.webhookSecrets.aftership, body),
        body: body.replace("Delivered_001", "Delivered_002"),
      },
      { headers: { "Content-Type": "application/json", "aftership-hmac-sha256": "not base64!" } },
    ]) {
      const res = await SELF.fetch(url, { method: "POST", body, ...init });
      expect(res.status).toBe(401);
    }
  });

  it("lets only a newer report replace the carrier's estimate", async () => {
    const { store, token, shipment } = await orderWithShipment();
    const secret = store.webhookSecrets.aftership;
    const newer = afterShipTrackingUpdate({
      trackingNumber: shipment.trackingNumber,
      expectedDelivery: "2026-11-27",
      updatedAt: "2026-11-23T10:00:00Z",
      checkpoints: [],
    });
    const older = afterShipTrackingUpdate({
      trackingNumber: shipment.trackingNumber,
      expectedDelivery: "2026-11-30",
      updatedAt: "2026-11-22T10:00:00Z",
      checkpoints: [],
    });
    await postWebhook("aftership", store.id, secret, newer);
    await postWebhook("aftership", store.id, secret, older);
    expect((await readOrder(token)).shipments[0]!.window).toMatchObject({ from: "2026-11-27", source: "carrier" });
  });
});

describe("POST /v1/o/{token}/preferences", () => {
  const post = (token: string, body: unknown, origin = ORIGIN) =>
    SELF.fetch(`${BASE}/v1/o/${token}/preferences`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: origin },
      body: JSON.stringify(body),
    });

  it("stores the channel, uses the contact on file when none is given, and shows it masked", async () => {
    const { token, store, order } = await storeWithOrder();
    const res = await post(token, { channel: "email" });
    expect(res.status).toBe(200);
    const none = { email: false, sms: false };
    expect(await res.json()).toEqual({ channel: "email", contactHint: "s•••@example.com", marketing: none });
    expect((await readOrder(token)).updates).toEqual({ channel: "email", contactHint: "s•••@example.com" });

    expect(await (await post(token, { channel: "sms", contact: "+1 555 010 9999" })).json()).toEqual({
      channel: "sms",
      contactHint: "•••9999",
      marketing: none,
    });
    const row = await env.DB.prepare(`SELECT channel, contact, consent_at FROM order_preferences WHERE store_id = ? AND order_id = ?`)
      .bind(store.id, order.id)
      .first<{ channel: string; contact: string; consent_at: string }>();
    expect(row).toMatchObject({ channel: "sms", contact: "+1 555 010 9999" });

    expect(await (await post(token, { channel: "none" })).json()).toEqual({ channel: "none", marketing: none });
  });

  it("asks for a number when none is on file, and refuses other sites and bad values", async () => {
    const { token } = await storeWithOrder();
    const noPhone = await post(token, { channel: "sms" });
    expect(noPhone.status).toBe(422);
    expect((await errorOf(noPhone)).code).toBe("contact_required");
    expect((await post(token, { channel: "pigeon" })).status).toBe(422);
    expect((await post(token, { channel: "email", contact: "not-an-email" })).status).toBe(422);
    expect((await post(token, { channel: "email" }, "https://evil.example")).status).toBe(403);
  });
});

describe("POST /v1/lookup", () => {
  const lookup = (body: unknown, origin = ORIGIN) =>
    SELF.fetch(`${BASE}/v1/lookup`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: origin, "CF-Connecting-IP": `203.0.113.${Math.floor(Math.random() * 250)}` },
      body: JSON.stringify(body),
    });

  it("answers the token for the right number and email, in any case, with or without '#'", async () => {
    const { store, order, token } = await storeWithOrder();
    const res = await lookup({ storeId: store.id, orderNumber: `#${order.id}`, email: "SAM@example.com" });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(await res.json()).toEqual({ orderToken: token } satisfies LookupAnswer);
  });

  it("gives the same status, shape and headers whether the order is missing or the email is wrong", async () => {
    const { store, order } = await storeWithOrder();
    const wrongEmail = await lookup({ storeId: store.id, orderNumber: order.id, email: "someone@else.com" });
    const noOrder = await lookup({ storeId: store.id, orderNumber: "NO-SUCH-ORDER", email: "sam@example.com" });
    for (const res of [wrongEmail, noOrder]) {
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ orderToken: null });
    }
    const headerNames = (res: Response) => [...res.headers.keys()].sort();
    expect(headerNames(wrongEmail)).toEqual(headerNames(noOrder));
  });

  it("is rate limited per email across addresses, so a known email cannot be tried against every order number", async () => {
    const { store } = await storeWithOrder();
    // 10 a minute in fixed windows: the tries may straddle a window's end, so up to 20 can pass before
    // the first refusal, never more. Each try comes from another address (lookup() draws one).
    const statuses: number[] = [];
    for (let i = 0; i < 21 && statuses.at(-1) !== 429; i++) {
      statuses.push((await lookup({ storeId: store.id, orderNumber: `NW-${1000 + i}`, email: "known@example.com" })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("a flood of guesses at one order number does not lock out the shopper with the right email", async () => {
    const { store, order, token } = await storeWithOrder();
    // Thirty guesses at once (each answer takes 250 ms at least), from addresses lookup() draws.
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => lookup({ storeId: store.id, orderNumber: order.id, email: `guess${i}@example.com` })),
    );
    expect(guesses.map((res) => res.status).every((s) => s === 200)).toBe(true);
    const owner = await lookup({ storeId: store.id, orderNumber: order.id, email: "sam@example.com" });
    expect(owner.status).toBe(200);
    expect(await owner.json()).toEqual({ orderToken: token });
  });

  it("validates the body", async () => {
    expect((await lookup({ storeId: "x" })).status).toBe(422);
  });
});
