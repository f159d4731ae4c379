/**
 * WooCommerce orders (REST API v3 shape) as Doorstep orders: before-tax and tax-inclusive stores,
 * guests, coupons and fee lines, JPY without decimals, the site's time zone, and the Shipment Tracking
 * extension's parcels.
 */
import { describe, expect, it } from "vitest";
import { metaConsentState, wooMarketingConsent, wooOrder, wooPlacedAt } from "../../../../worker/domain/platforms/woocommerce-order.ts";
import { wooProduct } from "../../../../worker/domain/platforms/woocommerce-product.ts";
import { wooOrder as schema, wooProduct as productSchema } from "../../../../worker/schemas/platforms/woocommerce.ts";
import { orderArithmetic, orderInput } from "../../../../worker/schemas/order.ts";
import eur from "../../fixtures/platforms/woocommerce/order-updated-tax-inclusive-eur.json";
import guest from "../../fixtures/platforms/woocommerce/order-created-guest.json";
import jpy from "../../fixtures/platforms/woocommerce/order-created-jpy.json";
import product from "../../fixtures/platforms/woocommerce/product-updated.json";

const NOW = new Date("2026-12-06T00:00:00Z");
const map = (payload: unknown) => wooOrder(schema.parse(payload), NOW);

describe("WooCommerce order → Doorstep order", () => {
  it.each([
    [
      "guest, prices before tax, a coupon and a fee",
      guest,
      {
        currency: "USD",
        total: 3730,
        fees: [
          { label: "Shipping", amount: 1000 },
          { label: "Gift wrap", amount: 150 },
          { label: "Tax", amount: 180 },
        ],
        discounts: [{ label: "save2", amount: 200 }],
      },
    ],
    [
      "prices with tax, 100.00 over three boots",
      eur,
      { currency: "EUR", total: 12400, fees: [{ label: "Shipping", amount: 500 }], discounts: [{ label: "Adjustment", amount: 1 }] },
    ],
    [
      "JPY without decimals, prices with tax",
      jpy,
      { currency: "JPY", total: 5830, fees: [{ label: "Shipping", amount: 880 }], discounts: [] },
    ],
  ] as const)("%s: adds up to WooCommerce's total", (_name, payload, expected) => {
    const order = map(payload);
    expect(order).toMatchObject({ currency: expected.currency, total: expected.total, fees: expected.fees, discounts: expected.discounts });
    expect(orderArithmetic(order).total).toBe(order.total);
    expect(orderInput.safeParse(order).success).toBe(true);
  });

  it("keeps a guest's order under a customer of its own, with the billing contact", () => {
    const order = map(guest);
    expect(order).toMatchObject({
      id: "727",
      number: "#727",
      customer: { id: "woocommerce-guest-727", email: "guest.buyer@example.com", phone: "(555) 555-5555" },
    });
    expect(order.lines.map((l) => [l.sku, l.unitPrice, l.quantity])).toEqual([
      ["woocommerce-product-93", 300, 2],
      ["woocommerce-variation-23", 2000, 1],
    ]);
    expect(order.lines[0]!.imageUrl).toBe("https://shop.example/wp-content/uploads/single-1.jpg");
  });

  it("places the order in the site's own time zone (local time beside GMT)", () => {
    expect(map(guest).placedAt).toBe("2026-11-25T16:28:02-05:00");
    expect(map(eur).placedAt).toBe("2026-11-29T10:15:00+01:00");
    expect(map(jpy).placedAt).toBe("2026-11-26T20:00:00+09:00");
    expect(wooPlacedAt({ date_created: null, date_created_gmt: "2026-11-26T11:00:00" }, NOW)).toBe("2026-11-26T11:00:00.000Z");
    expect(map(guest).updatedAt).toBe("2026-11-25T21:28:10.000Z");
  });

  it("makes a parcel of every Shipment Tracking item, shipped on its day", () => {
    const [group] = map(guest).parcels;
    expect(group!.prefix).toBe("woocommerce-727-");
    expect(
      group!.parcels.map((p) => [p.id, p.carrier, p.trackingNumber, p.trackingUrl, p.scans.map((s) => [s.status, s.occurredAt])]),
    ).toEqual([
      [
        "woocommerce-727-9400111899223197428490",
        "USPS",
        "9400 1118 9922 3197 4284 90",
        undefined,
        [["in_transit", "2026-11-26T00:00:00.000Z"]],
      ],
      [
        "woocommerce-727-RM123456785GB",
        "Royal Mail",
        "RM123456785GB",
        "https://www.royalmail.com/track-your-item#/tracking-results/RM123456785GB",
        [["in_transit", "2026-11-27T00:00:00.000Z"]],
      ],
    ]);
    expect(group!.parcels[0]!.lines).toEqual([
      { sku: "woocommerce-product-93", quantity: 2 },
      { sku: "woocommerce-variation-23", quantity: 1 },
    ]);
  });

  it.each(["cancelled", "refunded", "failed"])("carries %s as a cancellation", (status) => {
    expect(map({ ...guest, status }).cancelledAt).toBe("2026-11-25T21:28:10.000Z");
    expect(map({ ...guest, status: "completed" }).cancelledAt).toBeUndefined();
  });

  it("makes a catalogue product of a WooCommerce product: first category as family, page, image", () => {
    expect(wooProduct(productSchema.parse(product), "USD", NOW)).toEqual({
      productId: "22",
      updatedAt: "2026-11-27T14:10:00.000Z",
      products: [
        {
          sku: "woocommerce-product-22",
          name: "Ship Your Idea",
          family: "Clothing",
          price: 1800,
          currency: "USD",
          url: "https://shop.example/product/ship-your-idea/",
          imageUrl: "https://shop.example/wp-content/uploads/ship-your-idea.jpg",
          active: true,
        },
      ],
    });
  });
});

describe("WooCommerce order meta → marketing consent", () => {
  it.each([
    ["1", "granted"],
    ["yes", "granted"],
    ["true", "granted"],
    [" Yes ", "granted"],
    [true, "granted"],
    [1, "granted"],
    ["0", "denied"],
    ["no", "denied"],
    ["false", "denied"],
    [false, "denied"],
    [0, "denied"],
    ["unsubscribed", "withdrawn"],
    ["revoked", "withdrawn"],
    ["", undefined],
    [null, undefined],
    ["maybe", undefined],
    [{ subscribed: true }, undefined],
  ] as const)("reads %j as %s", (value, state) => {
    expect(metaConsentState(value)).toBe(state);
  });

  const PLACED = "2026-11-25T16:28:02-05:00";
  const meta = (...entries: [string, unknown][]) => ({ meta_data: entries.map(([key, value], i) => ({ id: 100 + i, key, value })) });

  it.each([
    ["no opt-in plugin", meta(["is_vat_exempt", "no"]), {}, undefined],
    [
      "Mailchimp's box ticked",
      meta(["mailchimp_woocommerce_is_subscribed", "1"]),
      {},
      { email: { state: "granted", at: PLACED, source: "woocommerce:mailchimp" } },
    ],
    [
      "Mailchimp's box not ticked",
      meta(["mailchimp_woocommerce_is_subscribed", "0"]),
      {},
      { email: { state: "denied", at: PLACED, source: "woocommerce:mailchimp" } },
    ],
    ['Mailchimp\'s box not shown (block checkout saves false as "")', meta(["mailchimp_woocommerce_is_subscribed", ""]), {}, undefined],
    [
      "Mailchimp's SMS box ticked",
      meta(["mailchimp_woocommerce_sms_subscribed", "1"], ["mailchimp_woocommerce_sms_phone", "+15555555555"]),
      {},
      { sms: { state: "granted", at: PLACED, source: "woocommerce:mailchimp" } },
    ],
    [
      "the merchant's own key, which wins over Mailchimp's",
      meta(["mailchimp_woocommerce_is_subscribed", "0"], ["newsletter_optin", "yes"]),
      { consentMetaKey: "newsletter_optin" },
      { email: { state: "granted", at: PLACED, source: "woocommerce:newsletter_optin" } },
    ],
    [
      "the merchant's key absent: Mailchimp's still counts",
      meta(["mailchimp_woocommerce_is_subscribed", "1"]),
      { consentMetaKey: "newsletter_optin" },
      { email: { state: "granted", at: PLACED, source: "woocommerce:mailchimp" } },
    ],
    [
      "a key stored twice: the newest (last) value",
      meta(["newsletter_optin", "yes"], ["newsletter_optin", "no"]),
      { consentMetaKey: "newsletter_optin" },
      { email: { state: "denied", at: PLACED, source: "woocommerce:newsletter_optin" } },
    ],
    [
      "a long key: the source is kept within 60 characters",
      meta(["x".repeat(200), "1"]),
      { consentMetaKey: "x".repeat(200) },
      { email: { state: "granted", at: PLACED, source: `woocommerce:${"x".repeat(47)}…` } },
    ],
  ] as const)("%s", (_name, order, options, expected) => {
    expect(wooMarketingConsent(order, PLACED, options)).toEqual(expected);
  });

  it("reads the fixtures, at the order's time (date_created_gmt, in the site's offset), as POST /v1/orders takes it", () => {
    expect(map(guest).marketingConsent).toEqual({
      email: { state: "granted", at: "2026-11-25T16:28:02-05:00", source: "woocommerce:mailchimp" },
      sms: { state: "granted", at: "2026-11-25T16:28:02-05:00", source: "woocommerce:mailchimp" },
    });
    expect(map(eur).marketingConsent).toEqual({
      email: { state: "denied", at: "2026-11-29T10:15:00+01:00", source: "woocommerce:mailchimp" },
    });
    expect(map(jpy).marketingConsent).toBeUndefined();
    const custom = wooOrder(schema.parse({ ...jpy, meta_data: [{ id: 1, key: "newsletter_optin", value: "yes" }] }), NOW, {
      consentMetaKey: "newsletter_optin",
    });
    expect(custom.marketingConsent).toEqual({
      email: { state: "granted", at: "2026-11-26T20:00:00+09:00", source: "woocommerce:newsletter_optin" },
    });
    // Without a usable date_created_gmt, the time is left to the order upsert (the order's placedAt).
    expect(map({ ...guest, date_created_gmt: null }).marketingConsent!.email).toEqual({
      state: "granted",
      source: "woocommerce:mailchimp",
    });
    for (const order of [map(guest), map(eur), custom])
      expect(orderInput.safeParse(order).data?.marketingConsent).toEqual(order.marketingConsent);
  });
});
