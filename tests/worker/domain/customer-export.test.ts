import { describe, expect, it } from "vitest";
import {
  assembleCustomerExport,
  customerExportFileName,
  type ExportRows,
  redactTokens,
  TOKEN_REDACTED,
} from "../../../worker/domain/customer-export.ts";

const TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";
const none: ExportRows = {
  customers: [],
  orders: [],
  lines: [],
  adjustments: [],
  tokens: [],
  shipments: [],
  shipmentLines: [],
  scans: [],
  estimates: [],
  notices: [],
  preferences: [],
  marketingConsents: [],
  consentChanges: [],
  surveys: [],
  surveyAnswers: [],
  reviews: [],
  moments: [],
  offerDecisions: [],
  widgetEvents: [],
  outboundEvents: [],
};

describe("a customer's export", () => {
  it("replaces every token wherever it appears, and nothing else", () => {
    expect(redactTokens(`https://shop.example/s?order=${TOKEN}&ds_m=shipped ${TOKEN}`, [TOKEN, ""])).toBe(
      `https://shop.example/s?order=${TOKEN_REDACTED}&ds_m=shipped ${TOKEN_REDACTED}`,
    );
    expect(redactTokens("no token here", [TOKEN])).toBe("no token here");
  });

  it("says when each link was issued and revoked, never the token, even one an event carried", () => {
    const data = assembleCustomerExport({
      ...none,
      orders: [{ id: "o1", number: null, customer_id: "c1", source: null, placed_at: "2026-11-20T15:30:00Z", subtotal: 100, total: 100 }],
      tokens: [
        { order_id: "o1", token: "old-token-value-0000000000000000000000000000", created_at: "t0", revoked_at: "t1" },
        { order_id: "o1", token: TOKEN, created_at: "t1", revoked_at: null },
      ],
      outboundEvents: [
        {
          id: "e1",
          type: "moment.shipped",
          created_at: "t2",
          payload: JSON.stringify({ data: { orderId: "o1", links: { status: `https://shop.example/?order=${TOKEN}` } } }),
          deliveries: JSON.stringify([{ endpointId: "we_1", attempts: 2, deliveredAt: null }]),
        },
      ],
    });
    expect(data.orders[0]).toMatchObject({
      id: "o1",
      number: "o1",
      source: "api",
      links: [
        { issuedAt: "t0", revokedAt: "t1" },
        { issuedAt: "t1", revokedAt: null },
      ],
    });
    expect(data.outboundEvents).toEqual([
      {
        id: "e1",
        type: "moment.shipped",
        createdAt: "t2",
        payload: { data: { orderId: "o1", links: { status: `https://shop.example/?order=${TOKEN_REDACTED}` } } },
        deliveries: [{ endpointId: "we_1", attempts: 2, deliveredAt: null }],
      },
    ]);
    expect(JSON.stringify(data)).not.toContain(TOKEN);
    expect(JSON.stringify(data)).not.toContain("old-token-value");
  });

  it("names its file after the store, the customer and the day, in characters a header and a file system take", () => {
    const day = new Date("2026-12-06T10:00:00Z");
    expect(customerExportFileName("acme", "c-77", day)).toBe("doorstep-acme-customer-c-77-2026-12-06.json");
    expect(customerExportFileName("acme", 'a"b/c\\d é;', day)).toBe("doorstep-acme-customer-a_b_c_d___-2026-12-06.json");
  });
});
