/**
 * Shopify orders as Doorstep orders, over payloads shaped as Shopify sends them
 * (tests/worker/fixtures/platforms): money in the shopper's currency and minor units, a breakdown that
 * adds up to Shopify's total, identifiers for lines without a SKU, customers that may be missing.
 */
import { describe, expect, it } from "vitest";
import { shopifyOrder } from "../../../../worker/domain/platforms/shopify-order.ts";
import { shopifyOrder as schema, type ShopifyOrder } from "../../../../worker/schemas/platforms/shopify.ts";
import { orderArithmetic, orderInput } from "../../../../worker/schemas/order.ts";
import docs from "../../fixtures/platforms/shopify/orders-create-docs-shape.json";
import draft from "../../fixtures/platforms/shopify/orders-create-draft-hkd.json";
import jpy from "../../fixtures/platforms/shopify/orders-create-jpy-presentment.json";
import kwd from "../../fixtures/platforms/shopify/orders-updated-kwd.json";

const NOW = new Date("2026-12-06T00:00:00Z");
const map = (payload: unknown) => shopifyOrder(schema.parse(payload), NOW);

describe("Shopify order → Doorstep order", () => {
  it.each([
    [
      "draft order in HKD with two discounts",
      draft,
      {
        currency: "HKD",
        total: 18615,
        fees: [{ label: "Shipping", amount: 2200 }],
        discounts: [
          { label: "SPRING15", amount: 2985 },
          { label: "Bundle saving", amount: 500 },
        ],
      },
    ],
    [
      "USD shop, shopper paying JPY, taxes included, free shipping",
      jpy,
      { currency: "JPY", total: 3780, fees: [], discounts: [{ label: "WELCOME", amount: 420 }] },
    ],
    [
      "KWD with tax, half-price shipping, duties and a tip",
      kwd,
      {
        currency: "KWD",
        total: 31663,
        fees: [
          { label: "Shipping", amount: 1500 },
          { label: "Tax", amount: 1288 },
          { label: "Duties", amount: 2125 },
          { label: "Tip", amount: 1000 },
        ],
        discounts: [],
      },
    ],
    [
      "the docs' shape: tax excluded, one code across two lines",
      docs,
      {
        currency: "USD",
        total: 42785,
        fees: [
          { label: "Shipping", amount: 1000 },
          { label: "Tax", amount: 2985 },
        ],
        discounts: [{ label: "TENOFF", amount: 1000 }],
      },
    ],
  ] as const)("%s: the breakdown is the shopper's receipt and adds up to Shopify's total", (_name, payload, expected) => {
    const order = map(payload);
    expect(order.currency).toBe(expected.currency);
    expect(order.total).toBe(expected.total);
    expect(order.fees).toEqual(expected.fees);
    expect(order.discounts).toEqual(expected.discounts);
    expect(orderArithmetic(order).total).toBe(order.total);
    expect(order.notes).toEqual([]);
    // The order schema of POST /v1/orders takes it as it is.
    expect(orderInput.safeParse({ ...order, cancelledAt: order.cancelledAt }).success).toBe(true);
  });

  it("keeps a draft order without customer or email, and gives its SKU-less lines their variants' identifiers", () => {
    const order = map(draft);
    expect(order.id).toBe("6200407294252");
    expect(order.number).toBe("#1071");
    expect(order.customer).toEqual({ id: "shopify-guest-6200407294252", email: undefined, phone: undefined });
    expect(order.lines.map((l) => [l.sku, l.unitPrice, l.quantity])).toEqual([
      ["shopify-variant-50398373085484", 9900, 1],
      ["shopify-variant-50451770802476", 10000, 1],
    ]);
    expect(order.locale).toBe("zh-TW");
    // processed_at, with the shop's own offset: the order's time zone.
    expect(order.placedAt).toBe("2026-11-23T23:10:14-05:00");
    expect(order.updatedAt).toBe("2026-11-24T04:10:16.000Z");
  });

  it("shows the shopper's currency with its own exponent, and their customer and locale", () => {
    const order = map(jpy);
    expect(order.lines.map((l) => [l.sku, l.name, l.unitPrice, l.quantity])).toEqual([
      ["shopify-variant-44500600700801", "Cast Iron Kettle - Black", 1500, 2],
      ["TEA-SEN-100", "Sencha Green Tea - 100g", 1200, 1],
    ]);
    expect(order.customer).toEqual({ id: "7390112345", email: "aiko.tanaka@example.jp", phone: undefined });
    expect(order.locale).toBe("ja");
    expect(order.placedAt).toBe("2026-11-28T10:04:10+09:00");
  });

  it("reads the exact id of an order past 2^53 from its gid, and makes parcels of its live fulfillments only", () => {
    const order = map(docs);
    expect(order.id).toBe("820982911946154508");
    expect(order.customer.id).not.toBe("");
    expect(order.parcels).toHaveLength(2);
    const [live, cancelled] = order.parcels;
    expect(cancelled).toEqual({ prefix: "shopify-255858047-", parcels: [] });
    expect(live!.parcels).toHaveLength(1);
    const parcel = live!.parcels[0]!;
    expect(parcel).toMatchObject({
      id: "shopify-255858046-9400111899223197428490",
      carrier: "USPS",
      trackingNumber: "9400111899223197428490",
      lines: [{ sku: "IPOD2008GREEN", quantity: 1 }],
    });
    expect(parcel.scans.map((s) => [s.status, s.vendorStatus])).toEqual([
      ["packed", "fulfillment/success"],
      ["in_transit", "shipment_status/in_transit"],
    ]);
  });

  it("carries cancellation, and prefers presentment money only when Shopify gives the total in it", () => {
    const cancelled = map({ ...jpy, cancelled_at: "2026-11-28T12:00:00+09:00" });
    expect(cancelled.cancelledAt).toBe("2026-11-28T03:00:00.000Z");
    // A payload without presentment sets (an older API version) stays in the shop's currency, balanced.
    const strip = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(strip)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "presentment_money" ? null : strip(v)]))
          : value;
    const shopOnly = map(strip(jpy) as ShopifyOrder);
    expect(shopOnly.currency).toBe("USD");
    expect(shopOnly.total).toBe(2520);
    expect(orderArithmetic(shopOnly).total).toBe(2520);
  });

  it("is never refused for arithmetic: what Shopify does not itemise becomes one adjustment", () => {
    // A fee Doorstep cannot see (a newer field) raised the total by 1.50.
    const order = map({
      ...kwd,
      total_price: "33.163",
      total_price_set: {
        shop_money: { amount: "33.163", currency_code: "KWD" },
        presentment_money: { amount: "33.163", currency_code: "KWD" },
      },
    });
    expect(order.fees.at(-1)).toEqual({ label: "Adjustment", amount: 1500 });
    expect(orderArithmetic(order).total).toBe(33163);
    expect(order.notes[0]).toMatch(/adjustment of 1500/);
    // A total below the itemised sum (a rounding the other way) becomes a discount.
    const lower = map({
      ...draft,
      total_price_set: {
        shop_money: { amount: "186.14", currency_code: "HKD" },
        presentment_money: { amount: "186.14", currency_code: "HKD" },
      },
    });
    expect(lower.discounts.at(-1)).toEqual({ label: "Adjustment", amount: 1 });
    expect(orderArithmetic(lower).total).toBe(18614);
  });

  it("drops contacts the order schema would refuse, instead of the order", () => {
    const order = map({
      ...jpy,
      email: "not an email",
      contact_email: null,
      customer: { id: 1, email: "also bad", phone: "call me" },
      phone: null,
      customer_locale: "!!",
    });
    expect(order.customer).toEqual({ id: "1", email: undefined, phone: undefined });
    expect(order.locale).toBeUndefined();
  });
});
