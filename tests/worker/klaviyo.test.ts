/**
 * Klaviyo as a destination, against the local stand-in of its Events API (tests/stand-ins/aggregators.ts,
 * a real HTTP server answering as Klaviyo documents): every moment becomes an event with the documented
 * body and headers, a resend is counted once (unique_id), 429 waits for Retry-After, 5xx backs off, a
 * refused key is final and shown on the connection, marketing reaches Klaviyo only with marketing
 * consent, and withdrawing that consent stops the marketing still waiting to go out.
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { KLAVIYO_REVISION } from "../../worker/domain/klaviyo.ts";
import { armOf } from "../../worker/domain/offers/holdout.ts";
import type { OrderInput } from "../../worker/schemas/order.ts";
import { emitDueMoments } from "../../worker/services/lifecycle-moments.ts";
import { deliverDue } from "../../worker/services/outbound-delivery.ts";
import { BASE, createStore, ORIGIN, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

const standIn = new URL(env.KLAVIYO_API_URL).origin;
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const MARKETING = ["Doorstep Usage Tips", "Doorstep Loyalty", "Doorstep Reorder", "Doorstep Upsell", "Doorstep Replenishment"];

interface KlaviyoEvent {
  apiKey: string;
  metric: string;
  profile: { email?: string; phone_number?: string; external_id?: string };
  properties: Record<string, any>;
  time: string;
  value?: number;
  value_currency?: string;
  unique_id: string;
}

const recorded = async (apiKey: string) =>
  ((await (await fetch(`${standIn}/__stand-in/klaviyo/events`)).json()) as { events: KlaviyoEvent[] }).events.filter(
    (e) => e.apiKey === apiKey,
  );

const requests = async (apiKey: string) =>
  (
    (await (await fetch(`${standIn}/__stand-in/requests`)).json()) as {
      requests: { provider: string; apiKey: string; revision: string; contentType: string; path: string; answered: number }[];
    }
  ).requests.filter((r) => r.provider === "klaviyo" && r.apiKey === apiKey);

const fault = (f: { apiKey: string; status: number; retryAfter?: string; times: number }) =>
  fetch(`${standIn}/__stand-in/faults`, { method: "POST", body: JSON.stringify([{ provider: "klaviyo", ...f }]) });

const call = (apiKey: string, path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}${path}`, { ...init, headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" } });

function treated(storeId: string) {
  for (;;) {
    const id = uniqueId("c");
    if (armOf(storeId, id, 0.1) === "treatment") return id;
  }
}

/** A store connected to Klaviyo with `klaviyoKey`, and an order placed 40 days ago, delivered two days later. */
async function klaviyoOrder(
  consent: OrderInput["marketingConsent"] | null = { email: { state: "granted" } },
  klaviyoKey = `pk_${uniqueId("k")}`,
) {
  const store = await createStore();
  expect(
    (await call(store.apiKey, "/v1/admin/connections/klaviyo", { method: "PUT", body: JSON.stringify({ apiKey: klaviyoKey }) })).status,
  ).toBe(200);
  const order = sampleOrder({
    id: uniqueId("o"),
    placedAt: ago(40),
    // A customer in the treatment arm: the holdout (10%) would get no marketing whatever their consent.
    customer: { id: treated(store.id), email: "sam@example.com", phone: "+1 (415) 555-0100" },
    ...(consent ? { marketingConsent: consent } : {}),
  });
  const created = await postOrder(store.apiKey, order);
  expect(created.status).toBe(201);
  const { orderToken } = (await created.json()) as { orderToken: string };
  const parcel = `${order.id}-1`;
  const post = async (path: string, body: unknown) =>
    expect((await call(store.apiKey, path, { method: "POST", body: JSON.stringify(body) })).ok).toBe(true);
  await post(`/v1/orders/${order.id}/shipments`, {
    id: parcel,
    carrier: "UPS",
    trackingNumber: `1Z${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  });
  await post(`/v1/shipments/${parcel}/events`, { id: "s", status: "in_transit", occurredAt: ago(39) });
  await post(`/v1/shipments/${parcel}/events`, { id: "d", status: "delivered", occurredAt: ago(38) });
  return { store, order, klaviyoKey, token: orderToken };
}

const deliveries = async (storeId: string) =>
  (
    await env.DB.prepare(
      `SELECT d.event_id, d.attempts, d.delivered_at, d.next_attempt_at, e.type,
              (SELECT json_group_array(json_object('status', a.status, 'error', a.error)) FROM
                 (SELECT * FROM outbound_attempts a WHERE a.store_id = d.store_id AND a.event_id = d.event_id AND a.endpoint_id = d.endpoint_id ORDER BY a.attempt) a) AS tries
       FROM outbound_deliveries d JOIN outbound_events e ON e.store_id = d.store_id AND e.id = d.event_id
       WHERE d.store_id = ? AND d.endpoint_id = 'klaviyo'`,
    )
      .bind(storeId)
      .all<{
        event_id: string;
        attempts: number;
        delivered_at: string | null;
        next_attempt_at: string | null;
        type: string;
        tries: string;
      }>()
  ).results.map((r) => ({ ...r, tries: JSON.parse(r.tries) as { status: number | null; error: string | null }[] }));

describe("Klaviyo destination", () => {
  it("sends every moment as a Klaviyo event, as the Events API documents it", async () => {
    const { store, order, klaviyoKey } = await klaviyoOrder();
    const now = new Date();
    await emitDueMoments(env, { storeId: store.id, now });
    const run = await deliverDue(env, { storeId: store.id, now, limit: 100 });
    expect(run.failed).toBe(0);
    // A delivery run that an earlier request started in the background (waitUntil) may hold some of them.
    await expect.poll(async () => (await deliveries(store.id)).every((d) => d.delivered_at), { timeout: 5000 }).toBe(true);

    const sent = await requests(klaviyoKey);
    expect(sent.length).toBeGreaterThan(10);
    for (const r of sent) {
      expect(r).toMatchObject({ path: "/klaviyo/api/events", revision: KLAVIYO_REVISION, answered: 202 });
      expect(r.contentType).toBe("application/vnd.api+json");
    }
    const events = await recorded(klaviyoKey);
    const metrics = new Set(events.map((e) => e.metric));
    for (const m of [
      "Doorstep Order Confirmed",
      "Doorstep Shipped",
      "Doorstep Delivered",
      "Doorstep Survey Invitation",
      "Doorstep Review Invitation",
      ...MARKETING,
    ])
      expect(metrics).toContain(m);

    const confirmed = events.find((e) => e.metric === "Doorstep Order Confirmed")!;
    // The profile by email, the phone in E.164 and the merchant's customer id; the contacts stay out of the properties.
    expect(confirmed.profile).toEqual({ email: "sam@example.com", phone_number: "+14155550100", external_id: order.customer.id });
    expect(confirmed.properties.customer).toBeUndefined();
    expect(confirmed.unique_id).toMatch(/^mom_/);
    expect(confirmed).toMatchObject({ value: order.total / 100, value_currency: "USD" });
    expect(confirmed.properties).toMatchObject({
      kind: "order_confirmed",
      event_type: "moment.order_confirmed",
      orderNumber: order.id,
      arm: "treatment",
      consent: { basis: "updates", channel: "email", marketing: { email: { state: "granted", source: "order" } } },
    });
    const item = confirmed.properties.order.items[0];
    expect(item).toMatchObject({ sku: order.lines[0]!.sku, name: order.lines[0]!.name });
    expect(item.review.link).toContain(`ds_review=${encodeURIComponent(order.lines[0]!.sku)}`);
    expect(item.review.stars.map((u: string) => new URL(u).searchParams.get("ds_stars"))).toEqual(["1", "2", "3", "4", "5"]);
    expect(new URL(confirmed.properties.links.status).searchParams.get("ds_m")).toBe("order_confirmed");

    const loyalty = events.find((e) => e.metric === "Doorstep Loyalty")!;
    expect(loyalty.value).toBeUndefined();
    expect(loyalty.properties.consent).toMatchObject({ basis: "marketing", channel: "email", consent: { state: "granted" } });
    expect(Array.isArray(loyalty.properties.offers)).toBe(true);
    const delivered = events.find((e) => e.metric === "Doorstep Delivered")!;
    expect(delivered.properties.parcel).toMatchObject({ carrier: "UPS" });

    // Each attempt is in the order's moments answer.
    const { moments } = (await (await call(store.apiKey, `/v1/admin/orders/${order.id}/moments`)).json()) as {
      moments: { kind: string; attempts: { endpointId: string; status: number }[] }[];
    };
    expect(moments.find((m) => m.kind === "loyalty")!.attempts).toEqual([expect.objectContaining({ endpointId: "klaviyo", status: 202 })]);
    const { connections } = (await (await call(store.apiKey, "/v1/admin/connections")).json()) as {
      connections: { platform: string; lastOutAt: string | null; lastError: string | null }[];
    };
    expect(connections.find((c) => c.platform === "klaviyo")).toMatchObject({ lastOutAt: now.toISOString(), lastError: null });

    // Sent again (a timeout after Klaviyo took it, say): the same unique_id, so Klaviyo counts it once.
    await env.DB.prepare(
      `UPDATE outbound_deliveries SET delivered_at = NULL, next_attempt_at = ? WHERE store_id = ? AND endpoint_id = 'klaviyo'`,
    )
      .bind(now.toISOString(), store.id)
      .run();
    await deliverDue(env, { storeId: store.id, now, limit: 100 });
    expect(await requests(klaviyoKey)).toHaveLength(sent.length * 2);
    expect(await recorded(klaviyoKey)).toHaveLength(events.length);
  });

  it("waits as long as a 429's Retry-After says, backs off after a 5xx, then delivers", async () => {
    const { store, klaviyoKey } = await klaviyoOrder();
    const now = new Date();
    await emitDueMoments(env, { storeId: store.id, now });
    const queued = await deliveries(store.id);
    // Every delivery is throttled once, then each meets a server error once.
    await fault({ apiKey: klaviyoKey, status: 429, retryAfter: "45", times: queued.length });
    await deliverDue(env, { storeId: store.id, now, limit: 100 });
    for (const d of await deliveries(store.id)) {
      expect(d.delivered_at).toBeNull();
      expect(Date.parse(d.next_attempt_at!) - now.getTime()).toBe(45_000);
      expect(d.tries[0]).toMatchObject({ status: 429 });
      expect(d.tries[0]!.error).toContain("throttled");
    }
    // Not before the Retry-After.
    expect(await deliverDue(env, { storeId: store.id, now: new Date(now.getTime() + 30_000), limit: 100 })).toEqual({
      delivered: 0,
      failed: 0,
    });
    await fault({ apiKey: klaviyoKey, status: 503, times: queued.length });
    const second = new Date(now.getTime() + 46_000);
    await deliverDue(env, { storeId: store.id, now: second, limit: 100 });
    for (const d of await deliveries(store.id)) {
      expect(d.tries.map((t) => t.status)).toEqual([429, 503]);
      expect(Date.parse(d.next_attempt_at!) - second.getTime()).toBe(120_000);
    }
    const third = await deliverDue(env, { storeId: store.id, now: new Date(second.getTime() + 121_000), limit: 100 });
    expect(third).toEqual({ delivered: queued.length, failed: 0 });
    for (const d of await deliveries(store.id)) expect(d.tries.map((t) => t.status)).toEqual([429, 503, 202]);
  });

  it("takes a refused key as final and shows Klaviyo's words on the connection", async () => {
    for (const [key, words] of [
      [`pk_revoked_${uniqueId("k")}`, "authentication_failed"],
      [`pk_readonly_${uniqueId("k")}`, "permission_denied"],
    ] as const) {
      const { store } = await klaviyoOrder(null, key);
      const now = new Date();
      await emitDueMoments(env, { storeId: store.id, now });
      await deliverDue(env, { storeId: store.id, now, limit: 100 });
      const rows = await deliveries(store.id);
      expect(rows.length).toBeGreaterThan(0);
      for (const d of rows) {
        expect(d).toMatchObject({ attempts: 1, delivered_at: null, next_attempt_at: null });
        expect(d.tries[0]!.error).toContain(words);
      }
      const { connections } = (await (await call(store.apiKey, "/v1/admin/connections")).json()) as {
        connections: { platform: string; lastError: string | null }[];
      };
      expect(connections.find((c) => c.platform === "klaviyo")!.lastError).toContain(words);
    }
  });

  it("sends no marketing without marketing consent, and a withdrawal stops the marketing still queued", async () => {
    // No consent: the service moments reach Klaviyo, no marketing does.
    const plain = await klaviyoOrder(null);
    await emitDueMoments(env, { storeId: plain.store.id });
    await deliverDue(env, { storeId: plain.store.id, limit: 100 });
    const plainMetrics = new Set((await recorded(plain.klaviyoKey)).map((e) => e.metric));
    expect(plainMetrics).toContain("Doorstep Order Confirmed");
    for (const m of MARKETING) expect(plainMetrics).not.toContain(m);

    // Consent, then Klaviyo down: everything waits for a retry.
    const { store, order, klaviyoKey } = await klaviyoOrder();
    const now = new Date();
    await emitDueMoments(env, { storeId: store.id, now });
    const queued = await deliveries(store.id);
    await fault({ apiKey: klaviyoKey, status: 502, times: queued.length });
    await deliverDue(env, { storeId: store.id, now, limit: 100 });
    expect((await deliveries(store.id)).every((d) => d.next_attempt_at !== null)).toBe(true);

    // The shopper unsubscribes; the merchant sends the order again with the withdrawal.
    const withdrawnAt = new Date(now.getTime() + 1000).toISOString();
    await postOrder(store.apiKey, {
      ...order,
      marketingConsent: { email: { state: "withdrawn", at: withdrawnAt, source: "unsubscribe link" } },
    });
    const after = await deliveries(store.id);
    const isMarketing = (type: string) =>
      ["moment.usage_tips", "moment.loyalty", "moment.reorder", "moment.upsell", "moment.replenishment"].includes(type);
    for (const d of after.filter((d) => isMarketing(d.type))) {
      expect(d.next_attempt_at).toBeNull();
      expect(d.tries.at(-1)).toEqual({ status: null, error: "cancelled: marketing consent withdrawn" });
    }
    expect(after.filter((d) => !isMarketing(d.type)).every((d) => d.next_attempt_at !== null)).toBe(true);
    await deliverDue(env, { storeId: store.id, now: new Date(now.getTime() + 3_600_000), limit: 100 });
    const metrics = new Set((await recorded(klaviyoKey)).map((e) => e.metric));
    expect(metrics).toContain("Doorstep Order Confirmed");
    for (const m of MARKETING) expect(metrics).not.toContain(m);

    // The change is on record, and an older "granted" arriving late does not bring it back.
    await postOrder(store.apiKey, { ...order, marketingConsent: { email: { state: "granted", at: ago(41) } } });
    const changes = (
      await env.DB.prepare(`SELECT purpose, channel, state, source FROM consent_changes WHERE store_id = ? ORDER BY recorded_at, rowid`)
        .bind(store.id)
        .all()
    ).results;
    expect(changes).toEqual([
      { purpose: "marketing", channel: "email", state: "granted", source: "order" },
      { purpose: "marketing", channel: "email", state: "withdrawn", source: "unsubscribe link" },
    ]);
    const current = await env.DB.prepare(`SELECT state FROM marketing_consents WHERE store_id = ?`)
      .bind(store.id)
      .first<{ state: string }>();
    expect(current!.state).toBe("withdrawn");
  });

  it("sends survey answers, detractor alerts and reviews as events on the shopper's profile", async () => {
    const { store, order, klaviyoKey, token } = await klaviyoOrder(null);
    const shopper = (path: string, body: unknown) =>
      SELF.fetch(`${BASE}/v1/o/${token}/${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: ORIGIN },
        body: JSON.stringify(body),
      });
    expect((await shopper("survey", { rating: 2, standout: { choice: "packaging" }, wants: "none" })).status).toBe(200);
    expect((await shopper("reviews", [{ sku: order.lines[0]!.sku, rating: 2, title: "Box was crushed" }])).status).toBe(200);
    await deliverDue(env, { storeId: store.id, limit: 100 });
    // The shopper's posts also started a delivery run in the background (waitUntil): wait for all six
    // (the survey's three answers are also each a `survey.answered`, issue 25).
    await expect
      .poll(async () => (await recorded(klaviyoKey)).filter((e) => !e.metric.startsWith("Doorstep Order")).length, { timeout: 5000 })
      .toBe(6);
    const events = await recorded(klaviyoKey);
    const byMetric = (m: string) => events.find((e) => e.metric === m);
    expect(byMetric("Doorstep Survey Submitted")).toMatchObject({
      profile: { email: "sam@example.com", external_id: order.customer.id },
      properties: { event_type: "survey.submitted", orderId: order.id, rating: 2, sentiment: "negative" },
    });
    expect(byMetric("Doorstep Detractor Alert")!.properties).toMatchObject({ rating: 2, nextAction: "remediation" });
    expect(byMetric("Doorstep Review Created")!.properties).toMatchObject({ sku: order.lines[0]!.sku, rating: 2 });
    expect(byMetric("Doorstep Review Created")!.properties.customerId).toBe(order.customer.id);
    const answered = events.filter((e) => e.metric === "Doorstep Survey Answered").map((e) => e.properties.questionId);
    expect(answered.sort()).toEqual(["rating", "standout", "wants"]);
  });
});
