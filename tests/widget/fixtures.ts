import type { OrderView } from "../../contract/order-view.ts";
import type { StorePublicConfig } from "../../contract/store-config.ts";

export const TOKEN = "tok_0123456789abcdefghijklmnopqrstuvwxyzABCDE";
export const API = "https://doorstep.test";

export function storeConfig(overrides: Partial<StorePublicConfig> = {}): StorePublicConfig {
  return {
    id: "acme",
    name: "Acme Outfitters",
    branding: {
      logoUrl: "https://cdn.acme.test/logo.svg",
      primaryColor: "#0f5c4d",
      onPrimaryColor: "#ffffff",
      backgroundColor: "#ffffff",
      textColor: "#1b1b1f",
      fontFamily: "system-ui, sans-serif",
      radius: 12,
      colorScheme: "light",
    },
    support: { email: "help@acme.test", phone: "+1 (555) 010-2030", url: "https://acme.test/help", hours: "Mon–Fri 9–5" },
    returnPolicy: { days: 30, url: "https://acme.test/returns" },
    defaultLocale: "en-US",
    locales: ["en-US", "de-DE"],
    messages: {},
    ...overrides,
  };
}

/** An order with a four-figure line, a fee and a discount, in `currency` with minor units as the worker sends them. */
export function orderView(currency = "USD", locale = "en-US", overrides: Partial<OrderView["order"]> = {}): OrderView {
  const yen = currency === "JPY";
  return {
    storeId: "acme",
    order: {
      number: "1042",
      placedAt: "2026-11-23T15:04:00Z",
      currency,
      locale,
      lines: [
        {
          sku: "JKT-1",
          name: "Trail Shell Jacket",
          quantity: 1,
          unitPrice: yen ? 12345 : 123450,
          lineTotal: yen ? 12345 : 123450,
          imageUrl: "https://cdn.acme.test/jacket.jpg",
        },
        { sku: "SCK-3", name: "Merino Socks", quantity: 2, unitPrice: yen ? 490 : 2450, lineTotal: yen ? 980 : 4900 },
      ],
      subtotal: yen ? 13325 : 128350,
      fees: [{ label: "Shipping", amount: yen ? 500 : 795 }],
      discounts: [{ label: "WELCOME10", amount: yen ? 1000 : 2030 }],
      total: yen ? 12825 : 127115,
      ...overrides,
    },
    delivery: { from: "2026-11-27", to: "2026-12-02", source: "store_promise" },
    delayed: false,
    notices: [],
    returns: { days: 30, until: "2027-01-01", url: "https://acme.test/returns" },
    shipments: [],
    updates: null,
    marketing: { email: false, sms: false },
    feedback: { opensAt: "2026-12-20T00:00:00.000Z", basis: "fallback", open: false, survey: null, reviews: [] },
    links: { status: `https://acme.test/orders/status?order=${TOKEN}` },
    store: storeConfig(),
  };
}

/** A JSON answer as the worker would give it. */
export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
