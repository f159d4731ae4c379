import { describe, expect, it } from "vitest";
import { sampleKindWeights, seededRandom } from "../../../worker/domain/offers/bandit.ts";
import { coPurchaseScore } from "../../../worker/domain/offers/co-purchase.ts";
import { armOf } from "../../../worker/domain/offers/holdout.ts";
import { OFFER_KINDS, recommend, type Product, type RecommendInput } from "../../../worker/domain/offers/recommend.ts";
import { quintilesOf, rfmScore, type CustomerTotals } from "../../../worker/domain/offers/rfm.ts";
import { windowsFor } from "../../../worker/domain/offers/windows.ts";
import { surveySignal } from "../../../worker/domain/survey-signal.ts";
import { offerRules } from "../../../worker/schemas/offers.ts";

describe("holdout assignment", () => {
  it("is stable per customer and close to its share over 10,000 customers", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `cust-${i}`);
    const arms = ids.map((id) => armOf("acme", id, 0.1));
    expect(ids.map((id) => armOf("acme", id, 0.1))).toEqual(arms);
    const share = arms.filter((a) => a === "holdout").length / ids.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    // Another store splits its customers independently.
    const other = ids.map((id) => armOf("globex", id, 0.1));
    expect(other.filter((a, i) => a === "holdout" && arms[i] === "holdout").length).toBeLessThan(200);
    expect(armOf("acme", "anyone", 0)).toBe("treatment");
  });
});

describe("RFM segments", () => {
  const now = new Date("2026-11-24T00:00:00Z");
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const customers: CustomerTotals[] = [
    { customerId: "loyal", orders: 9, revenue: 90_000, lastOrderAt: ago(3) },
    { customerId: "steady", orders: 3, revenue: 9_000, lastOrderAt: ago(10) },
    { customerId: "new", orders: 1, revenue: 5_000, lastOrderAt: ago(2) },
    { customerId: "lapsed", orders: 4, revenue: 40_000, lastOrderAt: ago(200) },
    { customerId: "gone", orders: 1, revenue: 2_000, lastOrderAt: ago(300) },
    { customerId: "big-new", orders: 2, revenue: 60_000, lastOrderAt: ago(5) },
    { customerId: "small", orders: 2, revenue: 3_000, lastOrderAt: ago(20) },
    { customerId: "mid", orders: 2, revenue: 12_000, lastOrderAt: ago(12) },
    { customerId: "once", orders: 1, revenue: 8_000, lastOrderAt: ago(25) },
    { customerId: "old", orders: 5, revenue: 20_000, lastOrderAt: ago(120) },
  ];
  const q = quintilesOf(customers, now);
  it.each([
    ["loyal", "high_value_repeat"],
    ["big-new", "high_value_repeat"],
    ["steady", "mid_value_repeat"],
    ["new", "one_time"],
    ["lapsed", "at_risk"],
    ["gone", "at_risk"],
    ["old", "at_risk"],
  ])("%s → %s", (id, segment) => {
    expect(rfmScore(customers.find((c) => c.customerId === id)!, q, now).segment).toBe(segment);
  });
  it("scores each dimension 1–5", () => {
    for (const c of customers) {
      const s = rfmScore(c, q, now);
      for (const v of [s.r, s.f, s.m]) expect(v >= 1 && v <= 5).toBe(true);
    }
  });
});

describe("co-purchase score", () => {
  // 100 orders. Socks are in 60 of them (a bestseller), the gaiter in 5, the trail shoe in 20.
  // Shoes were bought with socks 12 times (exactly chance: 20 × 60 / 100) and with the gaiter 4 times.
  it("prefers the pair bought together more than chance over the bestseller", () => {
    const withSocks = coPurchaseScore(12, 20, 60, 100);
    const withGaiter = coPurchaseScore(4, 20, 5, 100);
    expect(withGaiter).toBeGreaterThan(withSocks);
    expect(coPurchaseScore(12, 20, 60, 100)).toBeCloseTo(((12 * 100) / (25 * 65)) * (12 / 17), 9);
  });
  it("damps pairs seen only once", () => {
    expect(coPurchaseScore(1, 1, 1, 100)).toBeLessThan(coPurchaseScore(30, 30, 30, 100));
    expect(coPurchaseScore(0, 10, 10, 100)).toBe(0);
  });
});

describe("bandit weights", () => {
  it("lets kinds nobody clicks fade while still trying kinds with little data", () => {
    const random = seededRandom(42);
    let ignored = 0;
    let liked = 0;
    let fresh = 0;
    for (let i = 0; i < 2000; i++) {
      const w = sampleKindWeights(
        ["cross_sell", "upsell", "reorder"],
        { cross_sell: { shown: 1000, clicked: 120 }, upsell: { shown: 1000, clicked: 1 } },
        random,
      );
      liked += w.cross_sell;
      ignored += w.upsell;
      fresh += w.reorder;
    }
    expect(liked / 2000).toBeCloseTo(0.12, 2);
    expect(ignored / 2000).toBeLessThan(0.01);
    expect(fresh / 2000).toBeCloseTo(0.5, 1);
  });

  it("samples counts that are not numbers as no data (a NaN shape never left the sampler's loop)", () => {
    const w = sampleKindWeights(
      ["cross_sell", "upsell"],
      { cross_sell: { shown: Number.NaN, clicked: Number.NaN }, upsell: { shown: -5, clicked: undefined as unknown as number } },
      seededRandom(7),
    );
    for (const weight of Object.values(w)) expect(weight).toBeGreaterThanOrEqual(0);
    for (const weight of Object.values(w)) expect(weight).toBeLessThanOrEqual(1);
  });
});

describe("windows", () => {
  it("defaults to 7/14/28 days, 21–35 for expensive families, overridable per family", () => {
    const rules = offerRules.parse({ expensiveFamilies: ["sofa"], windows: { coffee: { replenishment: 21 } } });
    expect(windowsFor("shoes", rules)).toEqual({ reorder: 7, upsell: 14, replenishment: 28 });
    expect(windowsFor("sofa", rules)).toEqual({ reorder: 21, upsell: 28, replenishment: 35 });
    expect(windowsFor("coffee", rules)).toEqual({ reorder: 7, upsell: 14, replenishment: 21 });
  });
});

describe("recommend", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  const product = (sku: string, family: string, price: number, extra: Partial<Product> = {}): Product => ({
    sku,
    name: sku.replace(/-/g, " "),
    family,
    price,
    currency: "USD",
    url: `https://shop.example/p/${sku}`,
    active: true,
    ...extra,
  });
  const catalog = new Map(
    [
      product("trail-shoe", "shoes", 12900),
      product("trail-shoe-pro", "shoes", 18900),
      product("gaiter", "accessories", 2500),
      product("socks", "socks", 1800),
      product("coffee", "coffee", 1500, { replenishDays: 28 }),
      product("hidden", "accessories", 900),
      product("euro-only", "accessories", 900, { currency: "EUR" }),
      product("any-currency", "accessories", 700, { currency: undefined }),
    ].map((p) => [p.sku, p]),
  );
  const weights = Object.fromEntries(OFFER_KINDS.map((k) => [k, 1])) as RecommendInput["weights"];
  const base = (over: Partial<RecommendInput> = {}): RecommendInput => ({
    placement: "confirmation",
    now,
    currency: "USD",
    orderSkus: ["trail-shoe"],
    purchases: [{ sku: "trail-shoe", family: "shoes", at: now.toISOString() }],
    catalog,
    related: [
      { from: "trail-shoe", to: "gaiter", score: 2.0 },
      { from: "trail-shoe", to: "socks", score: 0.7 },
      { from: "trail-shoe", to: "hidden", score: 3.0 },
      { from: "trail-shoe", to: "euro-only", score: 3.0 },
    ],
    rules: offerRules.parse({ excludedSkus: ["hidden"] }),
    weights,
    support: { email: "help@shop.example" },
    ...over,
  });

  it("ranks cross-sells by lift with a reason, dropping excluded skus and other currencies", () => {
    const offers = recommend(base());
    expect(offers.map((o) => [o.sku, o.kind, o.reason.code])).toEqual([
      ["gaiter", "cross_sell", "co_purchase"],
      ["socks", "cross_sell", "co_purchase"],
    ]);
    expect(offers[0]!.reason.text).toBe("Often bought with your trail shoe");
  });

  it("offers a product without a currency in the order's currency", () => {
    const offers = recommend(
      base({
        placement: "tracking",
        currency: "EUR",
        related: [
          { from: "trail-shoe", to: "any-currency", score: 1 },
          { from: "trail-shoe", to: "gaiter", score: 1 },
        ],
      }),
    );
    expect(offers.map((o) => [o.sku, o.currency])).toEqual([["any-currency", "EUR"]]);
  });

  it("never offers what was already bought, and caps the list per placement", () => {
    const offers = recommend(
      base({
        purchases: [...base().purchases, { sku: "gaiter", at: "2026-11-23T00:00:00Z" }],
        rules: offerRules.parse({ excludedSkus: ["hidden"], maxOffers: { confirmation: 1, tracking: 1, survey: 1 } }),
      }),
    );
    expect(offers.map((o) => o.sku)).toEqual(["socks"]);
  });

  it("gives detractors support and nothing to buy", () => {
    const offers = recommend(base({ placement: "survey", signal: surveySignal(1) }));
    expect(offers).toEqual([expect.objectContaining({ kind: "support", price: 0, url: "mailto:help@shop.example" })]);
  });

  it("gives neutrals education, not a pitch", () => {
    const rules = offerRules.parse({ education: { shoes: { title: "Lacing for long runs", url: "https://shop.example/learn/lacing" } } });
    const offers = recommend(base({ placement: "survey", signal: surveySignal(3), rules }));
    expect(offers).toEqual([
      expect.objectContaining({
        kind: "education",
        name: "Lacing for long runs",
        price: 0,
        reason: { code: "how_to", text: "Get more from your trail shoe", params: { item: "trail shoe" } },
      }),
    ]);
  });

  it("opens replenishment, reorder and upsell windows from the last purchase", () => {
    const purchases = [
      { sku: "coffee", family: "coffee", at: "2026-10-20T12:00:00Z" }, // 35 days ago
      { sku: "trail-shoe", family: "shoes", at: "2026-11-01T12:00:00Z" }, // 23 days ago
    ];
    const offers = recommend(
      base({
        placement: "tracking",
        orderSkus: [],
        purchases,
        related: [],
        rules: offerRules.parse({ maxOffers: { confirmation: 5, tracking: 5, survey: 5 } }),
      }),
    );
    expect(offers.map((o) => [o.sku, o.kind, o.reason.text, o.reason.params])).toEqual([
      ["coffee", "replenishment", "Time to restock: 35 days since your last order", { days: 35 }],
      ["trail-shoe-pro", "upsell", "A step up from your trail shoe", { item: "trail shoe" }],
      ["trail-shoe", "reorder", "Need another trail shoe?", { item: "trail shoe" }],
    ]);
  });

  it("lets the sampled click-through of a kind reorder the list", () => {
    const offers = recommend(
      base({
        related: [{ from: "trail-shoe", to: "gaiter", score: 1 }],
        rules: offerRules.parse({ crossSell: { shoes: ["socks"] } }),
        weights: { ...weights, cross_sell: 0.5 },
      }),
    );
    expect(offers.map((o) => o.sku)).toEqual(["gaiter", "socks"]);
  });
});

describe("lift report", () => {
  it("compares the arms with 95% intervals computed by hand", async () => {
    const { liftReport } = await import("../../../worker/domain/offers/lift.ts");
    const outcomes = [
      // Treatment: 4 customers, 2 bought again (one within the window), revenue 100, 300, 0, 0.
      { arm: "treatment", ordersAfter: 1, ordersInWindow: 1, revenueAfter: 100 },
      { arm: "treatment", ordersAfter: 2, ordersInWindow: 0, revenueAfter: 300 },
      { arm: "treatment", ordersAfter: 0, ordersInWindow: 0, revenueAfter: 0 },
      { arm: "treatment", ordersAfter: 0, ordersInWindow: 0, revenueAfter: 0 },
      // Holdout: 2 customers, 1 bought again, revenue 50, 0.
      { arm: "holdout", ordersAfter: 1, ordersInWindow: 1, revenueAfter: 50 },
      { arm: "holdout", ordersAfter: 0, ordersInWindow: 0, revenueAfter: 0 },
    ] as const;
    const report = liftReport([...outcomes]);
    expect(report.treatment).toEqual({ customers: 4, repeatRate: 0.5, conversionRate: 0.25, revenuePerCustomer: 100 });
    expect(report.holdout).toEqual({ customers: 2, repeatRate: 0.5, conversionRate: 0.5, revenuePerCustomer: 25 });
    // Repeat: 0.5 − 0.5 = 0 ± 1.96·√(0.25/4 + 0.25/2) = ± 0.8487
    expect(report.repeatRate.difference).toBe(0);
    expect(report.repeatRate.high).toBeCloseTo(0.84869, 4);
    // Revenue: variances 20000 (treatment) and 1250 (holdout): 75 ± 1.959964·√(5000 + 625) = 75 ± 146.9973
    expect(report.revenuePerCustomer.difference).toBe(75);
    expect(report.revenuePerCustomer.low).toBeCloseTo(75 - 146.9973, 3);
  });
});
