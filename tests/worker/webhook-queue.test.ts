/**
 * Carrier and platform webhooks through the webhooks queue (issue 23, item 2). End to end first: a
 * signed EasyPost, AfterShip and Shopify webhook through the real local queue (wrangler.toml) and the
 * worker's own consumer into D1. Then the consumer given batches as the queue would deliver them
 * (createMessageBatch), against real local D1: exactly once across a redelivered batch and a vendor's
 * resend, reports out of order, a batch failing in D1 half-way and retried, poison messages kept as
 * dead letters; the route's 503 when the queue refuses, and a body too large for a queue message
 * recorded in the request.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DeadLettersAnswer } from "../../contract/admin.ts";
import type { OrderView } from "../../contract/order-view.ts";
import { afterShipTrackingUpdate, easyPostTrackerEvent, signedHeaders, type EasyPostScan } from "../../scripts/lib/carrier-payloads.ts";
import worker, { app } from "../../worker/index.ts";
import type { CarrierWebhookMessage } from "../../worker/schemas/webhook-message.ts";
import { DEAD_LETTER_QUEUE } from "../../worker/services/event-queue.ts";
import { MAX_QUEUED_MESSAGE_BYTES, WEBHOOKS_QUEUE } from "../../worker/services/webhook-queue.ts";
import { postCarrierWebhook } from "./carrier-webhooks.ts";
import { BASE, errorOf, ORIGIN, storeWithOrder, uniqueId } from "./fixtures.ts";
import jpy from "./fixtures/platforms/shopify/orders-create-jpy-presentment.json";
import { connectedStore, hmacBase64, rows, SHOP } from "./platforms.ts";
import { deliverBatch, heldQueue } from "./queue-driver.ts";

const trackingNumber = () =>
  `1Z${uniqueId("")
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()}`;

const scan = (status: string, statusDetail: string, datetime: string): EasyPostScan => ({
  status,
  statusDetail,
  datetime,
  message: `${status} ${statusDetail}`,
  city: "LOUISVILLE",
  state: "KY",
  country: "US",
});

const merchant = (apiKey: string, path: string, body: unknown) =>
  SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });

/** An order with one parcel per tracking number given. */
async function orderWithParcels(count = 1) {
  const setup = await storeWithOrder();
  const numbers = Array.from({ length: count }, trackingNumber);
  for (const [i, number] of numbers.entries()) {
    const res = await merchant(setup.store.apiKey, `/v1/orders/${setup.order.id}/shipments`, {
      id: `${setup.order.id}-${i + 1}`,
      carrier: "UPS",
      trackingNumber: number,
      lines: [{ sku: "TRAIL-1", quantity: 1 }],
    });
    expect(res.status).toBe(201);
  }
  return { ...setup, numbers };
}

const readOrder = async (token: string) => {
  const res = await SELF.fetch(`${BASE}/v1/o/${token}`, { headers: { Origin: ORIGIN } });
  expect(res.status).toBe(200);
  return (await res.json()) as OrderView;
};

/** A carrier webhook's queue message, as the route enqueues it. */
const carrierMessage = (
  storeId: string,
  vendor: "easypost" | "aftership",
  payload: unknown,
  receivedAt = new Date(),
): CarrierWebhookMessage => ({
  v: 1,
  kind: "carrier",
  storeId,
  vendor,
  receivedAt: receivedAt.toISOString(),
  body: JSON.stringify(payload),
});

const count = async (table: string, storeId: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE store_id = ?`).bind(storeId).first<{ n: number }>())!.n;

async function deadLetters(apiKey: string): Promise<DeadLettersAnswer> {
  const res = await SELF.fetch(`${BASE}/v1/admin/dead-letters`, { headers: { Authorization: `Bearer ${apiKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as DeadLettersAnswer;
}

/** Polls D1 until `check` holds (the real queue's consumer runs within its batch wait, a second), or fails. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe("carrier and platform webhooks through the real local queue", () => {
  it("answers a signed EasyPost and AfterShip webhook 202, and the consumer records the parcel's scans once, a vendor's resend included", async () => {
    const { store, token, numbers } = await orderWithParcels(2);
    const [first, second] = numbers as [string, string];
    const scans = [scan("in_transit", "arrived_at_facility", ago(30)), scan("delivered", "arrived_at_destination", ago(2))];
    const easyPost = easyPostTrackerEvent({ trackingCode: first, scans });
    const afterShip = afterShipTrackingUpdate({
      trackingNumber: second,
      checkpoints: [
        { tag: "InTransit", subtag: "InTransit_001", message: "Departed", time: ago(20), city: "Leipzig", countryName: "Germany" },
      ],
    });
    const post = async (vendor: "easypost" | "aftership", secret: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      return SELF.fetch(`${BASE}/v1/webhooks/${vendor}/${store.id}`, {
        method: "POST",
        headers: await signedHeaders(vendor, secret, body),
        body,
      });
    };
    for (const [vendor, payload] of [
      ["easypost", easyPost],
      ["aftership", afterShip],
      // The vendor sends the same delivery again (it never saw our answer).
      ["easypost", easyPost],
    ] as const) {
      const res = await post(vendor, store.webhookSecrets[vendor], payload);
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ received: true, queued: true });
    }
    // A later delivery for the first parcel, sent after the resend: once it is in, so is everything before it.
    const later = easyPostTrackerEvent({ trackingCode: first, scans, updatedAt: ago(1) });
    expect((await post("easypost", store.webhookSecrets.easypost, later)).status).toBe(202);
    await eventually(async () => (await count("webhook_deliveries", store.id)) === 3, "three deliveries stored");

    expect(await count("carrier_events", store.id)).toBe(3);
    const view = await readOrder(token);
    expect(view.shipments.find((s) => s.carrier.trackingNumber === first)!.status).toBe("delivered");
    expect(view.shipments.find((s) => s.carrier.trackingNumber === second)!.status).toBe("in_transit");
    expect((await deadLetters(store.apiKey)).total).toBe(0);
  });

  it("answers a Shopify order 202, and the consumer stores and processes it as before", async () => {
    const store = await connectedStore();
    const body = JSON.stringify(jpy);
    const res = await SELF.fetch(`${BASE}/v1/platforms/shopify/${store.id}`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Hmac-Sha256": await hmacBase64(store.shopifySecret, body),
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Webhook-Id": "wh-real-queue",
      },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ received: true, queued: true, topic: "orders/create" });
    await eventually(
      async () => (await rows(`SELECT 1 FROM platform_deliveries WHERE store_id = ? AND status = 'done'`, store.id)).length === 1,
      "the delivery processed",
    );
    expect(await rows(`SELECT number FROM orders WHERE store_id = ?`, store.id)).toEqual([{ number: "#2204" }]);
  });
});

describe("the webhooks queue's consumer", () => {
  it("records a batch once, and a redelivered batch (the same messages again) writes nothing twice", async () => {
    const { store, token, numbers } = await orderWithParcels(2);
    const easyPost = easyPostTrackerEvent({
      trackingCode: numbers[0]!,
      scans: [scan("pre_transit", "label_created", ago(40)), scan("out_for_delivery", "out_for_delivery", ago(3))],
      estDeliveryDate: `${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`,
    });
    const afterShip = afterShipTrackingUpdate({
      trackingNumber: numbers[1]!,
      checkpoints: [{ tag: "Delivered", subtag: "Delivered_001", message: "Delivered", time: ago(1) }],
    });
    const bodies = [
      carrierMessage(store.id, "easypost", easyPost),
      carrierMessage(store.id, "aftership", afterShip),
      // The vendor's resend, in the same batch: another message, the same delivery.
      carrierMessage(store.id, "easypost", easyPost),
    ];
    const ids = ["m-1", "m-2", "m-3"];
    expect(await deliverBatch(bodies, { ids })).toMatchObject({ acked: 3, retried: 0 });
    const state = async () => ({
      deliveries: await count("webhook_deliveries", store.id),
      events: await count("carrier_events", store.id),
      estimates: await count("carrier_estimates", store.id),
      version: (await env.DB.prepare(`SELECT view_version FROM orders WHERE store_id = ?`)
        .bind(store.id)
        .first<{ view_version: number }>())!.view_version,
    });
    const once = await state();
    expect(once).toMatchObject({ deliveries: 2, events: 3, estimates: 1 });
    const parcels = (await readOrder(token)).shipments;
    expect(parcels.map((p) => p.status).sort()).toEqual(["delivered", "out_for_delivery"]);

    expect(await deliverBatch(bodies, { ids, attempts: 2 })).toMatchObject({ acked: 3, retried: 0 });
    // Nothing written again, the parcels' views included.
    expect(await state()).toEqual(once);
  });

  it("never moves a parcel back for reports out of order, within a batch or across batches, and applies a batch's reports in their order", async () => {
    const { store, token, numbers } = await orderWithParcels(1);
    const number = numbers[0]!;
    // One instant for the scan both reports carry: two ago(30) calls a millisecond apart would be two
    // different scans (the flake of a clean-clone CI run on 2026-12-06: in_transit twice in the history).
    const arrived = ago(30);
    const early = easyPostTrackerEvent({
      trackingCode: number,
      scans: [scan("in_transit", "arrived_at_facility", arrived)],
      updatedAt: ago(29),
    });
    const late = easyPostTrackerEvent({
      trackingCode: number,
      scans: [scan("in_transit", "arrived_at_facility", arrived), scan("delivered", "arrived_at_destination", ago(2))],
      updatedAt: ago(1),
    });
    // The late report first, the early one after it, in one batch: the parcel stays delivered.
    expect(await deliverBatch([carrierMessage(store.id, "easypost", late), carrierMessage(store.id, "easypost", early)])).toMatchObject({
      acked: 2,
    });
    expect((await readOrder(token)).shipments[0]!.status).toBe("delivered");
    // And an older report arriving in a later batch changes nothing either.
    const older = easyPostTrackerEvent({
      trackingCode: number,
      scans: [scan("pre_transit", "label_created", ago(50))],
      updatedAt: ago(49),
    });
    expect(await deliverBatch([carrierMessage(store.id, "easypost", older)])).toMatchObject({ acked: 1 });
    const parcel = (await readOrder(token)).shipments[0]!;
    expect(parcel.status).toBe("delivered");
    expect(parcel.history.map((h) => h.status)).toEqual(["delivered", "in_transit", "packed"]);

    // Two deliveries reporting the same scan, differing only where the scan's identity does not look:
    // the first in the batch is the one kept, as when they arrived one after the other.
    const again = trackingNumber();
    const shared = scan("in_transit", "departed_facility", ago(10));
    const one = easyPostTrackerEvent({ trackingCode: again, scans: [shared] });
    const two = easyPostTrackerEvent({ trackingCode: again, scans: [shared] });
    two.result.tracking_details[0]!.carrier_code = "second";
    expect(await deliverBatch([carrierMessage(store.id, "easypost", one), carrierMessage(store.id, "easypost", two)])).toMatchObject({
      acked: 2,
    });
    const kept = await rows<{ raw: string }>(`SELECT raw FROM carrier_events WHERE store_id = ? AND tracking_number = ?`, store.id, again);
    expect(kept.map((r) => JSON.parse(r.raw).carrier_code)).toEqual([""]);
  });

  it("retries a batch D1 fails half-way without keeping any of it, then writes a retried report alone, so one that keeps failing holds back no other", async () => {
    const { store, numbers } = await orderWithParcels(3);
    const [a, b, c] = numbers as [string, string, string];
    const report = (number: string) =>
      carrierMessage(
        store.id,
        "easypost",
        easyPostTrackerEvent({ trackingCode: number, scans: [scan("in_transit", "arrived_at_facility", ago(5))] }),
      );
    const bodies = [report(a), report(b), report(c)];
    const ids = ["mid-a", "mid-b", "mid-c"];
    // A real mid-transaction failure: D1 aborts at the second report's scan, after the first's was written.
    await env.DB.exec(
      `CREATE TRIGGER fail_webhook_mid_batch BEFORE INSERT ON carrier_events WHEN NEW.tracking_number = '${b}' BEGIN SELECT RAISE(ABORT, 'injected mid-batch failure'); END`,
    );
    try {
      expect(await deliverBatch(bodies, { ids })).toMatchObject({ acked: 0, retried: 3 });
      expect(await count("webhook_deliveries", store.id)).toBe(0);
      expect(await count("carrier_events", store.id)).toBe(0);
      // Redelivered (second attempt): each report on its own; the failing one alone is retried again.
      expect(await deliverBatch(bodies, { ids, attempts: 2 })).toMatchObject({ acked: 2, retried: 1, retriedIds: ["mid-b"] });
      expect(await count("carrier_events", store.id)).toBe(2);
    } finally {
      await env.DB.exec(`DROP TRIGGER fail_webhook_mid_batch`);
    }
    // Once D1 takes it, it is written; a further redelivery of all three writes nothing twice.
    expect(await deliverBatch([bodies[1]], { ids: ["mid-b"], attempts: 3 })).toMatchObject({ acked: 1 });
    expect(await deliverBatch(bodies, { ids, attempts: 4 })).toMatchObject({ acked: 3 });
    expect(await count("webhook_deliveries", store.id)).toBe(3);
    expect(await count("carrier_events", store.id)).toBe(3);
  });

  it("retries everything when D1 refuses the write, and writes each report once when redelivered", async () => {
    const { store, numbers } = await orderWithParcels(2);
    const bodies = numbers.map((n) =>
      carrierMessage(
        store.id,
        "aftership",
        afterShipTrackingUpdate({
          trackingNumber: n,
          checkpoints: [{ tag: "InTransit", subtag: "InTransit_001", message: "Departed", time: ago(4) }],
        }),
      ),
    );
    expect(await deliverBatch(bodies, { vars: { DOORSTEP_FAULTS: "before=1" } })).toMatchObject({ acked: 0, retried: 2 });
    expect(await count("carrier_events", store.id)).toBe(0);
    expect(await deliverBatch(bodies, { attempts: 2 })).toMatchObject({ acked: 2 });
    expect(await count("carrier_events", store.id)).toBe(2);
  });

  it("writes up to 100 messages of several stores in one delivery, a store's group at a time", async () => {
    const stores = [await orderWithParcels(1), await orderWithParcels(1)];
    const bodies = Array.from({ length: 100 }, (_, i) => {
      const { store, numbers } = stores[i % 2]!;
      return carrierMessage(
        store.id,
        "easypost",
        easyPostTrackerEvent({ trackingCode: numbers[0]!, scans: [scan("in_transit", "arrived_at_facility", ago(60 - i / 10))] }),
      );
    });
    expect(await deliverBatch(bodies)).toMatchObject({ acked: 100, retried: 0 });
    for (const { store } of stores) {
      expect(await count("webhook_deliveries", store.id)).toBe(50);
      expect(await count("carrier_events", store.id)).toBe(50);
    }
  });

  it("keeps poison messages as dead letters at once (acked, never retried), writes the good ones, and shows them to the merchant", async () => {
    const { store, numbers } = await orderWithParcels(1);
    const good = carrierMessage(
      store.id,
      "easypost",
      easyPostTrackerEvent({ trackingCode: numbers[0]!, scans: [scan("in_transit", "arrived_at_facility", ago(5))] }),
    );
    const notAMessage = { ...good, vendor: "fedex" };
    const notAnEvent = carrierMessage(store.id, "easypost", { hello: "world" });
    const noStore = carrierMessage("no-such-store", "easypost", JSON.parse(good.body));
    expect(await deliverBatch([notAMessage, good, notAnEvent, noStore])).toMatchObject({ acked: 4, retried: 0 });
    expect(await count("carrier_events", store.id)).toBe(1);

    const seen = await deadLetters(store.apiKey);
    expect(seen.total).toBe(2);
    expect(seen.deadLetters.map((d) => [d.reason, d.queue]).sort()).toEqual([
      ["cannot_apply", WEBHOOKS_QUEUE],
      ["invalid_message", WEBHOOKS_QUEUE],
    ]);
    expect(seen.deadLetters.find((d) => d.reason === "invalid_message")).toMatchObject({
      detail: expect.stringMatching(/^vendor: /),
      body: JSON.stringify(notAMessage),
    });
    expect(seen.deadLetters.find((d) => d.reason === "cannot_apply")).toMatchObject({ body: JSON.stringify(notAnEvent) });
    // The one for a store that is gone is kept too, under that store's id.
    expect(await rows(`SELECT reason, detail FROM dead_letters WHERE store_id = 'no-such-store'`)).toEqual([
      { reason: "cannot_apply", detail: 'There is no store "no-such-store" any more.' },
    ]);
  });

  it("keeps what the queue gave up on (the dead-letter queue), saying it was a carrier webhook, and never applies it", async () => {
    const { store, numbers } = await orderWithParcels(1);
    const body = carrierMessage(
      store.id,
      "easypost",
      easyPostTrackerEvent({ trackingCode: numbers[0]!, scans: [scan("delivered", "arrived_at_destination", ago(1))] }),
    );
    const batch = createMessageBatch(DEAD_LETTER_QUEUE, [{ id: uniqueId("dlq"), timestamp: new Date(), attempts: 1, body }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(1);
    expect((await deadLetters(store.apiKey)).deadLetters).toEqual([
      expect.objectContaining({
        queue: DEAD_LETTER_QUEUE,
        reason: "retries_exhausted",
        detail: expect.stringMatching(/carrier webhook/),
        body: JSON.stringify(body),
      }),
    ]);
    expect(await count("carrier_events", store.id)).toBe(0);
  });
});

describe("the carrier webhook routes and the queue", () => {
  const signed = async (secret: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    return { method: "POST", headers: await signedHeaders("easypost", secret, body), body };
  };

  it("answers 503 with Retry-After when the queue refuses the message, storing nothing; the vendor's retry is taken", async () => {
    const { store, numbers } = await orderWithParcels(1);
    const payload = easyPostTrackerEvent({ trackingCode: numbers[0]!, scans: [scan("in_transit", "arrived_at_facility", ago(5))] });
    // Queues is Cloudflare's, not ours: a binding whose send fails as the real one does when it cannot take a message.
    const refusing = { send: () => Promise.reject(new Error("Queue send failed: internal error")) } as unknown as Queue;
    const res = await app.request(`${BASE}/v1/webhooks/easypost/${store.id}`, await signed(store.webhookSecrets.easypost, payload), {
      ...env,
      WEBHOOKS_QUEUE: refusing,
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBeTruthy();
    expect((await errorOf(res)).code).toBe("storage_unavailable");
    expect(await count("webhook_deliveries", store.id)).toBe(0);
    const retry = await postCarrierWebhook("easypost", store.id, store.webhookSecrets.easypost, payload);
    expect(retry.status).toBe(202);
    expect(retry.applied).toEqual({ replay: false, newUpdates: 1 });
  });

  it("records a body too large for a queue message in the request and answers 200, as before the queue", async () => {
    const { store, token, numbers } = await orderWithParcels(1);
    // A tracker with a very long history: past a queue message (128 KB), within the 512 KB limit.
    const scans = Array.from({ length: 400 }, (_, i) => ({
      ...scan("in_transit", "arrived_at_facility", ago(400 - i)),
      message: `Arrived at facility ${i} ${"·".repeat(200)}`,
    }));
    const payload = easyPostTrackerEvent({
      trackingCode: numbers[0]!,
      scans: [...scans, scan("delivered", "arrived_at_destination", ago(0.5))],
    });
    expect(JSON.stringify(payload).length).toBeGreaterThan(MAX_QUEUED_MESSAGE_BYTES);
    const res = await postCarrierWebhook("easypost", store.id, store.webhookSecrets.easypost, payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, replay: false, newUpdates: 401 });
    expect(res.queued).toBe(0);
    expect((await readOrder(token)).shipments[0]!.status).toBe("delivered");
    const again = await postCarrierWebhook("easypost", store.id, store.webhookSecrets.easypost, payload);
    expect(await again.json()).toEqual({ received: true, replay: true, newUpdates: 0 });
    expect(await count("carrier_events", store.id)).toBe(401);
  });

  it("answers an event about another object 200 without enqueueing anything", async () => {
    const { store } = await storeWithOrder();
    const queue = heldQueue();
    const payload = { ...easyPostTrackerEvent({ trackingCode: "EZ1000000001", scans: [] }), description: "batch.updated" };
    const res = await app.request(`${BASE}/v1/webhooks/easypost/${store.id}`, await signed(store.webhookSecrets.easypost, payload), {
      ...env,
      WEBHOOKS_QUEUE: queue,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, ignored: true });
    expect(queue.sent).toEqual([]);
  });
});
