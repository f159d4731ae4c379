/**
 * Lifecycle moments against real D1: the schedule kept as orders and parcels change, each due moment
 * sent once however many cron runs overlap, and nothing sent against the shopper's wishes (opt-out,
 * erasure), the holdout's marketing held back and recorded, moot reminders dropped.
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { randomToken } from "../../worker/crypto/random.ts";
import { sealJson } from "../../worker/crypto/secret-box.ts";
import { armOf } from "../../worker/domain/offers/holdout.ts";
import type { OrderInput } from "../../worker/schemas/order.ts";
import { emitDueMoments } from "../../worker/services/lifecycle-moments.ts";
import { OUTBOUND_EVENT_TYPES } from "../../worker/schemas/feedback.ts";
import { addEndpointStatement } from "../../worker/storage/outbound.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { BASE, createStore, ORIGIN, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

function customerIn(storeId: string, arm: "treatment" | "holdout") {
  for (let i = 0; ; i++) if (armOf(storeId, `cust-${i}`, 0.1) === arm) return `cust-${i}`;
}

async function merchant(apiKey: string, path: string, body: unknown) {
  const res = await SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  expect(res.ok, `${path} ${res.status} ${await res.clone().text()}`).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}

let parcels = 0;

const GRANTED = { email: { state: "granted" as const } };

/**
 * A store (with an endpoint for every moment unless `quiet`), and an order placed `daysAgo`, delivered
 * two days later, its customer with marketing consent by email unless `consent` says otherwise.
 */
async function deliveredOrder(
  arm: "treatment" | "holdout" = "treatment",
  daysAgo = 40,
  quiet = false,
  consent: OrderInput["marketingConsent"] | null = GRANTED,
) {
  const store = await createStore();
  if (!quiet)
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
  const customer = customerIn(store.id, arm);
  const order = sampleOrder({
    id: uniqueId("o"),
    placedAt: ago(daysAgo),
    customer: { id: customer, email: "sam@example.com" },
    ...(consent ? { marketingConsent: consent } : {}),
  });
  const res = await postOrder(store.apiKey, order);
  const { orderToken } = (await res.json()) as { orderToken: string };
  await merchant(store.apiKey, `/v1/orders/${order.id}/shipments`, {
    id: `${order.id}-1`,
    carrier: "UPS",
    trackingNumber: `1Z${Date.now()}${parcels++}`,
    lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  });
  await merchant(store.apiKey, `/v1/shipments/${order.id}-1/events`, { id: "s", status: "in_transit", occurredAt: ago(daysAgo - 1) });
  await merchant(store.apiKey, `/v1/shipments/${order.id}-1/events`, { id: "d", status: "delivered", occurredAt: ago(daysAgo - 2) });
  return { store, order, customer, token: orderToken };
}

const moments = async (storeId: string, orderId: string) =>
  (
    await env.DB.prepare(
      `SELECT kind, ref, status, reason, event_id FROM lifecycle_moments WHERE store_id = ? AND order_id = ? ORDER BY due_at, kind`,
    )
      .bind(storeId, orderId)
      .all<{ kind: string; ref: string; status: string; reason: string | null; event_id: string | null }>()
  ).results;

const byKind = (rows: Awaited<ReturnType<typeof moments>>) =>
  Object.fromEntries(rows.map((r) => [`${r.kind}${r.ref ? `:${r.ref}` : ""}`, r.reason ?? r.status]));

describe("lifecycle moments", () => {
  it("are scheduled as the order and its parcel arrive, and each due one is sent exactly once across overlapping runs", async () => {
    const { store, order } = await deliveredOrder();
    const scheduled = await moments(store.id, order.id);
    expect(scheduled.map((m) => m.kind)).toEqual(
      expect.arrayContaining([
        "order_confirmed",
        "shipped",
        "delivered",
        "usage_tips",
        "returns_help",
        "loyalty",
        "survey_invitation",
        "review_invitation",
        "reorder",
        "upsell",
        "replenishment",
      ]),
    );
    expect(scheduled.every((m) => m.status === "scheduled")).toBe(true);

    // Three cron runs at once: every moment is claimed by one of them.
    const runs = await Promise.all([0, 1, 2].map(() => emitDueMoments(env, { storeId: store.id })));
    const after = await moments(store.id, order.id);
    expect(after.every((m) => m.status === "sent")).toBe(true);
    expect(runs.reduce((s, r) => s + r.sent, 0)).toBe(after.length);
    const events = (
      await env.DB.prepare(`SELECT id, type FROM outbound_events WHERE store_id = ?`).bind(store.id).all<{ id: string; type: string }>()
    ).results;
    expect(events).toHaveLength(after.length);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(after.map((m) => m.event_id)));
    const deliveries = (await env.DB.prepare(`SELECT count(*) AS n FROM outbound_deliveries WHERE store_id = ?`)
      .bind(store.id)
      .first<{ n: number }>())!.n;
    expect(deliveries).toBe(after.length);
    // A later run finds nothing left to send.
    expect(await emitDueMoments(env, { storeId: store.id })).toEqual({ sent: 0, suppressed: 0 });

    const payload = JSON.parse(
      (await env.DB.prepare(`SELECT payload FROM outbound_events WHERE store_id = ? AND type = 'moment.loyalty'`)
        .bind(store.id)
        .first<{ payload: string }>())!.payload,
    );
    expect(payload).toMatchObject({
      type: "moment.loyalty",
      data: {
        kind: "loyalty",
        orderId: order.id,
        marketing: true,
        channel: "email",
        contact: "sam@example.com",
        customer: { email: "sam@example.com" },
      },
    });
    expect(payload.data.links.status).toMatch(new RegExp(`^${ORIGIN}/orders/status\\?order=[\\w-]{43}&ds_m=loyalty$`));
    expect(Array.isArray(payload.data.offers)).toBe(true);
  });

  it("gives the holdout its service messages but not the marketing, and records that", async () => {
    const { store, order } = await deliveredOrder("holdout");
    await emitDueMoments(env, { storeId: store.id });
    const result = byKind(await moments(store.id, order.id));
    expect(result).toMatchObject({
      order_confirmed: "sent",
      returns_help: "sent",
      survey_invitation: "sent",
      usage_tips: "holdout",
      loyalty: "holdout",
      "reorder:shoes": "holdout",
    });
    expect(
      Object.entries(result)
        .filter(([k]) => k.startsWith("shipped") || k.startsWith("delivered"))
        .every(([, v]) => v === "sent"),
    ).toBe(true);
    // The dashboard's figures count them per kind, as decided today.
    const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
    const metrics = (await (
      await SELF.fetch(`${BASE}/v1/admin/metrics?from=${day(0)}&to=${day(1)}`, { headers: { Authorization: `Bearer ${store.apiKey}` } })
    ).json()) as { moments: { kind: string; sent: number; holdout: number }[] };
    expect(metrics.moments).toEqual(
      expect.arrayContaining([
        { kind: "order_confirmed", sent: 1, holdout: 0, suppressed: 0, withdrawn: 0, clicks: 0, conversions: 0 },
        { kind: "loyalty", sent: 0, holdout: 1, suppressed: 0, withdrawn: 0, clicks: 0, conversions: 0 },
        { kind: "reorder", sent: 0, holdout: 2, suppressed: 0, withdrawn: 0, clicks: 0, conversions: 0 },
      ]),
    );
  });

  it("sends nothing to a shopper who chose no updates and gave no marketing consent, or who was erased", async () => {
    const opted = await deliveredOrder("treatment", 40, false, null);
    const pref = await SELF.fetch(`${BASE}/v1/o/${opted.token}/preferences`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify({ channel: "none" }),
    });
    expect(pref.status).toBe(200);
    await emitDueMoments(env, { storeId: opted.store.id });
    const optedOut = byKind(await moments(opted.store.id, opted.order.id));
    expect(new Set(Object.values(optedOut))).toEqual(new Set(["opted_out", "no_marketing_consent"]));
    expect(optedOut).toMatchObject({
      order_confirmed: "opted_out",
      loyalty: "no_marketing_consent",
      "reorder:shoes": "no_marketing_consent",
    });

    const erased = await deliveredOrder();
    await env.DB.prepare(`UPDATE customers SET erased_at = ? WHERE store_id = ? AND id = ?`)
      .bind(new Date().toISOString(), erased.store.id, erased.customer)
      .run();
    await emitDueMoments(env, { storeId: erased.store.id });
    expect(new Set(Object.values(byKind(await moments(erased.store.id, erased.order.id))))).toEqual(new Set(["erased"]));
    expect(
      (await env.DB.prepare(`SELECT count(*) AS n FROM outbound_events WHERE store_id IN (?, ?)`)
        .bind(opted.store.id, erased.store.id)
        .first<{ n: number }>())!.n,
    ).toBe(0);
  });

  it("keeps the two apart: no delivery updates but marketing consent gets the marketing only, and the reverse", async () => {
    const marketingOnly = await deliveredOrder();
    await SELF.fetch(`${BASE}/v1/o/${marketingOnly.token}/preferences`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify({ channel: "none" }),
    });
    await emitDueMoments(env, { storeId: marketingOnly.store.id });
    expect(byKind(await moments(marketingOnly.store.id, marketingOnly.order.id))).toMatchObject({
      order_confirmed: "opted_out",
      survey_invitation: "opted_out",
      loyalty: "sent",
      usage_tips: "sent",
      "reorder:shoes": "sent",
    });
    const updatesOnly = await deliveredOrder("treatment", 40, false, { email: { state: "denied" } });
    await emitDueMoments(env, { storeId: updatesOnly.store.id });
    expect(byKind(await moments(updatesOnly.store.id, updatesOnly.order.id))).toMatchObject({
      order_confirmed: "sent",
      returns_help: "sent",
      loyalty: "no_marketing_consent",
      "upsell:shoes": "no_marketing_consent",
    });
    // What each went out under is kept with it and in the payload.
    const loyalty = await env.DB.prepare(
      `SELECT m.consent, e.payload FROM lifecycle_moments m JOIN outbound_events e ON e.store_id = m.store_id AND e.id = m.event_id
       WHERE m.store_id = ? AND m.kind = 'loyalty'`,
    )
      .bind(marketingOnly.store.id)
      .first<{ consent: string; payload: string }>();
    expect(JSON.parse(loyalty!.consent)).toMatchObject({
      basis: "marketing",
      channel: "email",
      consent: { state: "granted", source: "order" },
    });
    expect(JSON.parse(loyalty!.payload).data.consent).toMatchObject({
      basis: "marketing",
      channel: "email",
      updates: { channel: "none" },
      marketing: { email: { state: "granted", source: "order" } },
    });
  });

  it("drops a reorder reminder once the shopper bought that family again", async () => {
    const { store, order, customer } = await deliveredOrder();
    // Bought shoes again a week after the first order, before the 7- and 28-day reminders came due.
    await postOrder(
      store.apiKey,
      sampleOrder({
        id: uniqueId("again"),
        placedAt: ago(33),
        customer: { id: customer, email: "sam@example.com" },
        lines: [{ sku: "TRAIL-2", name: "Trail Runner 2", family: "shoes", quantity: 1, unitPrice: 12900 }],
        fees: [],
        discounts: [],
        total: 12900,
      }),
    );
    await emitDueMoments(env, { storeId: store.id });
    const result = byKind(await moments(store.id, order.id));
    expect(result).toMatchObject({
      "reorder:shoes": "reordered",
      "replenishment:shoes": "reordered",
      "upsell:shoes": "sent",
      "reorder:socks": "sent",
    });
  });

  it("withdraws what a returned parcel made moot, before it is sent", async () => {
    const { store, order } = await deliveredOrder();
    await merchant(store.apiKey, `/v1/shipments/${order.id}-1/events`, { id: "r", status: "returned", occurredAt: ago(36) });
    await emitDueMoments(env, { storeId: store.id });
    const result = byKind(await moments(store.id, order.id));
    expect(result).toMatchObject({
      "reorder:shoes": "no_longer_due",
      "reorder:socks": "no_longer_due",
      usage_tips: "no_longer_due",
      loyalty: "no_longer_due",
      returns_help: "sent",
      order_confirmed: "sent",
    });
  });

  it("withdraws everything not yet sent when the merchant cancels the order", async () => {
    const { store, order } = await deliveredOrder("treatment", 3, true);
    await emitDueMoments(env, { storeId: store.id });
    const res = await postOrder(store.apiKey, { ...order, cancelledAt: new Date().toISOString() });
    expect(res.status).toBe(200);
    const result = byKind(await moments(store.id, order.id));
    expect(result).toMatchObject({
      order_confirmed: "sent",
      loyalty: "no_longer_due",
      "reorder:shoes": "no_longer_due",
      survey_invitation: "no_longer_due",
    });
    expect(await emitDueMoments(env, { storeId: store.id, now: new Date(Date.now() + 60 * DAY) })).toEqual({ sent: 0, suppressed: 0 });
  });

  it("lists an order's moments with their delivery attempts, and runs a backfill on demand", async () => {
    // No endpoint: nothing leaves the test; the moments are settled all the same.
    const { store, order } = await deliveredOrder("treatment", 3, true);
    const run = await SELF.fetch(`${BASE}/v1/admin/moments/run?days=10`, {
      method: "POST",
      headers: { Authorization: `Bearer ${store.apiKey}` },
    });
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({ orders: 1, suppressed: 0 });
    const res = await SELF.fetch(`${BASE}/v1/admin/orders/${order.id}/moments`, { headers: { Authorization: `Bearer ${store.apiKey}` } });
    const { moments: listed } = (await res.json()) as {
      moments: { kind: string; status: string; eventId: string | null; attempts: unknown[] }[];
    };
    // Three days in: the order, its parcel and the first tips went out; the rest waits.
    expect(listed.filter((m) => m.status === "sent").map((m) => m.kind)).toEqual(
      expect.arrayContaining(["order_confirmed", "shipped", "delivered"]),
    );
    expect(listed.find((m) => m.kind === "loyalty")!.status).toBe("scheduled");
    expect(listed.find((m) => m.kind === "order_confirmed")).toMatchObject({ eventId: expect.stringMatching(/^mom_/), attempts: [] });
    expect(
      (await SELF.fetch(`${BASE}/v1/admin/orders/nope/moments`, { headers: { Authorization: `Bearer ${store.apiKey}` } })).status,
    ).toBe(404);
  });
});
