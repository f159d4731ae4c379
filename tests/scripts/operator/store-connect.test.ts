/**
 * `store:connect` validates exactly as `PUT /v1/admin/connections/{provider}` does, before touching any
 * database (the same zod schema). Runs in this Node project because the command's module starts wrangler.
 */
import { describe, expect, it } from "vitest";
import { connectStore } from "../../../scripts/lib/connect-store.ts";
import { OperatorError } from "../../../scripts/lib/store-admin.ts";

const KEY = "dGVzdC1vbmx5LWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=";
const connect = (input: Record<string, unknown>) => connectStore("acme", input, KEY, {}, "http://127.0.0.1:8787");

describe("store:connect", () => {
  it.each([
    [{ platform: "shopify", shop: "acme.com", secret: "0123456789abcdef" }, /shop: must be the shop's NAME\.myshopify\.com domain/],
    [{ platform: "shopify", shop: "acme.myshopify.com" }, /secret/],
    [
      { platform: "woocommerce", site: "https://shop.example", secret: "0123456789abcdef", key: "ck_0123456789" },
      /consumerSecret: give the consumer key and the consumer secret together/,
    ],
    [
      { platform: "woocommerce", site: "https://shop.example", secret: "0123456789abcdef", consentMetaKey: "opt\u0000in" },
      /consentMetaKey: must not contain control characters/,
    ],
    [{ platform: "klaviyo" }, /apiKey/],
    [{ platform: "magento", apiKey: "0123456789abcdef" }, /platform/],
  ])("refuses %j with the reason", async (input, reason) => {
    const refused = connect(input);
    await expect(refused).rejects.toBeInstanceOf(OperatorError);
    await expect(refused).rejects.toThrow(reason);
  });
});
