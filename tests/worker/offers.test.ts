import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { armOf } from "../../worker/domain/offers/holdout.ts";
import { loadOfferFacts, recomputeQuintiles, type OfferFacts } from "../../worker/storage/offers.ts";
import { readOrderViewWithOfferFacts } from "../../worker/storage/order-view.ts";
import { BASE, createStore, errorOf, eventsWritten, ORIGIN, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

const merchant = (apiKey: string, method: string, path: string, body: unknown) =>
  SELF.fetch(`${BASE}${path}`, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });

const product = (sku: string, family: string, price: number, extra: object = {}) => ({
  sku,
  name: sku.replace(/-/g, " "),
  family,
  price,
  currency: "USD",
  url: `${ORIGIN}/p/${sku}`,
  ...extra,
});

const line = (sku: string, unitPrice: number, family = "gear") => ({ sku, name: sku, family, quantity: 1, unitPrice });

/** A customer id in the treatment arm of `storeId` (the default holdout is 10%). */
function treatedCustomer(storeId: string) {
  for (let i = 0; ; i++) if (armOf(storeId, `cust-${i}`, 0.1) === "treatment") return `cust-${i}`;
}

async function order(
  apiKey: string,
  customerId: string,
  lines: ReturnType<typeof line>[],
  placedAt = new Date(Date.now() - 3_600_000).toISOString(),
) {
  const body = sampleOrder({
    id: uniqueId("o"),
    placedAt,
    customer: { id: customerId },
    lines,
    fees: [],
    discounts: [],
    total: lines.reduce((s, l) => s + l.unitPrice, 0),
  });
  const res = await postOrder(apiKey, body);
  expect(res.status).toBe(201);
  return { id: body.id, token: ((await res.json()) as { orderToken: string }).orderToken };
}

/** Asks for offers; the decision is recorded after the answer (waitUntil), so this waits for the row. */
const offers = async (token: string, placement = "confirmation") => {
  const res = await SELF.fetch(`${BASE}/v1/o/${token}/offers?placement=${placement}`, { headers: { Origin: ORIGIN } });
  const body = (await res.json()) as {
    decisionId: string;
    arm: string;
    offers: { sku: string; kind: string; reason: { code: string; text: string } }[];
  };
  for (let i = 0; res.status === 200 && i < 100; i++) {
    if (await env.DB.prepare(`SELECT 1 FROM offer_decisions WHERE id = ?`).bind(body.decisionId).first()) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { status: res.status, body };
};

describe("catalog and rules", () => {
  it("upserts products and validates rules", async () => {
    const store = await createStore();
    expect((await merchant(store.apiKey, "PUT", "/v1/catalog", [product("tent", "camping", 19900)])).status).toBe(200);
    expect((await merchant(store.apiKey, "PUT", "/v1/catalog", [product("tent", "camping", 17900, { active: false })])).status).toBe(200);
    const row = await env.DB.prepare(`SELECT price, active FROM products WHERE store_id = ? AND sku = 'tent'`).bind(store.id).first();
    expect(row).toEqual({ price: 17900, active: 0 });

    // The contract's product, without a currency: priced in whatever the store's orders use.
    const plain = await merchant(store.apiKey, "PUT", "/v1/catalog", [
      { sku: "mug", name: "Mug", family: "kitchen", price: 1200, url: `${ORIGIN}/p/mug`, replenishDays: 90 },
    ]);
    expect(plain.status).toBe(200);
    expect(await env.DB.prepare(`SELECT currency FROM products WHERE store_id = ? AND sku = 'mug'`).bind(store.id).first()).toEqual({
      currency: null,
    });

    const bad = await merchant(store.apiKey, "PUT", "/v1/catalog", [{ sku: "x", name: "x", family: "f", price: -1, currency: "USD" }]);
    expect(bad.status).toBe(422);
    const rules = await merchant(store.apiKey, "PUT", "/v1/offer-rules", { holdoutShare: 0.2, excludedSkus: ["tent"] });
    expect(await rules.json()).toMatchObject({
      replaced: true,
      rules: { holdoutShare: 0.2, excludedSkus: ["tent"], maxOffers: { confirmation: 3 } },
    });
    expect((await merchant(store.apiKey, "PUT", "/v1/offer-rules", { holdoutShare: 0.9 })).status).toBe(422);
    expect((await SELF.fetch(`${BASE}/v1/offer-rules`)).status).toBe(401);
  });

  // Issue 17, item 8: a typo answered 200 and reset every rule to its default.
  it("refuses a key the rules do not have, naming it, and changes nothing", async () => {
    const store = await createStore();
    const set = { holdoutShare: 0.2, excludedSkus: ["tent"], maxOffers: { confirmation: 1, tracking: 1, survey: 1 } };
    expect((await merchant(store.apiKey, "PUT", "/v1/offer-rules", set)).status).toBe(200);
    const read = async () =>
      (await (await SELF.fetch(`${BASE}/v1/offer-rules`, { headers: { Authorization: `Bearer ${store.apiKey}` } })).json()) as Record<
        string,
        unknown
      >;
    const before = await read();
    for (const [body, path] of [
      [{ holdoutshare: 0.3 }, "holdoutshare"],
      [{ holdoutShare: 0.3, maxOffers: { confirmation: 2, tracking: 2, survey: 2, emial: 1 } }, "maxOffers.emial"],
      [{ windows: { tents: { reorder: 30, upsel: 60 } } }, "windows.tents.upsel"],
      [{ education: { tents: { title: "Pitching", url: `${ORIGIN}/help`, body: "x" } } }, "education.tents.body"],
    ] as const) {
      const res = await merchant(store.apiKey, "PUT", "/v1/offer-rules", body);
      expect(res.status, path).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe("invalid_values");
      expect(error.details).toEqual([{ path, message: expect.stringMatching(/not a known field/) }]);
      expect(error.message).toContain(path);
    }
    expect(await read()).toEqual(before);
  });

  it("says a PUT replaced the rules whole, and which ones took their default", async () => {
    const store = await createStore();
    const res = await merchant(store.apiKey, "PUT", "/v1/offer-rules", { holdoutShare: 0.3 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { replaced: boolean; rules: Record<string, unknown>; defaulted: string[] };
    expect(body.replaced).toBe(true);
    expect(body.rules).toMatchObject({ holdoutShare: 0.3, attributionDays: 7, excludedSkus: [] });
    expect(body.defaulted.sort()).toEqual([
      "attributionDays",
      "crossSell",
      "education",
      "excludedSkus",
      "expensiveFamilies",
      "maxOffers",
      "windows",
    ]);
  });

  it("refuses a product field the catalog does not have, naming it, and writes nothing", async () => {
    const store = await createStore();
    const res = await merchant(store.apiKey, "PUT", "/v1/catalog", [
      product("lamp", "lighting", 3900),
      product("tent", "camping", 19900, { imageURL: `${ORIGIN}/tent.png`, Active: false }),
    ]);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).details).toEqual([
      { path: "1.imageURL", message: expect.stringMatching(/not a known field/) },
      { path: "1.Active", message: expect.stringMatching(/not a known field/) },
    ]);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM products WHERE store_id = ?`).bind(store.id).first()).toEqual({ n: 0 });
  });

  it("keeps merchants' order bodies lenient: fields Doorstep does not read are ignored", async () => {
    const store = await createStore();
    const res = await postOrder(store.apiKey, {
      ...sampleOrder(),
      channel: "web",
      customer: { id: "c-1", email: "c@example.com", loyaltyTier: "gold" },
    });
    expect(res.status).toBe(201);
  });
});

describe("GET /v1/o/{token}/offers", () => {
  async function shop() {
    const store = await createStore();
    await merchant(store.apiKey, "PUT", "/v1/catalog", [
      product("shoe", "shoes", 12900),
      product("gaiter", "gear", 2500),
      product("socks", "socks", 1800),
      product("bottle", "gear", 2200),
    ]);
    // History: shoes go with gaiters far more than chance; socks are in every order.
    for (let i = 0; i < 6; i++) await order(store.apiKey, `hist-${i}`, [line("shoe", 12900), line("gaiter", 2500), line("socks", 1800)]);
    for (let i = 0; i < 6; i++) await order(store.apiKey, `hist2-${i}`, [line("bottle", 2200), line("socks", 1800)]);
    return store;
  }

  it("answers cross-sells with reasons, never what is in the order, and records the decision", async () => {
    const store = await shop();
    const customer = treatedCustomer(store.id);
    const { token, id } = await order(store.apiKey, customer, [line("shoe", 12900)]);
    const { status, body } = await offers(token);
    expect(status).toBe(200);
    expect(body.arm).toBe("treatment");
    expect(body.offers[0]).toMatchObject({
      sku: "gaiter",
      kind: "cross_sell",
      reason: { code: "co_purchase", text: "Often bought with your shoe" },
    });
    expect(body.offers.map((o) => o.sku)).not.toContain("shoe");
    const decision = await env.DB.prepare(`SELECT arm, placement, offers FROM offer_decisions WHERE store_id = ? AND id = ?`)
      .bind(store.id, body.decisionId)
      .first<{ arm: string; placement: string; offers: string }>();
    expect(decision).toMatchObject({ arm: "treatment", placement: "confirmation" });
    expect(JSON.parse(decision!.offers)[0]).toMatchObject({ sku: "gaiter", kind: "cross_sell" });
    void id;
  });

  it("gives the holdout arm nothing, and records that it did", async () => {
    const store = await shop();
    let customer = "";
    for (let i = 0; !customer; i++) if (armOf(store.id, `c-${i}`, 0.1) === "holdout") customer = `c-${i}`;
    const { token } = await order(store.apiKey, customer, [line("shoe", 12900)]);
    const { body } = await offers(token, "tracking");
    expect(body).toMatchObject({ arm: "holdout", offers: [] });
    const decision = await env.DB.prepare(`SELECT arm, offers FROM offer_decisions WHERE store_id = ? AND id = ?`)
      .bind(store.id, body.decisionId)
      .first();
    expect(decision).toEqual({ arm: "holdout", offers: "[]" });
  });

  it("gives a detractor support and no sales offer", async () => {
    const store = await shop();
    const { token } = await order(store.apiKey, treatedCustomer(store.id), [line("shoe", 12900)]);
    await SELF.fetch(`${BASE}/v1/o/${token}/survey`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify({ rating: 1 }),
    });
    const { body } = await offers(token, "survey");
    expect(body.offers.map((o) => o.kind)).toEqual(["support"]);
  });

  it("attributes a later order with a clicked sku to the offer", async () => {
    const store = await shop();
    const customer = treatedCustomer(store.id);
    const { token } = await order(store.apiKey, customer, [line("shoe", 12900)], new Date(Date.now() - 3_600_000).toISOString());
    await offers(token);
    const clickId = uniqueId("click").replace(/[^A-Za-z0-9_-]/g, "_");
    const events = await SELF.fetch(`${BASE}/v1/o/${token}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify([
        { id: clickId, type: "offer_click", target: "cross_sell:gaiter", at: new Date(Date.now() - 60_000).toISOString() },
      ]),
    });
    expect(events.status).toBe(202);
    // The click is written by the events queue's consumer; the next order finds it once it is.
    await eventsWritten(store.id, [clickId]);
    const next = await order(store.apiKey, customer, [line("gaiter", 2500), line("socks", 1800)], new Date().toISOString());
    const conversions = (
      await env.DB.prepare(`SELECT order_id, sku, click_event_id, revenue FROM offer_conversions WHERE store_id = ?`).bind(store.id).all()
    ).results;
    expect(conversions).toEqual([{ order_id: next.id, sku: "gaiter", click_event_id: clickId, revenue: 2500 }]);
    const stats = await env.DB.prepare(`SELECT kind, shown, clicked FROM offer_kind_stats WHERE store_id = ? AND kind = 'cross_sell'`)
      .bind(store.id)
      .first();
    expect(stats).toMatchObject({ kind: "cross_sell", clicked: 1 });
  });

  it("validates the placement", async () => {
    const store = await shop();
    const { token } = await order(store.apiKey, treatedCustomer(store.id), [line("shoe", 12900)]);
    const res = await SELF.fetch(`${BASE}/v1/o/${token}/offers?placement=homepage`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("invalid_values");
  });
});

describe("GET /v1/o/{token}?offers=…: the view and its offers' facts in one statement", () => {
  /** Facts in a form that compares: pairs and products in a fixed order (a JSON aggregate keeps none of its own for ties). */
  const comparable = (f: OfferFacts) => ({
    ...f,
    pairs: [...f.pairs].sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`)),
    catalog: [...f.catalog.entries()].sort(([a], [b]) => a.localeCompare(b)),
  });

  it("reads the same facts as the offers' own statement: pairs, pairings from the rules, products, history, totals, cut points, bandit counts, survey", async () => {
    const store = await createStore();
    await merchant(store.apiKey, "PUT", "/v1/catalog", [
      product("shoe", "shoes", 12900),
      product("trail-shoe", "shoes", 15900),
      product("gaiter", "gear", 2500),
      product("socks", "socks", 1800),
      product("bottle", "gear", 2200),
      product("lamp", "light", 4500),
      product("wax", "care", 900),
    ]);
    // Pairings by sku and by family, as the merchant sets them.
    expect((await merchant(store.apiKey, "PUT", "/v1/offer-rules", { crossSell: { shoe: ["wax"], gear: ["lamp"] } })).status).toBe(200);
    for (let i = 0; i < 4; i++) await order(store.apiKey, `hist-${i}`, [line("shoe", 12900), line("gaiter", 2500), line("socks", 1800)]);
    for (let i = 0; i < 3; i++) await order(store.apiKey, `hist2-${i}`, [line("bottle", 2200), line("socks", 1800)]);
    const customer = treatedCustomer(store.id);
    await order(store.apiKey, customer, [line("shoe", 12900, "shoes")], new Date(Date.now() - 40 * 86_400_000).toISOString());
    await recomputeQuintiles(env.DB, store.id, new Date());
    const { token, id } = await order(store.apiKey, customer, [line("gaiter", 2500), line("socks", 1800, "socks")]);
    await offers(token, "tracking");
    await SELF.fetch(`${BASE}/v1/o/${token}/survey`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify({ rating: 5 }),
    });

    const fused = await readOrderViewWithOfferFacts(env.DB, token);
    expect(fused).not.toBeNull();
    const own = await loadOfferFacts(env.DB, {
      storeId: store.id,
      customerId: customer,
      orderId: id,
      orderSkus: ["gaiter", "socks"],
      // offersFor's pairings: the rules' cross-sells for the order's skus and families (gear → lamp).
      extraSkus: ["lamp"],
    });
    expect(own.pairs.length).toBeGreaterThan(0);
    expect(own.purchases.map((p) => p.sku)).toContain("shoe");
    expect([...own.catalog.keys()]).toContain("lamp");
    expect(own.quintiles).toBeDefined();
    expect(own.survey).toEqual({ score: { rating: 5 }, wants: undefined });
    expect(Object.keys(own.kindStats).length).toBeGreaterThan(0);
    expect(comparable(fused!.facts)).toEqual(comparable(own));
    expect(fused!.data.order.id).toBe(id);
  });

  it("answers the view with the same offers the offers route gives, and records the decision", async () => {
    const store = await createStore();
    // The gaiter's picture on Shopify's CDN: both answers ask for it at the widget's offer size (64 px, 3×).
    const picture = "https://cdn.shopify.com/s/files/1/0610/0020/products/gaiter.jpg?v=1700000000";
    await merchant(store.apiKey, "PUT", "/v1/catalog", [
      product("shoe", "shoes", 12900),
      product("gaiter", "gear", 2500, { imageUrl: picture }),
    ]);
    for (let i = 0; i < 6; i++) await order(store.apiKey, `hist-${i}`, [line("shoe", 12900), line("gaiter", 2500)]);
    const { token } = await order(store.apiKey, treatedCustomer(store.id), [line("shoe", 12900)]);
    const res = await SELF.fetch(`${BASE}/v1/o/${token}?offers=tracking`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const body = (await res.json()) as {
      order: { lines: unknown[] };
      offers: { decisionId: string; arm: string; offers: { sku: string; reason: { code: string } }[] };
    };
    expect(body.order.lines).toHaveLength(1);
    expect(body.offers.arm).toBe("treatment");
    expect(body.offers.offers[0]).toMatchObject({ sku: "gaiter", reason: { code: "co_purchase" }, imageUrl: `${picture}&width=192` });
    for (let i = 0; i < 100; i++) {
      if (await env.DB.prepare(`SELECT 1 FROM offer_decisions WHERE id = ?`).bind(body.offers.decisionId).first()) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const decision = await env.DB.prepare(`SELECT placement, arm FROM offer_decisions WHERE store_id = ? AND id = ?`)
      .bind(store.id, body.offers.decisionId)
      .first();
    expect(decision).toEqual({ placement: "tracking", arm: "treatment" });
    const shown = await env.DB.prepare(`SELECT shown FROM offer_kind_stats WHERE store_id = ? AND kind = 'cross_sell'`)
      .bind(store.id)
      .first();
    expect(shown).toEqual({ shown: 1 });
    const alone = await SELF.fetch(`${BASE}/v1/o/${token}/offers?placement=tracking`, { headers: { Origin: ORIGIN } });
    expect(((await alone.json()) as { offers: { imageUrl?: string }[] }).offers[0]!.imageUrl).toBe(`${picture}&width=192`);
  });
});

describe("segments", () => {
  it("recomputes a store's RFM cut points in SQL", async () => {
    const store = await createStore();
    for (let i = 1; i <= 10; i++) {
      for (let n = 0; n < (i % 3) + 1; n++)
        await order(store.apiKey, `seg-${i}`, [line(`sku-${i}`, i * 1000)], new Date(Date.now() - i * 10 * 86_400_000).toISOString());
    }
    const q = await recomputeQuintiles(env.DB, store.id, new Date());
    expect(q.orders).toHaveLength(4);
    expect(q.revenue).toHaveLength(4);
    expect(q.recencyDays[0]!).toBeLessThan(q.recencyDays[3]!);
  });
});

describe("GET /v1/admin/lift", () => {
  it("reports both arms over the customers who got a decision in the range", async () => {
    const store = await createStore();
    await merchant(store.apiKey, "PUT", "/v1/offer-rules", { holdoutShare: 0.5 });
    const start = new Date(Date.now() - 5 * 86_400_000).toISOString();
    // Three customers in each arm (the arm is a hash of store and customer, so pick ids that land so).
    const customers: string[] = [];
    const perArm = { treatment: 0, holdout: 0 };
    for (let i = 0; customers.length < 6; i++) {
      const arm = armOf(store.id, `lift-${i}`, 0.5);
      if (perArm[arm] < 3) {
        perArm[arm]++;
        customers.push(`lift-${i}`);
      }
    }
    for (const [i, customer] of customers.entries()) {
      const { token } = await order(store.apiKey, customer, [line("x", 1000)], start);
      await offers(token);
      if (i % 2 === 0) await order(store.apiKey, customer, [line("y", 2000)], new Date().toISOString());
    }
    const res = await SELF.fetch(
      `${BASE}/v1/admin/lift?from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      {
        headers: { Authorization: `Bearer ${store.apiKey}` },
      },
    );
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      treatment: { customers: number; revenuePerCustomer: number };
      holdout: { customers: number };
      repeatRate: { difference: number; low: number; high: number };
    };
    expect(report.treatment.customers + report.holdout.customers).toBe(6);
    const arms = customers.map((c) => armOf(store.id, c, 0.5));
    expect(report.treatment.customers).toBe(arms.filter((a) => a === "treatment").length);
    const treatedRepeaters = arms.filter((a, i) => a === "treatment" && i % 2 === 0).length;
    expect(report.treatment.revenuePerCustomer).toBeCloseTo((treatedRepeaters * 2000) / report.treatment.customers, 6);
    expect((await SELF.fetch(`${BASE}/v1/admin/lift?from=x&to=y`, { headers: { Authorization: `Bearer ${store.apiKey}` } })).status).toBe(
      422,
    );
    expect((await SELF.fetch(`${BASE}/v1/admin/lift?from=2026-01-01&to=2026-02-01`)).status).toBe(401);
  });
});
