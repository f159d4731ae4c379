/**
 * Receiving a store platform's webhook: everything that must happen before the answer, and nothing
 * more (Shopify gives an endpoint 5 seconds; the work after it is in platform-process.ts).
 *
 *   1. the store's connection to that platform (404 without one)
 *   2. the raw body, bounded (413)
 *   3. WooCommerce's ping when a webhook is created: `webhook_id=N`, unsigned, answered 200
 *   4. the signature over the raw bytes, constant time (401), as each platform documents it:
 *      Shopify `X-Shopify-Hmac-Sha256`, WooCommerce `X-WC-Webhook-Signature`, both base64 HMAC-SHA256
 *      under the connection's secret
 *   5. the sender: Shopify's `X-Shopify-Shop-Domain` must be the connected shop (an app's secret signs
 *      every shop's webhooks), WooCommerce's `X-WC-Webhook-Source` the connected site (403)
 *   6. the topic (ignored, 200, if not one Doorstep subscribes to) and the delivery id (400 without)
 *   7. the body parsed and checked against the topic's schema (400, 422)
 *   8. stored once under its delivery id; a redelivery is answered as a duplicate and changes nothing
 * A refused delivery stores nothing.
 */
import { fromStrictBase64 } from "../crypto/encoding.ts";
import { sha256Hex } from "../crypto/hash.ts";
import { verifyHmacSha256 } from "../crypto/hmac.ts";
import { openJson } from "../crypto/secret-box.ts";
import { TOPICS } from "../domain/connections.ts";
import type { Platform } from "../domain/platforms/platform-order.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { decodeUtf8, parseJson, readBodyBytes, validate } from "../http/read-json.ts";
import { schemaForTopic } from "../schemas/platforms/topics.ts";
import { getConnection } from "../storage/connections.ts";
import { recordDeliveryStatements, type DeliveryKey } from "../storage/platform-deliveries.ts";
import { applyChanges } from "../storage/changes.ts";

export { PLATFORM_BODY_LIMIT } from "../schemas/body-limits.ts";
import { PLATFORM_BODY_LIMIT } from "../schemas/body-limits.ts";

const HEADERS: Record<Platform, { signature: string; topic: string; delivery: string }> = {
  shopify: { signature: "x-shopify-hmac-sha256", topic: "x-shopify-topic", delivery: "x-shopify-webhook-id" },
  woocommerce: { signature: "x-wc-webhook-signature", topic: "x-wc-webhook-topic", delivery: "x-wc-webhook-delivery-id" },
};

/** WooCommerce's ping (WC_Webhook::deliver_ping): a form body, sent once, without a signature. */
const WOO_PING = /^webhook_id=\d{1,20}$/;

export type ReceiveAnswer =
  | { received: true; ping: true }
  | { received: true; ignored: true; topic: string }
  | { received: true; duplicate: boolean; topic: string };

const unsigned = () => new ApiError(401, "invalid_signature", "The webhook signature is missing or does not match.");

/** `https://shop.example/store/` and `http://shop.example/store` name the same site. */
const siteKey = (url: string) => {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.replace(/\/+$/, "")}`.toLowerCase();
  } catch {
    return null;
  }
};

export async function receivePlatformDelivery(
  env: Env,
  platform: Platform,
  storeId: string,
  request: Request,
): Promise<{ answer: ReceiveAnswer; stored?: DeliveryKey }> {
  const connection = await getConnection(env.DB, storeId, platform);
  if (!connection) throw notFound("connection_not_found", `This store has no ${platform} connection.`);
  const bytes = await readBodyBytes(request, PLATFORM_BODY_LIMIT);
  const headers = HEADERS[platform];

  if (platform === "woocommerce" && !request.headers.get(headers.signature) && WOO_PING.test(new TextDecoder().decode(bytes).trim())) {
    return { answer: { received: true, ping: true } };
  }

  const signature = fromStrictBase64((request.headers.get(headers.signature) ?? "").trim());
  if (!signature) throw unsigned();
  let secret: string | undefined;
  try {
    secret = (await openJson<{ secret?: string }>(env.DOORSTEP_SECRET_KEY, connection.secretsSealed)).secret;
  } catch (error) {
    // Fails closed: without the secret nothing is verified, so nothing is accepted. The platform retries.
    console.error("doorstep: cannot open connection secrets", storeId, platform, error instanceof Error ? error.message : "");
    throw new ApiError(503, "webhook_secret_unavailable", "Webhook verification is not available right now.", undefined, {
      "Retry-After": "60",
    });
  }
  if (!secret || !(await verifyHmacSha256(secret, bytes, signature))) throw unsigned();

  if (platform === "shopify") {
    const shop = (request.headers.get("x-shopify-shop-domain") ?? "").trim().toLowerCase();
    if (shop !== connection.settings.shop)
      throw new ApiError(403, "wrong_shop", "This webhook comes from a shop this store is not connected to.");
  } else {
    const source = request.headers.get("x-wc-webhook-source");
    if (source && siteKey(source) !== siteKey(connection.settings.site ?? "")) {
      throw new ApiError(403, "wrong_site", "This webhook comes from a site this store is not connected to.");
    }
  }

  const topic = (request.headers.get(headers.topic) ?? "").trim().toLowerCase();
  if (!topic) throw new ApiError(400, "topic_missing", `The ${headers.topic} header is missing.`);
  const schema = schemaForTopic(platform, topic);
  if (!TOPICS[platform].includes(topic) || !schema) return { answer: { received: true, ignored: true, topic } };
  const deliveryHeader = (request.headers.get(headers.delivery) ?? "").trim();
  if (!deliveryHeader || deliveryHeader.length > 200)
    throw new ApiError(400, "delivery_id_missing", `The ${headers.delivery} header is missing.`);

  const text = decodeUtf8(bytes);
  validate(schema, parseJson(text));

  // WooCommerce derives its delivery id from the webhook id and the current second, so two different
  // deliveries of one webhook within a second share it: the body's digest tells them apart, while a
  // redelivery of the same body is still recognised.
  const id = platform === "woocommerce" ? `${deliveryHeader}:${(await sha256Hex(text)).slice(0, 16)}` : deliveryHeader;
  const key: DeliveryKey = { storeId, platform, id };
  const [inserted] = await applyChanges(env.DB, recordDeliveryStatements(key, topic, text, new Date().toISOString()));
  const fresh = (inserted?.results.length ?? 0) > 0;
  return { answer: { received: true, duplicate: !fresh, topic }, stored: fresh ? key : undefined };
}
