/**
 * Shopify orders as Doorstep orders, over payloads shaped as Shopify sends them
 * (tests/worker/fixtures/platforms): money in the shopper's currency and minor units, a breakdown that
 * adds up to Shopify's total, identifiers for lines without a SKU, customers that may be missing.
 */
import { describe, expect, it } from "vitest";
import { shopifyMarketingConsent, shopifyOrder } from "../../../../worker/domain/platforms/shopify-order.ts";
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
    expect(order.customer).toEqual({
      id: "7390112345",
      email: "aiko.tanaka@example.jp",
      firstName: "Aiko",
      lastName: "Tanaka",
      phone: undefined,
    });
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

describe("Shopify marketing consent → Doorstep consent", () => {
  const consent = (payload: Record<string, unknown>) => shopifyMarketingConsent(schema.parse({ id: 1, line_items: [], ...payload }), NOW);
  const customer = (fields: Record<string, unknown>) => ({ customer: { id: 7, email: "a@example.com", ...fields } });
  const email = (state: string | null, at: string | null, extra: Record<string, unknown> = {}) =>
    customer({ email_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: at }, ...extra });

  it.each([
    [
      "subscribed, with its time and offset",
      email("subscribed", "2026-11-28T10:04:11+09:00"),
      { email: { state: "granted", at: "2026-11-28T10:04:11+09:00", source: "shopify" } },
    ],
    [
      "pending (confirmed opt-in awaiting its click)",
      email("pending", "2026-11-28T01:00:00Z"),
      { email: { state: "pending", at: "2026-11-28T01:00:00Z", source: "shopify" } },
    ],
    [
      "unsubscribed",
      email("unsubscribed", "2026-11-30T08:00:00-05:00"),
      { email: { state: "withdrawn", at: "2026-11-30T08:00:00-05:00", source: "shopify" } },
    ],
    [
      "not_subscribed without a time: held since the customer was created",
      email("not_subscribed", null, { created_at: "2024-05-10T12:00:00+03:00" }),
      { email: { state: "denied", at: "2024-05-10T12:00:00+03:00", source: "shopify" } },
    ],
    [
      "not_subscribed, no time at all: the order's (left to the upsert)",
      email("not_subscribed", null),
      { email: { state: "denied", source: "shopify" } },
    ],
    ["redacted", email("redacted", null), { email: { state: "denied", source: "shopify" } }],
    ["invalid", email("invalid", "2026-11-01T00:00:00Z"), { email: { state: "denied", at: "2026-11-01T00:00:00Z", source: "shopify" } }],
    ["a state in capitals (as GraphQL writes it)", email("SUBSCRIBED", null), { email: { state: "granted", source: "shopify" } }],
    [
      "a time without an offset, read as UTC",
      email("subscribed", "2026-11-28T01:04:11"),
      { email: { state: "granted", at: "2026-11-28T01:04:11.000Z", source: "shopify" } },
    ],
    [
      "a time with a space, kept as its instant",
      email("subscribed", "2026-11-28 10:04:11+09:00"),
      { email: { state: "granted", at: "2026-11-28T01:04:11.000Z", source: "shopify" } },
    ],
    ["a time that is not one", email("subscribed", "yesterday"), { email: { state: "granted", source: "shopify" } }],
    ["a time before 2000", email("unsubscribed", "1999-12-31T23:00:00Z"), { email: { state: "withdrawn", source: "shopify" } }],
    ["a time days ahead", email("subscribed", "2026-12-20T00:00:00Z"), { email: { state: "granted", source: "shopify" } }],
    ["a state Shopify does not document: no news", email("maybe_later", "2026-11-28T01:00:00Z"), undefined],
    ["no state: no news", email(null, "2026-11-28T01:00:00Z"), undefined],
    [
      "SMS collected at Shopify's checkout, email null (no address)",
      customer({
        email_marketing_consent: null,
        sms_marketing_consent: {
          state: "subscribed",
          opt_in_level: "single_opt_in",
          consent_updated_at: "2026-11-28T01:00:00Z",
          consent_collected_from: "SHOPIFY",
        },
      }),
      { sms: { state: "granted", at: "2026-11-28T01:00:00Z", source: "shopify" } },
    ],
    [
      "SMS collected by another app",
      customer({
        sms_marketing_consent: {
          state: "unsubscribed",
          opt_in_level: null,
          consent_updated_at: "2026-11-29T01:00:00Z",
          consent_collected_from: "OTHER",
        },
      }),
      { sms: { state: "withdrawn", at: "2026-11-29T01:00:00Z", source: "shopify:other" } },
    ],
    [
      "no customer (a guest), the box ticked",
      { customer: null, buyer_accepts_marketing: true },
      { email: { state: "granted", source: "shopify:checkout" } },
    ],
    [
      "no customer, the box not ticked",
      { customer: null, buyer_accepts_marketing: false },
      { email: { state: "denied", source: "shopify:checkout" } },
    ],
    ["no customer, no box", { customer: null, buyer_accepts_marketing: null }, undefined],
    [
      "a customer without consent objects (an older API version): the box",
      { ...customer({}), buyer_accepts_marketing: true },
      { email: { state: "granted", source: "shopify:checkout" } },
    ],
    [
      "the customer's email consent wins over the box",
      { ...email("unsubscribed", "2026-11-30T08:00:00-05:00"), buyer_accepts_marketing: true },
      { email: { state: "withdrawn", at: "2026-11-30T08:00:00-05:00", source: "shopify" } },
    ],
    [
      "an email consent Doorstep cannot read is not replaced by the box",
      { ...email("maybe_later", null), buyer_accepts_marketing: true },
      undefined,
    ],
  ] as const)("%s", (_name, payload, expected) => {
    expect(consent(payload as Record<string, unknown>)).toEqual(expected);
  });

  it("reads the fixtures as Shopify sends them, and POST /v1/orders' schema takes what it makes", () => {
    expect(map(jpy).marketingConsent).toEqual({ email: { state: "granted", at: "2026-11-28T10:04:11+09:00", source: "shopify" } });
    expect(map(kwd).marketingConsent).toEqual({
      email: { state: "denied", at: "2024-05-10T12:00:00+03:00", source: "shopify" },
      sms: { state: "granted", at: "2026-11-30T18:44:52+03:00", source: "shopify:other" },
    });
    expect(map(docs).marketingConsent).toEqual({ email: { state: "withdrawn", at: "2026-11-21T09:30:00-05:00", source: "shopify" } });
    // A draft order: no customer, the box not ticked.
    expect(map(draft).marketingConsent).toEqual({ email: { state: "denied", source: "shopify:checkout" } });
    for (const payload of [jpy, kwd, docs, draft]) {
      const order = map(payload);
      expect(orderInput.safeParse(order).data?.marketingConsent).toEqual(order.marketingConsent);
    }
  });
});
