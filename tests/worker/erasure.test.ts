/**
 * A customer's right to be forgotten, against real D1: after DELETE /v1/admin/customers/{id} nothing
 * that identifies or describes them is left (contacts, their words, carrier and webhook payloads about
 * their orders), nothing more is sent to them, and the store's anonymous figures are unchanged.
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { randomToken } from "../../worker/crypto/random.ts";
import { sealJson } from "../../worker/crypto/secret-box.ts";
import { emitDueMoments } from "../../worker/lifecycle/moments.ts";
import { OUTBOUND_EVENT_TYPES } from "../../worker/schemas/feedback.ts";
import { addEndpointStatement } from "../../worker/storage/outbound.ts";
import { eraseCustomerStatements, retentionStatements } from "../../worker/storage/erasure.ts";
import { runBatch, toSqlScript } from "../../worker/storage/statement.ts";
import { BASE, createStore, errorOf, ORIGIN, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

const asShopper = (token: string, path: string, body: unknown) =>
  SELF.fetch(`${BASE}/v1/o/${token}/${path}`, { method: "POST", headers: { "Content-Type": "application/json", Origin: ORIGIN }, body: JSON.stringify(body) });

/** A customer with an order, a parcel, a preference, a survey with a call-back, and a review, all in their own words. */
async function customerWithHistory(store: Awaited<ReturnType<typeof createStore>>, customerId: string, name: string, phone: string) {
  const order = sampleOrder({ id: uniqueId("o"), placedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), customer: { id: customerId, email: `${customerId}@example.com`, phone: "+1 555 0100" } });
  const { orderToken } = (await (await postOrder(store.apiKey, order)).json()) as { orderToken: string };
  const merchant = (path: string, body: unknown) =>
    SELF.fetch(`${BASE}${path}`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${store.apiKey}` }, body: JSON.stringify(body) });
  await merchant(`/v1/orders/${order.id}/shipments`, { id: `${order.id}-1`, carrier: "UPS", trackingNumber: `1Z${Date.now()}${customerId.length}`, lines: [{ sku: "TRAIL-1", quantity: 1 }] });
  await merchant(`/v1/shipments/${order.id}-1/events`, { id: "d", status: "delivered", occurredAt: new Date(Date.now() - 86_400_000).toISOString(), location: `${name}'s house, Denver` });
  expect((await asShopper(orderToken, "preferences", { channel: "sms", contact: phone })).status).toBe(200);
  expect((await asShopper(orderToken, "survey", { rating: 1, standout: { choice: "support", text: `Nobody answered, call me ${name}` }, wants: "none", comment: `${name} lives at 12 Elm St` })).status).toBe(200);
  expect((await asShopper(orderToken, "survey", { rating: 1, standout: { choice: "support", text: `Nobody answered, call me ${name}` }, wants: "none", callback: { phone, preferredTime: `after 5, ask for ${name}` } })).status).toBe(200);
  expect((await asShopper(orderToken, "reviews", [{ sku: "TRAIL-1", rating: 2, title: `${name}'s review`, body: `Bought for ${name}'s son` }])).status).toBe(200);
  return order;
}

describe("DELETE /v1/admin/customers/{customerId}", () => {
  it("erases the customer's personal data everywhere and keeps the anonymous figures", async () => {
    const store = await createStore();
    await runBatch(env.DB, [
      addEndpointStatement(store.id, { id: `we_${randomToken(6)}`, url: "https://hooks.example/x", secretSealed: await sealJson(env.DOORSTEP_SECRET_KEY, { secret: "s" }), events: [...OUTBOUND_EVENT_TYPES] }, new Date().toISOString()),
    ]);
    const erased = await customerWithHistory(store, "sam", "Sam", "+1 720 555 0199");
    const kept = await customerWithHistory(store, "alex", "Alex", "+1 720 555 0188");
    const metrics = async () => (await (await SELF.fetch(`${BASE}/v1/admin/metrics?from=${new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}`, { headers: { Authorization: `Bearer ${store.apiKey}` } })).json()) as Record<string, unknown>;
    const before = await metrics();

    const res = await SELF.fetch(`${BASE}/v1/admin/customers/sam`, { method: "DELETE", headers: { Authorization: `Bearer ${store.apiKey}` } });
    expect(res.status).toBe(200);

    const one = (text: string, ...params: unknown[]) => env.DB.prepare(text).bind(...params).first<Record<string, unknown>>();
    expect(await one(`SELECT email, phone, erased_at IS NOT NULL AS erased FROM customers WHERE store_id = ? AND id = 'sam'`, store.id)).toEqual({ email: null, phone: null, erased: 1 });
    expect(await one(`SELECT channel, contact FROM order_preferences WHERE store_id = ? AND order_id = ?`, store.id, erased.id)).toEqual({ channel: "none", contact: null });
    expect(await one(`SELECT rating, standout_choice, standout_text, comment, callback_phone, callback_time FROM survey_responses WHERE store_id = ? AND order_id = ?`, store.id, erased.id)).toEqual({
      rating: 1, standout_choice: "support", standout_text: null, comment: null, callback_phone: null, callback_time: null,
    });
    expect(await one(`SELECT rating, title, body FROM reviews WHERE store_id = ? AND order_id = ?`, store.id, erased.id)).toEqual({ rating: 2, title: null, body: null });
    const everything = JSON.stringify((await env.DB.prepare(
      `SELECT (SELECT json_group_array(raw || coalesce(location, '')) FROM carrier_events WHERE store_id = ?1) AS carrier,
              (SELECT json_group_array(payload) FROM outbound_events WHERE store_id = ?1) AS outbound`,
    ).bind(store.id).first()));
    for (const trace of ["sam@example.com", "call me Sam", "ask for Sam", "Sam lives", "Sam's", "+1 720 555 0199"]) expect(everything, trace).not.toContain(trace);
    // Alex's data, in the same store, is untouched.
    for (const trace of ["call me Alex", "Alex's house", "+1 720 555 0188"]) expect(everything, trace).toContain(trace);
    expect(await one(`SELECT email FROM customers WHERE store_id = ? AND id = 'alex'`, store.id)).toEqual({ email: "alex@example.com" });
    expect(await one(`SELECT count(*) AS n FROM outbound_deliveries WHERE store_id = ? AND next_attempt_at IS NOT NULL AND event_id IN (SELECT id FROM outbound_events WHERE store_id = ? AND json_extract(payload, '$.erased') IS NOT NULL)`, store.id, store.id)).toEqual({ n: 0 });
    // Nothing more goes to Sam; the figures are what they were.
    await emitDueMoments(env, { storeId: store.id, now: new Date(Date.now() + 60 * 86_400_000) });
    const sent = await env.DB.prepare(`SELECT count(*) AS n FROM lifecycle_moments WHERE store_id = ? AND order_id = ? AND status = 'sent' AND decided_at > ?`).bind(store.id, erased.id, new Date(Date.now() - 1000).toISOString()).first<{ n: number }>();
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
    const erase = (key: string, id: string) => SELF.fetch(`${BASE}/v1/admin/customers/${id}`, { method: "DELETE", headers: { Authorization: `Bearer ${key}` } });
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

describe("retention", () => {
  it("clears raw carrier payloads after 30 days and expired dashboard sign-ins, keeping the parsed events", async () => {
    const store = await createStore();
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO carrier_events (store_id, tracking_number, id, source, status, occurred_at, location, raw, received_at) VALUES (?, 'T1', 'e1', 'easypost', 'delivered', ?, 'Denver', '{"to":"Sam"}', ?)`).bind(store.id, old, old),
      env.DB.prepare(`INSERT INTO carrier_events (store_id, tracking_number, id, source, status, occurred_at, location, raw, received_at) VALUES (?, 'T1', 'e2', 'easypost', 'delivered', ?, 'Denver', '{"to":"Kim"}', ?)`).bind(store.id, old, new Date().toISOString()),
      env.DB.prepare(`INSERT INTO admin_sessions (token_hash, store_id, expires_at) VALUES (?, ?, ?)`).bind(`h-${store.id}`, store.id, old),
    ]);
    await runBatch(env.DB, retentionStatements(new Date()));
    const rows = (await env.DB.prepare(`SELECT id, status, raw FROM carrier_events WHERE store_id = ? ORDER BY id`).bind(store.id).all()).results;
    expect(rows).toEqual([{ id: "e1", status: "delivered", raw: "{}" }, { id: "e2", status: "delivered", raw: '{"to":"Kim"}' }]);
    expect(await env.DB.prepare(`SELECT 1 FROM admin_sessions WHERE token_hash = ?`).bind(`h-${store.id}`).first()).toBeNull();
  });
});
