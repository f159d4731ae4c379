/**
 * A customer's right to be forgotten, against real D1: after DELETE /v1/admin/customers/{id} nothing
 * that identifies or describes them is left (contacts, their words, carrier and webhook payloads about
 * their orders), nothing more is sent to them, and the store's anonymous figures are unchanged.
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { afterShipTrackingUpdate, easyPostTrackerEvent } from "../../scripts/lib/carrier-payloads.ts";
import { deliverDue } from "../../worker/services/outbound-delivery.ts";
import { randomToken } from "../../worker/crypto/random.ts";
import { sealJson } from "../../worker/crypto/secret-box.ts";
import { emitDueMoments } from "../../worker/services/lifecycle-moments.ts";
import { OUTBOUND_EVENT_TYPES } from "../../worker/schemas/feedback.ts";
import { addEndpointStatement } from "../../worker/storage/outbound.ts";
import { eraseCustomerStatements, retentionStatements } from "../../worker/storage/erasure.ts";
import { runBatch, toSqlScript } from "../../worker/storage/statement.ts";
import { postCarrierWebhook } from "./carrier-webhooks.ts";
import { BASE, createStore, errorOf, ORIGIN, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

const asShopper = (token: string, path: string, body: unknown) =>
  SELF.fetch(`${BASE}/v1/o/${token}/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
    body: JSON.stringify(body),
  });

/** A customer with an order, a parcel, a preference, a survey with a call-back, and a review, all in their own words. */
async function customerWithHistory(store: Awaited<ReturnType<typeof createStore>>, customerId: string, name: string, phone: string) {
  const order = sampleOrder({
    id: uniqueId("o"),
    placedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    customer: { id: customerId, email: `${customerId}@example.com`, phone: "+1 555 0100" },
  });
  const { orderToken } = (await (await postOrder(store.apiKey, order)).json()) as { orderToken: string };
  const merchant = (path: string, body: unknown) =>
    SELF.fetch(`${BASE}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${store.apiKey}` },
      body: JSON.stringify(body),
    });
  await merchant(`/v1/orders/${order.id}/shipments`, {
    id: `${order.id}-1`,
    carrier: "UPS",
    trackingNumber: `1Z${Date.now()}${customerId.length}`,
    lines: [{ sku: "TRAIL-1", quantity: 1 }],
  });
  await merchant(`/v1/shipments/${order.id}-1/events`, {
    id: "d",
    status: "delivered",
    occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
    location: `${name}'s house, Denver`,
  });
  expect((await asShopper(orderToken, "preferences", { channel: "sms", contact: phone })).status).toBe(200);
  expect(
    (
      await asShopper(orderToken, "survey", {
        rating: 1,
        standout: { choice: "support", text: `Nobody answered, call me ${name}` },
        wants: "none",
        comment: `${name} lives at 12 Elm St`,
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await asShopper(orderToken, "survey", {
        rating: 1,
        standout: { choice: "support", text: `Nobody answered, call me ${name}` },
        wants: "none",
        callback: { phone, preferredTime: `after 5, ask for ${name}` },
      })
    ).status,
  ).toBe(200);
  expect(
    (await asShopper(orderToken, "reviews", [{ sku: "TRAIL-1", rating: 2, title: `${name}'s review`, body: `Bought for ${name}'s son` }]))
      .status,
  ).toBe(200);
  return order;
}

describe("DELETE /v1/admin/customers/{customerId}", () => {
  it("erases the customer's personal data everywhere and keeps the anonymous figures", async () => {
    const store = await createStore();
    await runBatch(env.DB, [
      addEndpointStatement(
        store.id,
        {
          id: `we_${randomToken(6)}`,
          url: "https://hooks.example/x",
          secretSealed: await sealJson(env.DOORSTEP_SECRET_KEY, { secret: "s" }),
          events: [...OUTBOUND_EVENT_TYPES],
        },
        new Date().toISOString(),
      ),
    ]);
    const erased = await customerWithHistory(store, "sam", "Sam", "+1 720 555 0199");
    const kept = await customerWithHistory(store, "alex", "Alex", "+1 720 555 0188");
    const metrics = async () =>
      (await (
        await SELF.fetch(
          `${BASE}/v1/admin/metrics?from=${new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}`,
          { headers: { Authorization: `Bearer ${store.apiKey}` } },
        )
      ).json()) as Record<string, unknown>;
    const before = await metrics();

    const res = await SELF.fetch(`${BASE}/v1/admin/customers/sam`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${store.apiKey}` },
    });
    expect(res.status).toBe(200);

    const one = (text: string, ...params: unknown[]) =>
      env.DB.prepare(text)
        .bind(...params)
        .first<Record<string, unknown>>();
    expect(
      await one(`SELECT email, phone, erased_at IS NOT NULL AS erased FROM customers WHERE store_id = ? AND id = 'sam'`, store.id),
    ).toEqual({ email: null, phone: null, erased: 1 });
    expect(await one(`SELECT channel, contact FROM order_preferences WHERE store_id = ? AND order_id = ?`, store.id, erased.id)).toEqual({
      channel: "none",
      contact: null,
    });
    expect(
      await one(
        `SELECT rating, standout_choice, standout_text, comment, callback_phone, callback_time FROM survey_responses WHERE store_id = ? AND order_id = ?`,
        store.id,
        erased.id,
      ),
    ).toEqual({
      rating: 1,
      standout_choice: "support",
      standout_text: null,
      comment: null,
      callback_phone: null,
      callback_time: null,
    });
    expect(await one(`SELECT rating, title, body FROM reviews WHERE store_id = ? AND order_id = ?`, store.id, erased.id)).toEqual({
      rating: 2,
      title: null,
      body: null,
    });
    const everything = JSON.stringify(
      await env.DB.prepare(
        `SELECT (SELECT json_group_array(raw || coalesce(location, '')) FROM carrier_events WHERE store_id = ?1) AS carrier,
              (SELECT json_group_array(payload) FROM outbound_events WHERE store_id = ?1) AS outbound`,
      )
        .bind(store.id)
        .first(),
    );
    for (const trace of ["sam@example.com", "call me Sam", "ask for Sam", "Sam lives", "Sam's", "+1 720 555 0199"])
      expect(everything, trace).not.toContain(trace);
    // Alex's data, in the same store, is untouched.
    for (const trace of ["call me Alex", "Alex's house", "+1 720 555 0188"]) expect(everything, trace).toContain(trace);
    expect(await one(`SELECT email FROM customers WHERE store_id = ? AND id = 'alex'`, store.id)).toEqual({ email: "alex@example.com" });
    expect(
      await one(
        `SELECT count(*) AS n FROM outbound_deliveries WHERE store_id = ? AND next_attempt_at IS NOT NULL AND event_id IN (SELECT id FROM outbound_events WHERE store_id = ? AND json_extract(payload, '$.erased') IS NOT NULL)`,
        store.id,
        store.id,
      ),
    ).toEqual({ n: 0 });
    // Nothing more goes to Sam; the figures are what they were.
    await emitDueMoments(env, { storeId: store.id, now: new Date(Date.now() + 60 * 86_400_000) });
    const sent = await env.DB.prepare(
      `SELECT count(*) AS n FROM lifecycle_moments WHERE store_id = ? AND order_id = ? AND status = 'sent' AND decided_at > ?`,
    )
      .bind(store.id, erased.id, new Date(Date.now() - 1000).toISOString())
      .first<{ n: number }>();
    expect(sent!.n).toBe(0);
    const after = await metrics();
    expect(after.orders).toEqual(before.orders);
    expect(after.survey).toEqual(before.survey);
    expect((after.reviews as { count: number }).count).toBe((before.reviews as { count: number }).count);
    void kept;
  });

  it("is idempotent, knows only its own store's customers, and the CLI runs the same statements", async () => {
    const store = await createStore();
    const other = await createStore();
    await customerWithHistory(store, "kim", "Kim", "+1 720 555 0177");
    const erase = (key: string, id: string) =>
      SELF.fetch(`${BASE}/v1/admin/customers/${id}`, { method: "DELETE", headers: { Authorization: `Bearer ${key}` } });
    const wrongStore = await erase(other.apiKey, "kim");
    expect(wrongStore.status).toBe(404);
    expect((await errorOf(wrongStore)).code).toBe("customer_not_found");
    expect((await erase(store.apiKey, "kim")).status).toBe(200);
    expect((await erase(store.apiKey, "kim")).status).toBe(200);
    expect((await SELF.fetch(`${BASE}/v1/admin/customers/kim`, { method: "DELETE" })).status).toBe(401);
    // The operator CLI sends the same statements through `wrangler d1 execute`, parameters inlined.
    expect(() => toSqlScript(eraseCustomerStatements(store.id, "kim", new Date().toISOString()))).not.toThrow();
  });
});

/** Where a person's data can arrive, each field holding its own marker (`<who>-<field>`), and phones. */
function markers(who: string, phones: [string, string]) {
  const m = (field: string) => `${who}${field}`;
  return {
    email: `${m("mail")}@example.com`,
    phone: phones[0],
    contact: `${m("updates")}@example.com`,
    merchantLocation: `14 ${m("lane")}, Denver`,
    merchantDescription: `Left with ${m("neighbour")} at the door`,
    scanMessage: `Delivered, signed for by ${m("scansigner")}`,
    scanCity: m("ville"),
    scanZip: m("zip"),
    signedBy: m("signedby"),
    pendingMessage: `Out for delivery to ${m("recipient")}`,
    pendingCity: m("burg"),
    pendingSignedBy: m("assigner"),
    customerName: m("customername"),
    standout: `Nobody answered ${m("standout")}`,
    comment: `${m("comment")} lives at 12 Elm St`,
    callbackPhone: phones[1],
    callbackTime: `after 5, ask for ${m("evening")}`,
    reviewTitle: m("title"),
    reviewBody: `Bought for ${m("body")}'s son`,
  };
}

const trackingNumber = () =>
  `1Z${uniqueId("")
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()}`;

async function postCarrier(vendor: "easypost" | "aftership", storeId: string, secret: string, payload: unknown) {
  // Applied by the webhooks queue's consumer before this returns (carrier-webhooks.ts).
  const res = await postCarrierWebhook(vendor, storeId, secret, payload);
  expect(res.status).toBe(202);
}

const easyPostDelivered = (
  trackingCode: string,
  mark: ReturnType<typeof markers>,
  at: string,
  extra: { message: string; at: string }[] = [],
) => {
  const event = easyPostTrackerEvent({
    trackingCode,
    scans: [
      {
        status: "in_transit",
        statusDetail: "arrived_at_facility",
        message: "Arrived at facility",
        datetime: new Date(Date.parse(at) - 86_400_000).toISOString(),
        city: "DENVER",
        state: "CO",
        country: "US",
      },
      {
        status: "delivered",
        statusDetail: "arrived_at_destination",
        message: mark.scanMessage,
        datetime: at,
        city: mark.scanCity,
        state: "CO",
        country: "US",
        zip: mark.scanZip,
      },
      ...extra.map((e) => ({
        status: "return_to_sender",
        statusDetail: "return",
        message: e.message,
        datetime: e.at,
        city: "DENVER",
        state: "CO",
        country: "US",
      })),
    ],
  });
  event.result.signed_by = mark.signedBy;
  return event;
};

const afterShipOutForDelivery = (trackingNumber: string, mark: ReturnType<typeof markers>, message: string) => {
  const update = afterShipTrackingUpdate({
    trackingNumber,
    checkpoints: [
      {
        tag: "OutForDelivery",
        subtag: "OutForDelivery_001",
        message,
        time: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        city: mark.pendingCity,
        countryName: "Germany",
      },
    ],
  });
  Object.assign(update.msg, {
    signed_by: mark.pendingSignedBy,
    customer_name: mark.customerName,
    emails: [mark.email],
    smses: [mark.phone],
  });
  return update;
};

/**
 * One customer whose data arrives everywhere it can: the order's contacts, an update preference, the
 * merchant's own scan, an EasyPost tracker with its signer, an AfterShip tracking that waited for its
 * parcel, a survey with a call-back, a review, lifecycle moments and survey webhooks queued and tried.
 */
async function customerEverywhere(store: Awaited<ReturnType<typeof createStore>>, customerId: string, mark: ReturnType<typeof markers>) {
  const day = 86_400_000;
  const order = sampleOrder({
    id: uniqueId("o"),
    placedAt: new Date(Date.now() - 4 * day).toISOString(),
    customer: { id: customerId, email: mark.email, phone: mark.phone },
  });
  const posted = await postOrder(store.apiKey, order);
  expect(posted.status).toBe(201);
  const { orderToken } = (await posted.json()) as { orderToken: string };
  const merchant = async (path: string, body: unknown) => {
    const res = await SELF.fetch(`${BASE}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${store.apiKey}` },
      body: JSON.stringify(body),
    });
    expect(res.status, path).toBeLessThan(300);
  };
  const [first, second] = [trackingNumber(), trackingNumber()];
  // The AfterShip tracking reports the second parcel before the merchant registers it: it waits.
  await postCarrier("aftership", store.id, store.webhookSecrets.aftership, afterShipOutForDelivery(second, mark, mark.pendingMessage));
  await merchant(`/v1/orders/${order.id}/shipments`, {
    id: `${order.id}-1`,
    carrier: "UPS",
    trackingNumber: first,
    lines: [{ sku: "TRAIL-1", quantity: 1 }],
  });
  await merchant(`/v1/orders/${order.id}/shipments`, {
    id: `${order.id}-2`,
    carrier: "DHL",
    trackingNumber: second,
    lines: [{ sku: "SOCK-3", quantity: 1 }],
  });
  await merchant(`/v1/shipments/${order.id}-1/events`, {
    id: "m1",
    status: "out_for_delivery",
    occurredAt: new Date(Date.now() - 2 * day).toISOString(),
    location: mark.merchantLocation,
    description: mark.merchantDescription,
  });
  await postCarrier(
    "easypost",
    store.id,
    store.webhookSecrets.easypost,
    easyPostDelivered(first, mark, new Date(Date.now() - day).toISOString()),
  );
  expect((await asShopper(orderToken, "preferences", { channel: "email", contact: mark.contact })).status).toBe(200);
  const survey = {
    rating: 1,
    standout: { choice: "support", text: mark.standout },
    wants: "none",
    comment: mark.comment,
    callback: { phone: mark.callbackPhone, preferredTime: mark.callbackTime },
  };
  expect((await asShopper(orderToken, "survey", survey)).status).toBe(200);
  expect(
    (await asShopper(orderToken, "reviews", [{ sku: "TRAIL-1", rating: 2, title: mark.reviewTitle, body: mark.reviewBody }])).status,
  ).toBe(200);
  return { order, orderToken, parcels: { first, second } };
}

/** Every row of every table in the database, as text per table. */
async function dumpEveryTable(): Promise<{ table: string; text: string }[]> {
  const { results } = await env.DB.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all<{ name: string }>();
  const dumps = [];
  for (const { name } of results) {
    // D1's own bookkeeping tables are not readable from a worker; they hold no rows of ours.
    if (name.startsWith("_cf_")) continue;
    const rows = await env.DB.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
    dumps.push({ table: name, text: JSON.stringify(rows.results).toLowerCase() });
  }
  return dumps;
}

describe("erasure covers every place a person's data arrives", () => {
  it("leaves none of the customer's markers in any table, what carriers sent included, nor in the views", async () => {
    const day = 86_400_000;
    const store = await createStore();
    await runBatch(env.DB, [
      addEndpointStatement(
        store.id,
        {
          id: `we_${randomToken(6)}`,
          url: "https://hooks.example/all",
          secretSealed: await sealJson(env.DOORSTEP_SECRET_KEY, { secret: "s" }),
          events: [...OUTBOUND_EVENT_TYPES],
        },
        new Date().toISOString(),
      ),
    ]);
    const gone = markers("quixby", ["+1 720 555 0142", "+1 720 555 0144"]);
    const kept = markers("keepworth", ["+1 720 555 0188", "+1 720 555 0189"]);
    const erased = await customerEverywhere(store, "cust-e", gone);
    await customerEverywhere(store, "cust-k", kept);
    // Lifecycle moments come due (their payloads carry contacts); some deliveries are tried and fail.
    const later = new Date(Date.now() + 30 * day);
    await emitDueMoments(env, { storeId: store.id, now: later });
    await deliverDue(env, { storeId: store.id, now: later, limit: 5, send: async () => new Response("no", { status: 500 }) });

    const res = await SELF.fetch(`${BASE}/v1/admin/customers/cust-e`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${store.apiKey}` },
    });
    expect(res.status).toBe(200);

    // What arrives afterwards about the same person is kept out too.
    const late = {
      scan: "returned, signed for by quixbylatescan",
      parcel: "to quixbylaterparcel",
      merchant: "quixbylatemerchant",
      email: "quixbyagain@example.com",
    };
    await postCarrier(
      "easypost",
      store.id,
      store.webhookSecrets.easypost,
      easyPostDelivered(erased.parcels.first, gone, new Date(Date.now() - day).toISOString(), [
        { message: late.scan, at: new Date(Date.now() - 3_600_000).toISOString() },
      ]),
    );
    const third = trackingNumber();
    await postCarrier("aftership", store.id, store.webhookSecrets.aftership, afterShipOutForDelivery(third, gone, late.parcel));
    const merchant = (path: string, body: unknown) =>
      SELF.fetch(`${BASE}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${store.apiKey}` },
        body: JSON.stringify(body),
      });
    expect(
      (
        await merchant(`/v1/orders/${erased.order.id}/shipments`, {
          id: `${erased.order.id}-3`,
          carrier: "DHL",
          trackingNumber: third,
          lines: [{ sku: "SOCK-3", quantity: 1 }],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await merchant(`/v1/shipments/${erased.order.id}-1/events`, {
          id: "m2",
          status: "delivered",
          occurredAt: new Date(Date.now() - 60_000).toISOString(),
          description: `Left with ${late.merchant}`,
        })
      ).status,
    ).toBe(201);
    const resent = await postOrder(store.apiKey, { ...erased.order, customer: { id: "cust-e", email: late.email } });
    expect(resent.status).toBe(200);
    // The order sent again after the erasure gets a new link (the erasure revoked the old one): the merchant's alone.
    const { orderToken: newLink } = (await resent.json()) as { orderToken: string };
    expect(newLink).not.toBe(erased.orderToken);

    const tables = await dumpEveryTable();
    expect(tables.map((t) => t.table)).toEqual(
      expect.arrayContaining([
        "carrier_events",
        "webhook_deliveries",
        "outbound_events",
        "survey_responses",
        "reviews",
        "order_preferences",
        "customers",
      ]),
    );
    const traces = (values: string[]) => values.map((v) => v.toLowerCase());
    const goneTraces = traces([...Object.values(gone), ...Object.values(late)]);
    const leaks = goneTraces.flatMap((trace) => tables.filter((t) => t.text.includes(trace)).map((t) => `${trace} in ${t.table}`));
    expect(leaks).toEqual([]);
    // The dump does reach every one of those fields: the other customer's markers are all still there.
    const keptMissing = traces(Object.values(kept)).filter((trace) => !tables.some((t) => t.text.includes(trace)));
    expect(keptMissing).toEqual([]);

    // The shopper's old link opens nothing any more.
    const oldView = await SELF.fetch(`${BASE}/v1/o/${erased.orderToken}`, { headers: { Origin: ORIGIN } });
    expect(oldView.status).toBe(404);
    expect((await errorOf(oldView)).code).toBe("order_not_found");
    // The order's view (through the new link), the dashboard's reads and the customer's export say nothing of them either.
    const view = await SELF.fetch(`${BASE}/v1/o/${newLink}`, { headers: { Origin: ORIGIN } });
    expect(view.status).toBe(200);
    const viewText = await view.text();
    const parcels = (JSON.parse(viewText) as { shipments: { history: { status: string }[] }[] }).shipments;
    expect(parcels).toHaveLength(3);
    expect(parcels[0]!.history.length).toBeGreaterThan(0); // the timeline still draws, without the words
    const range = `from=${new Date(Date.now() - 30 * day).toISOString().slice(0, 10)}&to=${new Date(Date.now() + 2 * day).toISOString().slice(0, 10)}`;
    const admin = async (path: string) =>
      (await SELF.fetch(`${BASE}${path}`, { headers: { Authorization: `Bearer ${store.apiKey}` } })).text();
    const reads = [
      viewText,
      await admin(`/v1/admin/alerts?status=all`),
      await admin(`/v1/admin/survey-responses?${range}`),
      await admin(`/v1/admin/reviews?${range}`),
      await admin(`/v1/admin/orders/${erased.order.id}/moments`),
      await admin(`/v1/admin/customers/cust-e/export`),
    ];
    for (const text of reads) for (const trace of goneTraces) expect(text.toLowerCase(), trace).not.toContain(trace);
  });
});

describe("retention", () => {
  it("clears raw carrier payloads after 30 days and expired dashboard sign-ins, keeping the parsed events", async () => {
    const store = await createStore();
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO carrier_events (store_id, tracking_number, id, source, status, occurred_at, location, raw, received_at) VALUES (?, 'T1', 'e1', 'easypost', 'delivered', ?, 'Denver', '{"to":"Sam"}', ?)`,
      ).bind(store.id, old, old),
      env.DB.prepare(
        `INSERT INTO carrier_events (store_id, tracking_number, id, source, status, occurred_at, location, raw, received_at) VALUES (?, 'T1', 'e2', 'easypost', 'delivered', ?, 'Denver', '{"to":"Kim"}', ?)`,
      ).bind(store.id, old, new Date().toISOString()),
      env.DB.prepare(`INSERT INTO admin_sessions (token_hash, store_id, expires_at) VALUES (?, ?, ?)`).bind(`h-${store.id}`, store.id, old),
    ]);
    await runBatch(env.DB, retentionStatements(new Date()));
    const rows = (await env.DB.prepare(`SELECT id, status, raw FROM carrier_events WHERE store_id = ? ORDER BY id`).bind(store.id).all())
      .results;
    expect(rows).toEqual([
      { id: "e1", status: "delivered", raw: "{}" },
      { id: "e2", status: "delivered", raw: '{"to":"Kim"}' },
    ]);
    expect(await env.DB.prepare(`SELECT 1 FROM admin_sessions WHERE token_hash = ?`).bind(`h-${store.id}`).first()).toBeNull();
  });
});
