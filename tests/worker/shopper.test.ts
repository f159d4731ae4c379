import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../contract/order-view.ts";
import type { EventsAccepted } from "../../contract/shopper-answers.ts";
import QRCode from "qrcode";
import { BASE, createStore, errorOf, eventsWritten, ORIGIN, postOrder, sampleOrder, storeWithOrder, uniqueId } from "./fixtures.ts";
import { qrSvg } from "../../worker/domain/qr/svg.ts";

const getOrder = (token: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}/v1/o/${token}`, { headers: { Origin: ORIGIN, ...headers } });

const postEvents = (token: string, body: unknown, origin = ORIGIN, type = "application/json") =>
  SELF.fetch(`${BASE}/v1/o/${token}/events`, {
    method: "POST",
    headers: { "Content-Type": type, Origin: origin },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const event = (type: string, target?: string, at = new Date().toISOString()) => ({
  id: uniqueId("ev").replace(/[^A-Za-z0-9_-]/g, "_"),
  type,
  target,
  at,
});

describe("GET /v1/o/{token}", () => {
  it("answers the order as the confirmation view needs it", async () => {
    const { token } = await storeWithOrder();
    const res = await getOrder(token);
    expect(res.status).toBe(200);
    const view = (await res.json()) as OrderView;
    expect(view.order).toMatchObject({
      currency: "USD",
      subtotal: 16500,
      total: 15345,
      fees: [{ label: "Shipping", amount: 495 }],
      discounts: [{ label: "WELCOME10", amount: 1650 }],
    });
    expect(view.order.lines[1]).toMatchObject({ sku: "SOCK-3", quantity: 2, unitPrice: 1800, lineTotal: 3600 });
    // Placed Friday 2026-11-20 (merchant's offset): ships Monday 23rd, 2–4 business days in transit.
    expect(view.delivery).toEqual({ from: "2026-11-25", to: "2026-11-27", source: "store_promise" });
    expect(view.returns).toMatchObject({ days: 30, until: "2026-12-27", url: `${ORIGIN}/returns` });
    expect(view.links.status).toBe(`${ORIGIN}/orders/status?order=${token}`);
    // Nothing has shipped: the order counts as delayed only once the promised last day has passed.
    expect(view.delayed).toBe(new Date().toISOString().slice(0, 10) > "2026-11-27");
  });

  it("carries the store's public config, exactly as GET /v1/stores/{storeId}/config answers it", async () => {
    const { token, store } = await storeWithOrder();
    const view = (await (await getOrder(token)).json()) as OrderView;
    const config = await (await SELF.fetch(`${BASE}/v1/stores/${store.id}/config`, { headers: { Origin: ORIGIN } })).json();
    expect(view.store).toEqual(config);
    expect(view.store.id).toBe(store.id);
  });

  it("with ?offers=<placement>, carries that placement's offers as GET …/offers answers them, and is kept by no cache", async () => {
    const { token } = await storeWithOrder();
    const res = await getOrder(`${token}?offers=confirmation`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("ETag")).toBeNull();
    const view = (await res.json()) as OrderView;
    expect(view.offers).toMatchObject({ decisionId: expect.stringMatching(/^dec_/), arm: expect.stringMatching(/^(treatment|holdout)$/) });
    expect(Array.isArray(view.offers!.offers)).toBe(true);
    expect(view.order.number).toBeTruthy();
    // Without the parameter: the plain order, cacheable as before.
    const plain = await getOrder(token);
    expect(((await plain.json()) as OrderView).offers).toBeUndefined();
    expect(plain.headers.get("ETag")).toBeTruthy();
    for (const bad of ["email", "sidebar"]) {
      const refused = await getOrder(`${token}?offers=${bad}`);
      expect(refused.status).toBe(422);
      expect((await errorOf(refused)).code).toBe("invalid_values");
    }
  });

  it("sends an ETag and answers 304 to a matching If-None-Match", async () => {
    const { token } = await storeWithOrder();
    const first = await getOrder(token);
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get("Cache-Control")).toContain("no-cache");
    const again = await getOrder(token, { "If-None-Match": etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const stale = await getOrder(token, { "If-None-Match": 'W/"something-else"' });
    expect(stale.status).toBe(200);
  });

  it("changes the ETag when the order changes", async () => {
    const { token, store } = await storeWithOrder();
    const before = (await getOrder(token)).headers.get("ETag");
    const cue = event("checkout_feel", "easy");
    await postEvents(token, [cue]);
    // Written by the events queue's consumer, moments after the 202.
    await eventsWritten(store.id, [cue.id]);
    const after = await getOrder(token, { "If-None-Match": before! });
    expect(after.status).toBe(200);
    expect(((await after.json()) as OrderView).order.checkoutFeel).toBe("easy");
  });

  it("404 order_not_found for unknown, malformed and raw order-number tokens", async () => {
    const { order } = await storeWithOrder();
    for (const token of ["A".repeat(43), "short", encodeURIComponent(order.id)]) {
      const res = await getOrder(token);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe("order_not_found");
    }
  });

  it("404 for a revoked token", async () => {
    const { token } = await storeWithOrder();
    await env.DB.prepare(`UPDATE order_tokens SET revoked_at = ? WHERE token = ?`).bind(new Date().toISOString(), token).run();
    expect((await getOrder(token)).status).toBe(404);
  });

  it("answers CORS only for the store's registered origins", async () => {
    const { token } = await storeWithOrder();
    const ours = await getOrder(token);
    expect(ours.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(ours.headers.get("Vary")).toContain("Origin");
    const theirs = await getOrder(token, { Origin: "https://evil.example" });
    expect(theirs.headers.get("Access-Control-Allow-Origin")).toBeNull();

    const preflight = await SELF.fetch(`${BASE}/v1/o/${token}/events`, {
      method: "OPTIONS",
      headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toMatch(/content-type/i);
    const refused = await SELF.fetch(`${BASE}/v1/o/${token}/events`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
    });
    expect(refused.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("POST /v1/o/{token}/events", () => {
  it("answers 202 with every admitted id queued, and the consumer records each event once", async () => {
    const { token, store, order } = await storeWithOrder();
    const batch = [event("view", "confirmation"), event("click", "status_link")];
    const first = await postEvents(token, batch);
    expect(first.status).toBe(202);
    expect((await first.json()) as EventsAccepted).toEqual({ accepted: batch.map((e) => e.id), duplicates: [], queued: true });
    await eventsWritten(
      store.id,
      batch.map((e) => e.id),
    );
    // A resend of events already recorded is accepted again (the answer cannot know) and written nothing twice.
    const resend = await postEvents(token, batch);
    expect(resend.status).toBe(202);
    expect((await resend.json()) as EventsAccepted).toEqual({ accepted: batch.map((e) => e.id), duplicates: [], queued: true });
    const marker = event("view", "marker");
    await postEvents(token, [marker]);
    await eventsWritten(store.id, [marker.id]);
    const rows = await env.DB.prepare(`SELECT type, target, order_id, customer_id FROM widget_events WHERE store_id = ? ORDER BY type`)
      .bind(store.id)
      .all();
    expect(rows.results).toEqual([
      { type: "click", target: "status_link", order_id: order.id, customer_id: "cust-1" },
      { type: "view", target: "confirmation", order_id: order.id, customer_id: "cust-1" },
      { type: "view", target: "marker", order_id: order.id, customer_id: "cust-1" },
    ]);
  });

  it("records the checkout-feel cue on the order; the latest tap wins even if it arrives first", async () => {
    const { token, store, order } = await storeWithOrder();
    // Relative to now: the worker refuses events too old to be believable.
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
    const latest = event("checkout_feel", "hard", ago(5));
    const earlier = event("checkout_feel", "okay", ago(9));
    await postEvents(token, [latest]);
    await eventsWritten(store.id, [latest.id]);
    await postEvents(token, [earlier]);
    await eventsWritten(store.id, [earlier.id]);
    const row = await env.DB.prepare(`SELECT checkout_feel FROM orders WHERE store_id = ? AND id = ?`)
      .bind(store.id, order.id)
      .first<{ checkout_feel: string }>();
    expect(row?.checkout_feel).toBe("hard");
  });

  it("refuses bad events one by one with 422, recording the valid ones around them", async () => {
    const { token, store } = await storeWithOrder();
    const good = [event("view", "confirmation"), event("click", "status_link")];
    const future = event("view", "x", new Date(Date.now() + 60 * 60 * 1000).toISOString());
    const old = event("view", "x", "2020-01-01T00:00:00Z");
    const res = await postEvents(token, [good[0], event("checkout_feel", "meh"), future, { id: "bad id!" }, old, good[1]]);
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe("events_rejected");
    expect(error.details).toMatchObject({
      accepted: good.map((e) => e.id),
      duplicates: [],
      queued: true,
      rejected: [
        { index: 1, code: "invalid_event" },
        { index: 2, code: "event_in_future", id: future.id },
        { index: 3, code: "invalid_event" },
        { index: 4, code: "event_too_old", id: old.id },
      ],
    });
    await eventsWritten(
      store.id,
      good.map((e) => e.id),
    );
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM widget_events WHERE store_id = ?`).bind(store.id).first<{ n: number }>();
    expect(n?.n).toBe(2);
  });

  it("refuses a batch that is not a list of 1–50 events as a whole", async () => {
    const { token } = await storeWithOrder();
    const tooMany = Array.from({ length: 51 }, () => event("view"));
    for (const body of [tooMany, { events: [event("view")] }]) {
      const res = await postEvents(token, body);
      expect(res.status).toBe(422);
      expect((await errorOf(res)).code).toBe("invalid_values");
    }
  });

  it("counts each event once when the same batch arrives concurrently from several requests", async () => {
    const { token, store } = await storeWithOrder();
    const batch = Array.from({ length: 20 }, (_, i) => event("click", `offer-${i}`));
    const answers = await Promise.all(Array.from({ length: 6 }, () => postEvents(token, batch)));
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(((await res.json()) as EventsAccepted).accepted).toEqual(batch.map((e) => e.id));
    }
    await eventsWritten(
      store.id,
      batch.map((e) => e.id),
    );
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM widget_events WHERE store_id = ?`).bind(store.id).first<{ n: number }>();
    expect(n?.n).toBe(20);
  });

  it("403 origin_not_allowed from a page that is not the store's", async () => {
    const { token } = await storeWithOrder();
    const res = await postEvents(token, [event("view")], "https://evil.example");
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("origin_not_allowed");
  });

  it("takes the batch as text/plain too (no CORS preflight in a browser), parsed and checked as JSON all the same", async () => {
    const { token, store } = await storeWithOrder();
    const batch = [event("view", "survey")];
    for (const type of ["text/plain", "text/plain;charset=UTF-8"]) {
      const res = await postEvents(token, batch, ORIGIN, type);
      expect(res.status).toBe(202);
    }
    await eventsWritten(
      store.id,
      batch.map((e) => e.id),
    );
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM widget_events WHERE store_id = ?`).bind(store.id).first<{ n: number }>();
    expect(n?.n).toBe(1);
    expect((await errorOf(await postEvents(token, "[{not json", ORIGIN, "text/plain"))).code).toBe("malformed_json");
    expect((await errorOf(await postEvents(token, [{ id: "x" }], ORIGIN, "text/plain"))).code).toBe("events_rejected");
    expect((await errorOf(await postEvents(token, { events: batch }, ORIGIN, "text/plain"))).code).toBe("invalid_values");
    // A simple request skips the preflight, not the Origin check.
    const foreign = await postEvents(token, [event("view")], "https://evil.example", "text/plain");
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("Access-Control-Allow-Origin")).toBeNull();
    for (const type of ["multipart/form-data", "application/x-www-form-urlencoded", "text/html"]) {
      expect((await errorOf(await postEvents(token, [event("view")], ORIGIN, type))).code).toBe("unsupported_media_type");
    }
    // Anything those had enqueued would be written within the consumer's batch wait (a second) by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await env.DB.prepare(`SELECT count(*) AS n FROM widget_events WHERE store_id = ?`).bind(store.id).first<{ n: number }>();
    expect(after?.n).toBe(1);
  });

  it("404 for an unknown token, 422 for an empty batch", async () => {
    const { token } = await storeWithOrder();
    expect((await postEvents("B".repeat(43), [event("view")])).status).toBe(404);
    const empty = await postEvents(token, []);
    expect(empty.status).toBe(422);
    expect((await errorOf(empty)).code).toBe("invalid_values");
  });
});

describe("GET /v1/o/{token}/return-code.svg", () => {
  it("draws the order's status link as a QR code, an image that may run nothing", async () => {
    const { token, order } = await storeWithOrder();
    const res = await SELF.fetch(`${BASE}/v1/o/${token}/return-code.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/svg+xml; charset=UTF-8");
    expect(res.headers.get("Content-Security-Policy")).toBe("default-src 'none'");
    expect(await res.text()).toBe(qrSvg(`${ORIGIN}/orders/status?order=${token}`, `Acme Outdoor order ${order.id}`));
  });

  /** The modules an answer draws, read back from its one path (four modules of quiet zone around). */
  const modulesOf = (svg: string) => {
    const size = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]) - 8;
    const modules = new Uint8Array(size * size);
    for (const [, x, y, w] of /<path d="([^"]*)"/.exec(svg)![1]!.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g))
      for (let i = 0; i < +w!; i++) modules[(+y! - 4) * size + +x! - 4 + i] = 1;
    return { size, modules };
  };

  /** A store whose status page template is `template`, with one order: its token and number. */
  const orderOfStore = async (template: string) => {
    const store = await createStore({ statusPageUrl: template });
    const order = sampleOrder();
    const res = await postOrder(store.apiKey, order);
    expect(res.status).toBe(201);
    return { token: ((await res.json()) as { orderToken: string }).orderToken, orderId: order.id };
  };

  // Issue 17: a valid 240-character statusPageUrl answered 500 (the encoder stopped at version 10).
  it.each([240, 1000, 2048])(
    "draws a %i-character status link as a valid QR code: the reference's symbol, module for module",
    async (length) => {
      const head = `${ORIGIN}/orders/status?order={token}&ref=`;
      const template = head + "abcdefghij0123456789".repeat(120).slice(0, length - head.length);
      expect(template).toHaveLength(length);
      const { token } = await orderOfStore(template);
      const res = await SELF.fetch(`${BASE}/v1/o/${token}/return-code.svg`);
      expect(res.status).toBe(200);
      const drawn = modulesOf(await res.text());
      const text = template.replace("{token}", token);
      const level = text.length > 2331 ? "L" : "M";
      const references = [0, 1, 2, 3, 4, 5, 6, 7].map((mask) =>
        QRCode.create([{ data: new TextEncoder().encode(text), mode: "byte" }], {
          errorCorrectionLevel: level,
          maskPattern: mask as QRCode.QRCodeMaskPattern,
        }),
      );
      expect(drawn.size).toBe(references[0]!.version * 4 + 17);
      expect(references.filter((r) => r.modules.data.join() === drawn.modules.join())).toHaveLength(1);
    },
  );

  it("draws the primary origin's link for a template no QR code can hold (2,048 multi-byte characters)", async () => {
    const head = `${ORIGIN}/orders/status?order={token}&ref=`;
    const template = head + "€".repeat(2048 - head.length);
    const { token, orderId } = await orderOfStore(template);
    const res = await SELF.fetch(`${BASE}/v1/o/${token}/return-code.svg`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(qrSvg(`${ORIGIN}/?order=${token}`, `Acme Outdoor order ${orderId}`));
  });

  it("404 order_not_found for a token that opens nothing", async () => {
    const res = await SELF.fetch(`${BASE}/v1/o/${"A".repeat(43)}/return-code.svg`);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("order_not_found");
  });
});
