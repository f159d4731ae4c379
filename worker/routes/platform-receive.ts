/**
 * Receiving a store platform's webhook: everything that must happen before the answer, and nothing
 * more (Shopify gives an endpoint 5 seconds; the work after it is in platform-process.ts).
 *
 *   1. the store's connection to that platform (404 without one), from the isolate's memory when it
 *      was read within the minute (services/platform-keys.ts; a refusal is always confirmed from D1)
 *   2. the raw body, bounded (413)
 *   3. WooCommerce's ping when a webhook is created: `webhook_id=N`, unsigned, answered 200
 *   4. the signature over the raw bytes, constant time (401), as each platform documents it:
 *      Shopify `X-Shopify-Hmac-Sha256`, WooCommerce `X-WC-Webhook-Signature`, both base64 HMAC-SHA256
 *      under the connection's secret
 *   5. the sender: Shopify's `X-Shopify-Shop-Domain` must be the connected shop (an app's secret signs
 *      every shop's webhooks), WooCommerce's `X-WC-Webhook-Source` the connected site (403)
 *   6. the topic (ignored, 200, if not one Doorstep subscribes to) and the delivery id (400 without)
 *   7. the body parsed and checked against the topic's schema (400, 422)
 *   8. enqueued on the webhooks queue (routes/platforms.ts, services/webhook-queue.ts), whose consumer
 *      stores it once under its delivery id, in one D1 batch that also checks the connection still
 *      holds the secret it was verified with, then processes it. A body too large for a queue message
 *      is stored so in the request instead (`storeVerifiedDelivery`); a redelivery is then answered as
 *      a duplicate and changes nothing.
 * A refused delivery stores nothing. With the connection in memory, a delivery costs D1 nothing before
 * the answer (one round trip when stored in the request).
 */
import { fromStrictBase64 } from "../crypto/encoding.ts";
import { sha256Hex } from "../crypto/hash.ts";
import { verifyHmacSha256Key } from "../crypto/hmac.ts";
import { TOPICS } from "../domain/connections.ts";
import type { Platform } from "../domain/platforms/platform-order.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { decodeUtf8, parseJson, readBodyBytes, validate } from "../http/read-json.ts";
import { schemaForTopic } from "../schemas/platforms/topics.ts";
import { platformKey, SecretsUnavailable, type PlatformKey } from "../services/platform-keys.ts";
import { deliveryRecorded, recordDeliveryStatements, type DeliveryKey } from "../storage/platform-deliveries.ts";
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
  | { received: true; queued: true; topic: string }
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

/**
 * Why the delivery is refused under this connection (401, 403), or null when it is signed with the
 * connection's secret and comes from the connected shop or site.
 */
async function refusal(
  connection: PlatformKey,
  platform: Platform,
  request: Request,
  bytes: Uint8Array,
  signature: Uint8Array<ArrayBuffer>,
) {
  if (!connection.key || !(await verifyHmacSha256Key(connection.key, bytes, signature))) return unsigned();
  if (platform === "shopify") {
    const shop = (request.headers.get("x-shopify-shop-domain") ?? "").trim().toLowerCase();
    if (shop !== connection.settings.shop)
      return new ApiError(403, "wrong_shop", "This webhook comes from a shop this store is not connected to.");
  } else {
    const source = request.headers.get("x-wc-webhook-source");
    if (source && siteKey(source) !== siteKey(connection.settings.site ?? "")) {
      return new ApiError(403, "wrong_site", "This webhook comes from a site this store is not connected to.");
    }
  }
  return null;
}

/** The connection's key (services/platform-keys.ts): from memory unless `fresh`; 404 without one, 503 when its secret cannot be opened. */
async function connectionKey(env: Env, storeId: string, platform: Platform, fresh: boolean): Promise<PlatformKey> {
  let connection: PlatformKey | null;
  try {
    connection = await platformKey(env, storeId, platform, { fresh });
  } catch (error) {
    if (!(error instanceof SecretsUnavailable)) throw error;
    // Fails closed: without the secret nothing is verified, so nothing is accepted. The platform retries.
    console.error("doorstep: cannot open connection secrets", storeId, platform, error.message);
    throw new ApiError(503, "webhook_secret_unavailable", "Webhook verification is not available right now.", undefined, {
      "Retry-After": "60",
    });
  }
  if (!connection) throw notFound("connection_not_found", `This store has no ${platform} connection.`);
  return connection;
}

/** A delivery that passed every check before storage (1–7 above): what storing it needs. */
export interface VerifiedDelivery {
  key: DeliveryKey;
  topic: string;
  /** The raw body as text (it is valid UTF-8 and JSON), stored byte for byte. */
  text: string;
  /** The connection it was verified under; `sealed` is what storage checks it still holds. */
  connection: PlatformKey;
  request: Request;
  bytes: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

/** Steps 1–7: an answer given without storing anything (a ping, an ignored topic), or the delivery verified. */
export async function verifyPlatformDelivery(
  env: Env,
  platform: Platform,
  storeId: string,
  request: Request,
): Promise<{ answer: ReceiveAnswer } | { verified: VerifiedDelivery }> {
  let connection = await connectionKey(env, storeId, platform, false);
  const bytes = await readBodyBytes(request, PLATFORM_BODY_LIMIT);
  const headers = HEADERS[platform];

  if (platform === "woocommerce" && !request.headers.get(headers.signature) && WOO_PING.test(new TextDecoder().decode(bytes).trim())) {
    return { answer: { received: true, ping: true } };
  }

  const signature = fromStrictBase64((request.headers.get(headers.signature) ?? "").trim());
  if (!signature) throw unsigned();
  let refused = await refusal(connection, platform, request, bytes, signature);
  // Memory may hold a connection replaced since (a new secret, another shop): a refusal is made from D1.
  if (refused && !connection.fresh) {
    connection = await connectionKey(env, storeId, platform, true);
    refused = await refusal(connection, platform, request, bytes, signature);
  }
  if (refused) throw refused;

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
  return { verified: { key: { storeId, platform, id }, topic, text, connection, request, bytes, signature } };
}

/**
 * Step 8, in the request (a delivery too large for a queue message, and the tests' direct path): stored
 * once, in one D1 batch that also checks the connection still holds the secret it was verified with;
 * a redelivery is answered as a duplicate and changes nothing.
 */
export async function storeVerifiedDelivery(
  env: Env,
  verified: VerifiedDelivery,
): Promise<{ answer: ReceiveAnswer; stored?: DeliveryKey }> {
  const { key, topic, text, request, bytes, signature } = verified;
  let connection = verified.connection;
  // One batch: stored only while the connection still holds the secret it was verified with. When it
  // no longer does (replaced or removed since memory read it), the delivery is verified again from D1.
  for (let attempt = 1; ; attempt++) {
    const recorded = deliveryRecorded(
      await applyChanges(env.DB, recordDeliveryStatements(key, topic, text, new Date().toISOString(), connection.sealed)),
    );
    if (recorded.connected) {
      return { answer: { received: true, duplicate: !recorded.fresh, topic }, stored: recorded.fresh ? key : undefined };
    }
    if (attempt === 2) {
      // Replaced twice while this request ran: the platform retries, and by then it has settled.
      throw new ApiError(503, "connection_changing", "The connection changed while this webhook was received; send it again.", undefined, {
        "Retry-After": "5",
      });
    }
    connection = await connectionKey(env, key.storeId, key.platform, true);
    const again = await refusal(connection, key.platform, request, bytes, signature);
    if (again) throw again;
  }
}

/** Verified and stored in the request: steps 1–8. */
export async function receivePlatformDelivery(
  env: Env,
  platform: Platform,
  storeId: string,
  request: Request,
): Promise<{ answer: ReceiveAnswer; stored?: DeliveryKey }> {
  const received = await verifyPlatformDelivery(env, platform, storeId, request);
  return "answer" in received ? received : storeVerifiedDelivery(env, received.verified);
}
