import { z } from "zod";

/** Printable credentials as vendors issue them: no spaces or control characters, bounded. */
const credential = (what: string) =>
  z
    .string()
    .trim()
    .min(8, `${what} looks too short`)
    .max(512)
    .regex(/^[\x21-\x7e]+$/, `${what} must be printable characters without spaces`);

/** `NAME.myshopify.com`, the shop's permanent domain (what Shopify sends in X-Shopify-Shop-Domain). */
export const shopifyDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}\.myshopify\.com$/, "must be the shop's NAME.myshopify.com domain");

const siteUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .transform((url) => new URL(url).origin + new URL(url).pathname.replace(/\/+$/, ""));

/**
 * What a merchant gives to link each outside system (`store:connect`, `PUT /v1/admin/connections/{provider}`).
 * Secrets are sealed at rest; the rest is kept as the connection's settings.
 */
export const connectionInput = z
  .discriminatedUnion("platform", [
    z.strictObject({
      platform: z.literal("shopify"),
      shop: shopifyDomain,
      /** The app's client secret: Shopify signs webhooks with it (X-Shopify-Hmac-Sha256). */
      secret: credential("the client secret"),
      /** Admin API access token (shpat_…), for backfills; optional. */
      token: credential("the Admin API token").optional(),
    }),
    z.strictObject({
      platform: z.literal("woocommerce"),
      site: siteUrl,
      /** The webhook's secret: WooCommerce signs each delivery with it (X-WC-Webhook-Signature). */
      secret: credential("the webhook secret"),
      /** REST API keys (ck_…, cs_…), for backfills; both or neither. */
      key: credential("the consumer key").optional(),
      consumerSecret: credential("the consumer secret").optional(),
      /**
       * The order meta key the store's opt-in plugin keeps email marketing consent under, when it is not
       * Mailchimp for WooCommerce's (`mailchimp_woocommerce_is_subscribed`, read anyway). Not secret.
       */
      consentMetaKey: z
        .string()
        .trim()
        .min(1)
        .max(255)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
        .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters")
        .optional(),
    }),
    z.strictObject({ platform: z.literal("easypost"), apiKey: credential("the API key") }),
    z.strictObject({ platform: z.literal("aftership"), apiKey: credential("the API key") }),
    z.strictObject({ platform: z.literal("klaviyo"), apiKey: credential("the private API key") }),
  ])
  .superRefine((input, ctx) => {
    if (input.platform === "woocommerce" && Boolean(input.key) !== Boolean(input.consumerSecret)) {
      ctx.addIssue({ code: "custom", path: ["consumerSecret"], message: "give the consumer key and the consumer secret together" });
    }
  });
export type ConnectionInput = z.infer<typeof connectionInput>;

/** The part of a connection that is not secret, as stored and shown. */
export function connectionSettings(input: ConnectionInput): Record<string, string> {
  switch (input.platform) {
    case "shopify":
      return { shop: input.shop };
    case "woocommerce":
      return { site: input.site, ...(input.consentMetaKey ? { consentMetaKey: input.consentMetaKey } : {}) };
    default:
      return {};
  }
}

/** The secrets of a connection, sealed together. */
export function connectionSecrets(input: ConnectionInput): Record<string, string> {
  const { platform: _platform, ...rest } = input;
  const settings = connectionSettings(input);
  return Object.fromEntries(Object.entries(rest).filter(([key, value]) => value !== undefined && !(key in settings))) as Record<
    string,
    string
  >;
}
