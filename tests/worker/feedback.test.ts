import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { randomToken } from "../../worker/crypto/random.ts";
import { sealJson } from "../../worker/crypto/secret-box.ts";
import { deliverDue, RETRY_DELAYS_S } from "../../worker/services/outbound-delivery.ts";
import type { OrderView } from "../../contract/order-view.ts";
import { addEndpointStatement } from "../../worker/storage/outbound.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { BASE, errorOf, ORIGIN, storeWithOrder } from "./fixtures.ts";

const post = (token: string, path: string, body: unknown) =>
  SELF.fetch(`${BASE}/v1/o/${token}/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
    body: JSON.stringify(body),
  });

const readOrder = async (token: string) =>
  (await (await SELF.fetch(`${BASE}/v1/o/${token}`, { headers: { Origin: ORIGIN } })).json()) as OrderView;

async function withEndpoint(storeId: string, events = ["survey.submitted", "survey.detractor", "review.created"]) {
  const secret = `dsw_${randomToken(32)}`;
  const id = `we_${randomToken(6)}`;
  await runBatch(env.DB, [
    addEndpointStatement(
      storeId,
      { id, url: `https://hooks.example/${id}`, secretSealed: await sealJson(env.DOORSTEP_SECRET_KEY, { secret }), events },
      new Date().toISOString(),
    ),
  ]);
  return { id, secret, url: `https://hooks.example/${id}` };
}

/**
 * A receiver written from the README alone: recompute HMAC-SHA256 over "<timestamp>.<raw body>" with
 * the endpoint secret, hex, compare with the v1= value; refuse timestamps older than five minutes.
 */
async function verifyAsReceiver(secret: string, headers: Headers, body: string, now = Date.now()) {
  const timestamp = headers.get("doorstep-timestamp")!;
  const given = headers.get("doorstep-signature")!.replace(/^v1=/, "");
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${timestamp}.${body}`)));
  const expected = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
  return expected === given && Math.abs(now / 1000 - Number(timestamp)) < 300;
}

function receiver(status = () => 200) {
  const received: { url: string; headers: Headers; body: string }[] = [];
  const send = async (url: string, init: RequestInit) => {
    received.push({ url, headers: new Headers(init.headers), body: String(init.body) });
    return new Response(null, { status: status() });
  };
  return { received, send };
}

const due = async (storeId: string) =>
  (
    await env.DB.prepare(`SELECT event_id, attempts, delivered_at, next_attempt_at FROM outbound_deliveries WHERE store_id = ?`)
      .bind(storeId)
      .all()
  ).results;

describe("POST /v1/o/{token}/survey", () => {
  it("saves each step as it is answered and finishes in three", async () => {
    const { token, store, order } = await storeWithOrder();
    let res = await post(token, "survey", { rating: 4 });
    expect(await res.json()).toMatchObject({ stepsAnswered: 1, completed: false, sentiment: "positive", nextAction: "cross_sell" });
    expect((await readOrder(token)).feedback.survey).toMatchObject({ rating: 4, stepsAnswered: 1, completed: false });

    res = await post(token, "survey", { rating: 4, standout: { choice: "delivery_speed" } });
    expect(await res.json()).toMatchObject({ stepsAnswered: 2, completed: false });
    res = await post(token, "survey", {
      rating: 4,
      standout: { choice: "delivery_speed", text: "Next day!" },
      wants: "tip",
      comment: "Great shoes",
    });
    const done = (await res.json()) as { completed: boolean; editableUntil: string };
    expect(done.completed).toBe(true);
    expect(Date.parse(done.editableUntil) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);

    const row = await env.DB.prepare(`SELECT * FROM survey_responses WHERE store_id = ? AND order_id = ?`).bind(store.id, order.id).first();
    expect(row).toMatchObject({
      rating: 4,
      standout_choice: "delivery_speed",
      standout_text: "Next day!",
      wants: "tip",
      comment: "Great shoes",
      sentiment: "positive",
      steps_answered: 3,
    });
  });

  it("keeps one response per order: an edit within 24 hours updates it, later it is refused", async () => {
    const { token, store, order } = await storeWithOrder();
    await post(token, "survey", { rating: 2, standout: { choice: "packaging" }, wants: "none" });
    const edit = await post(token, "survey", { rating: 3, standout: { choice: "packaging" }, wants: "none" });
    expect(edit.status).toBe(200);
    const { n } = (await env.DB.prepare(`SELECT count(*) AS n FROM survey_responses WHERE store_id = ? AND order_id = ?`)
      .bind(store.id, order.id)
      .first<{ n: number }>())!;
    expect(n).toBe(1);

    await env.DB.prepare(`UPDATE survey_responses SET completed_at = ? WHERE store_id = ? AND order_id = ?`)
      .bind(new Date(Date.now() - 25 * 3_600_000).toISOString(), store.id, order.id)
      .run();
    const late = await post(token, "survey", { rating: 5, standout: { choice: "packaging" }, wants: "none" });
    expect(late.status).toBe(409);
    expect((await errorOf(late)).code).toBe("survey_closed");
  });

  it("validates answers", async () => {
    const { token } = await storeWithOrder();
    for (const body of [
      { rating: 0 },
      { rating: 6 },
      { rating: 3, standout: { choice: "vibes" } },
      { rating: 3, wants: "cash" },
      { rating: 3, comment: "x".repeat(2001) },
    ]) {
      expect((await post(token, "survey", body)).status).toBe(422);
    }
  });
});

describe("POST /v1/o/{token}/reviews", () => {
  it("keeps one review per item, editable, and refuses items not in the order and text past the limits", async () => {
    const { token, store, order } = await storeWithOrder();
    let res = await post(token, "reviews", [{ sku: "TRAIL-1", rating: 5, title: "Light", body: "Ran 20 km in them." }]);
    expect(res.status).toBe(200);
    res = await post(token, "reviews", [
      { sku: "TRAIL-1", rating: 4, title: "Light, a bit narrow" },
      { sku: "SOCK-3", rating: 2 },
    ]);
    expect(await res.json()).toEqual({
      reviews: [
        { sku: "SOCK-3", rating: 2, status: "published", author: "name", photos: [] },
        { sku: "TRAIL-1", rating: 4, title: "Light, a bit narrow", status: "published", author: "name", photos: [] },
      ],
    });
    const { n } = (await env.DB.prepare(`SELECT count(*) AS n FROM reviews WHERE store_id = ? AND order_id = ?`)
      .bind(store.id, order.id)
      .first<{ n: number }>())!;
    expect(n).toBe(2);

    expect((await post(token, "reviews", [{ sku: "HAT", rating: 5 }])).status).toBe(422);
    expect((await post(token, "reviews", [{ sku: "TRAIL-1", rating: 5, title: "x".repeat(121) }])).status).toBe(422);
    expect((await post(token, "reviews", [{ sku: "TRAIL-1", rating: 5, body: "x".repeat(5001) }])).status).toBe(422);
    expect(
      (
        await post(token, "reviews", [
          { sku: "TRAIL-1", rating: 5 },
          { sku: "TRAIL-1", rating: 1 },
        ])
      ).status,
    ).toBe(422);
  });
});

describe("outbound webhooks", () => {
  it("sends survey.submitted and survey.detractor, signed so a receiver can verify them from the docs", async () => {
    const { token, store, order } = await storeWithOrder();
    const endpoint = await withEndpoint(store.id);
    await post(token, "survey", { rating: 1 });
    await post(token, "survey", {
      rating: 1,
      standout: { choice: "support" },
      wants: "none",
      comment: "Nobody answered",
      callback: { phone: "+1 555 0100", preferredTime: "after 5pm" },
    });
    const { received, send } = receiver();
    await deliverDue(env, { storeId: store.id, send, limit: 100 });
    const mine = received.filter((r) => r.url === endpoint.url);
    const types = mine.map((r) => (JSON.parse(r.body) as { type: string }).type).sort();
    expect(types).toEqual(["survey.detractor", "survey.submitted"]);
    for (const r of mine) {
      expect(await verifyAsReceiver(endpoint.secret, r.headers, r.body)).toBe(true);
      expect(await verifyAsReceiver("dsw_wrong", r.headers, r.body)).toBe(false);
      const event = JSON.parse(r.body) as { id: string; storeId: string; data: { orderId: string } };
      expect(r.headers.get("doorstep-event-id")).toBe(event.id);
      expect(event).toMatchObject({ storeId: store.id, data: { orderId: order.id } });
    }
    // Delivered once: nothing is due any more.
    const again = receiver();
    await deliverDue(env, { storeId: store.id, send: again.send, limit: 100 });
    expect(again.received.filter((r) => r.url === endpoint.url)).toEqual([]);
  });

  it("sends review.created once per item, not for edits", async () => {
    const { token, store } = await storeWithOrder();
    const endpoint = await withEndpoint(store.id, ["review.created"]);
    await post(token, "reviews", [{ sku: "TRAIL-1", rating: 5 }]);
    await post(token, "reviews", [{ sku: "TRAIL-1", rating: 4 }]);
    const { received, send } = receiver();
    await deliverDue(env, { storeId: store.id, send, limit: 100 });
    const mine = received
      .filter((r) => r.url === endpoint.url)
      .map((r) => JSON.parse(r.body) as { type: string; data: { sku: string; rating: number } });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ type: "review.created", data: { sku: "TRAIL-1", rating: 5 } });
  });

  it("retries a failing receiver with backoff, records every attempt, and stops once delivered", async () => {
    const { token, store } = await storeWithOrder();
    const endpoint = await withEndpoint(store.id, ["survey.submitted"]);
    await post(token, "survey", { rating: 5, standout: { choice: "price" }, wants: "demo" });
    let failing = true;
    const { received, send } = receiver(() => (failing ? 503 : 200));
    const start = Date.now();
    await deliverDue(env, { storeId: store.id, send, now: new Date(start), limit: 100 });
    let [row] = (await due(store.id)) as { attempts: number; delivered_at: string | null; next_attempt_at: string }[];
    expect(row).toMatchObject({ attempts: 1, delivered_at: null });
    expect(Date.parse(row!.next_attempt_at) - start).toBe(RETRY_DELAYS_S[0]! * 1000);

    // Not due yet: nothing is sent.
    await deliverDue(env, { storeId: store.id, send, now: new Date(start + 10_000), limit: 100 });
    expect(received.filter((r) => r.url === endpoint.url)).toHaveLength(1);

    failing = false;
    await deliverDue(env, { storeId: store.id, send, now: new Date(start + RETRY_DELAYS_S[0]! * 1000), limit: 100 });
    [row] = (await due(store.id)) as (typeof row)[];
    expect(row).toMatchObject({ attempts: 2 });
    expect(row!.delivered_at).not.toBeNull();
    const attempts = (
      await env.DB.prepare(`SELECT attempt, status, error FROM outbound_attempts WHERE store_id = ? ORDER BY attempt`).bind(store.id).all()
    ).results;
    expect(attempts).toEqual([
      { attempt: 1, status: 503, error: "HTTP 503" },
      { attempt: 2, status: 200, error: null },
    ]);
    // The same event id on both attempts: receivers deduplicate on it.
    const ids = received.filter((r) => r.url === endpoint.url).map((r) => r.headers.get("doorstep-event-id"));
    expect(new Set(ids).size).toBe(1);
  });

  it("does not send the same delivery twice from overlapping runs", async () => {
    const { token, store } = await storeWithOrder();
    const endpoint = await withEndpoint(store.id, ["survey.submitted"]);
    await post(token, "survey", { rating: 4, standout: { choice: "price" }, wants: "none" });
    const { received, send } = receiver();
    await Promise.all([
      deliverDue(env, { storeId: store.id, send, limit: 100 }),
      deliverDue(env, { storeId: store.id, send, limit: 100 }),
      deliverDue(env, { storeId: store.id, send, limit: 100 }),
    ]);
    expect(received.filter((r) => r.url === endpoint.url)).toHaveLength(1);
  });
});

describe("feedback in the order view", () => {
  it("says when the invitations open, from the store's timing and the parcels", async () => {
    const { token } = await storeWithOrder();
    const view = await readOrder(token);
    // No parcel yet: the fallback (21 days + the longest family's 3 default days) after the order.
    expect(view.feedback).toMatchObject({ basis: "fallback", survey: null, reviews: [] });
    expect(Date.parse(view.feedback.opensAt)).toBe(Date.parse("2026-11-20T15:30:00-05:00") + 24 * 86_400_000);
  });
});
