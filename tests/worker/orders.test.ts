import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, createStore, errorOf, postOrder, sampleOrder } from "./fixtures.ts";

describe("POST /v1/orders", () => {
  it("creates the order in D1 and answers an opaque token and the store's status URL", async () => {
    const store = await createStore();
    const order = sampleOrder();
    const res = await postOrder(store.apiKey, order);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { orderToken: string; statusUrl: string };
    expect(body.orderToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.orderToken).not.toContain(order.id);
    expect(body.statusUrl).toBe(`https://shop.example/orders/status?order=${body.orderToken}`);

    const row = await env.DB.prepare(`SELECT * FROM orders WHERE store_id = ? AND id = ?`)
      .bind(store.id, order.id)
      .first<{ subtotal: number; total: number; currency: string; customer_id: string }>();
    expect(row).toMatchObject({ subtotal: 16500, total: 15345, currency: "USD", customer_id: "cust-1" });
    const lines = await env.DB.prepare(
      `SELECT sku, quantity, unit_price FROM order_lines WHERE store_id = ? AND order_id = ? ORDER BY position`,
    )
      .bind(store.id, order.id)
      .all();
    expect(lines.results).toEqual([
      { sku: "TRAIL-1", quantity: 1, unit_price: 12900 },
      { sku: "SOCK-3", quantity: 2, unit_price: 1800 },
    ]);
    const adjustments = await env.DB.prepare(
      `SELECT kind, label, amount FROM order_adjustments WHERE store_id = ? AND order_id = ? ORDER BY kind`,
    )
      .bind(store.id, order.id)
      .all();
    expect(adjustments.results).toEqual([
      { kind: "discount", label: "WELCOME10", amount: 1650 },
      { kind: "fee", label: "Shipping", amount: 495 },
    ]);
  });

  it("puts the store's primary origin in the status link (the first listed, never the first alphabetically), or its statusPageUrl", async () => {
    const statusUrlOf = async (store: Awaited<ReturnType<typeof createStore>>) =>
      ((await (await postOrder(store.apiKey, sampleOrder())).json()) as { statusUrl: string }).statusUrl;
    // The security pass's probe: a developer's origin listed beside the shop's went into shoppers' emails.
    const withDevOrigin = await createStore({ origins: ["https://shop.example", "http://localhost:3000"], statusPageUrl: undefined });
    expect(await statusUrlOf(withDevOrigin)).toMatch(/^https:\/\/shop\.example\/\?order=[A-Za-z0-9_-]{43}$/);
    const zFirst = await createStore({ origins: ["https://www.zeta.example", "https://alpha.example"], statusPageUrl: undefined });
    expect(await statusUrlOf(zFirst)).toMatch(/^https:\/\/www\.zeta\.example\/\?order=/);
    // An explicit setting wins over any origin.
    const explicit = await createStore({
      origins: ["http://localhost:3000", "https://shop.example"],
      statusPageUrl: "https://shop.example/track/{token}",
    });
    expect(await statusUrlOf(explicit)).toMatch(/^https:\/\/shop\.example\/track\/[A-Za-z0-9_-]{43}$/);
    // A store's origins saved before their order was kept: the https one that is not a developer's machine.
    const legacy = await createStore({
      origins: ["http://localhost:3000", "http://127.0.0.1:3000", "https://legacy.example"],
      statusPageUrl: undefined,
    });
    await env.DB.prepare(`UPDATE store_origins SET position = NULL WHERE store_id = ?`).bind(legacy.id).run();
    expect(await statusUrlOf(legacy)).toMatch(/^https:\/\/legacy\.example\/\?order=/);
    // The order view's link and the one lifecycle moments carry come from the same place.
    const res = await postOrder(withDevOrigin.apiKey, sampleOrder());
    const { orderToken } = (await res.json()) as { orderToken: string };
    const view = (await (await SELF.fetch(`${BASE}/v1/o/${orderToken}`, { headers: { Origin: "https://shop.example" } })).json()) as {
      links: { status: string };
    };
    expect(view.links.status).toBe(`https://shop.example/?order=${orderToken}`);
  });

  it("is idempotent on the merchant's order id: a retry keeps one order and the same token", async () => {
    const store = await createStore();
    const order = sampleOrder();
    const first = (await (await postOrder(store.apiKey, order)).json()) as { orderToken: string };
    const retry = await postOrder(store.apiKey, order);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { orderToken: string }).orderToken).toBe(first.orderToken);
    const counts = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM orders WHERE store_id = ?1) AS orders,
              (SELECT count(*) FROM order_lines WHERE store_id = ?1) AS lines,
              (SELECT count(*) FROM order_tokens WHERE store_id = ?1) AS tokens`,
    )
      .bind(store.id)
      .first();
    expect(counts).toEqual({ orders: 1, lines: 2, tokens: 1 });
  });

  it("replaces the order's contents when the merchant sends it again changed", async () => {
    const store = await createStore();
    const order = sampleOrder();
    await postOrder(store.apiKey, order);
    const changed = { ...order, lines: [order.lines[0]!], discounts: [], fees: [], total: 12900 };
    expect((await postOrder(store.apiKey, changed)).status).toBe(200);
    const lines = await env.DB.prepare(`SELECT sku FROM order_lines WHERE store_id = ? AND order_id = ?`).bind(store.id, order.id).all();
    expect(lines.results).toEqual([{ sku: "TRAIL-1" }]);
    const adjustments = await env.DB.prepare(`SELECT count(*) AS n FROM order_adjustments WHERE store_id = ? AND order_id = ?`)
      .bind(store.id, order.id)
      .first<{ n: number }>();
    expect(adjustments?.n).toBe(0);
  });

  it("keeps concurrent retries to one order and one token", async () => {
    const store = await createStore();
    const order = sampleOrder();
    const answers = await Promise.all(Array.from({ length: 5 }, () => postOrder(store.apiKey, order)));
    const tokens = new Set<string>();
    for (const res of answers) {
      expect([200, 201]).toContain(res.status);
      tokens.add(((await res.json()) as { orderToken: string }).orderToken);
    }
    expect(tokens.size).toBe(1);
  });

  it("scopes order ids per store: two stores may use the same id", async () => {
    const a = await createStore();
    const b = await createStore();
    const order = sampleOrder();
    expect((await postOrder(a.apiKey, order)).status).toBe(201);
    expect((await postOrder(b.apiKey, order)).status).toBe(201);
  });

  describe("refuses bad requests with the contract's status and code", () => {
    it("401 unauthorized without a key", async () => {
      const res = await postOrder("", sampleOrder(), {
        headers: { "Content-Type": "application/json" },
      });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe("unauthorized");
    });

    it("401 unauthorized with an unknown key", async () => {
      const res = await postOrder("dsk_not-a-real-key", sampleOrder());
      expect(res.status).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
      expect((await errorOf(res)).code).toBe("unauthorized");
    });

    it("400 malformed_json", async () => {
      const store = await createStore();
      const res = await postOrder(store.apiKey, '{"id": "x",');
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: "malformed_json", message: expect.any(String) });
    });

    it("415 unsupported_media_type", async () => {
      const store = await createStore();
      const res = await postOrder(store.apiKey, sampleOrder(), {
        headers: { "Content-Type": "text/plain", Authorization: `Bearer ${store.apiKey}` },
      });
      expect(res.status).toBe(415);
      expect((await errorOf(res)).code).toBe("unsupported_media_type");
    });

    it("413 payload_too_large past 64 KiB, even without a Content-Length", async () => {
      const store = await createStore();
      const big = JSON.stringify({ ...sampleOrder(), padding: "x".repeat(70 * 1024) });
      const declared = await postOrder(store.apiKey, big);
      expect(declared.status).toBe(413);
      expect((await errorOf(declared)).code).toBe("payload_too_large");
      const streamed = await postOrder(store.apiKey, null, {
        body: new Blob([big]).stream(),
        // @ts-expect-error: duplex is required for streamed bodies but missing from the DOM types
        duplex: "half",
      });
      expect(streamed.status).toBe(413);
    });

    it("422 invalid_values naming each failing field", async () => {
      const store = await createStore();
      const bad = sampleOrder({ currency: "usd" });
      bad.lines[0]!.quantity = 0;
      const res = await postOrder(store.apiKey, { ...bad, placedAt: "yesterday" });
      expect(res.status).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe("invalid_values");
      const paths = (error.details as { path: string }[]).map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining(["currency", "lines.0.quantity", "placedAt"]));
      expect(error.message).toContain("currency");
    });

    it("422 when the total does not add up, so no shopper sees a wrong receipt", async () => {
      const store = await createStore();
      const res = await postOrder(store.apiKey, sampleOrder({ total: 1 }));
      expect(res.status).toBe(422);
      expect((await errorOf(res)).details).toEqual([{ path: "total", message: expect.stringContaining("15345") }]);
    });

    it("writes nothing for a refused order", async () => {
      const store = await createStore();
      await postOrder(store.apiKey, sampleOrder({ total: 1 }));
      const n = await env.DB.prepare(`SELECT count(*) AS n FROM orders WHERE store_id = ?`).bind(store.id).first<{ n: number }>();
      expect(n?.n).toBe(0);
    });
  });
});
