import type { Context } from "hono";
import { fromHex, fromStrictBase64 } from "../crypto/encoding.ts";
import { verifyHmacSha256 } from "../crypto/hmac.ts";
import { openJson } from "../crypto/secret-box.ts";
import { afterShipReport } from "../domain/carriers/aftership.ts";
import { easyPostReport } from "../domain/carriers/easypost.ts";
import type { TrackingReport } from "../domain/carriers/tracking-report.ts";
import type { Store } from "../domain/records.ts";
import type { AppEnv } from "../http/app-env.ts";
import type { Route } from "../http/declared.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { decodeUtf8, parseJson, readBodyBytes, validate } from "../http/read-json.ts";
import { declaration } from "../openapi/operations.ts";
import { recordCarrierReport } from "../services/carrier-reports.ts";
import { enqueueWebhook } from "../services/webhook-queue.ts";
import { getStoreWithWebhookSecrets } from "../storage/stores.ts";

type Vendor = "easypost" | "aftership";

const DECLARED = { easypost: declaration("easyPostWebhook"), aftership: declaration("afterShipWebhook") } as const;

/**
 * How each vendor signs, as each documents it: an HMAC-SHA256 of the raw body under the webhook
 * secret. EasyPost sends `X-Hmac-Signature: hmac-sha256-hex=<hex>` and normalises the secret to
 * Unicode NFKD first; AfterShip sends `aftership-hmac-sha256: <base64>`.
 */
const SIGNING: Record<Vendor, { header: string; decode(value: string): Uint8Array<ArrayBuffer> | null; secret(s: string): string }> = {
  easypost: {
    header: "x-hmac-signature",
    decode: (value) => (value.startsWith("hmac-sha256-hex=") ? fromHex(value.slice(16)) : null),
    secret: (s) => s.normalize("NFKD"),
  },
  aftership: { header: "aftership-hmac-sha256", decode: (value) => fromStrictBase64(value.trim()), secret: (s) => s },
};

const unsigned = () => new ApiError(401, "invalid_signature", "The webhook signature is missing or does not match.");

/** The store a webhook is for (read once: its secrets verify the body, the store is then refreshed), and the verified body. */
async function verifiedBody(c: Context<AppEnv>, vendor: Vendor, storeId: string): Promise<{ store: Store; body: Uint8Array<ArrayBuffer> }> {
  const signing = SIGNING[vendor];
  const header = c.req.header(signing.header);
  const found = await getStoreWithWebhookSecrets(c.env.DB, storeId);
  if (found === null) throw notFound("store_not_found", `There is no store "${storeId}".`);
  const body = await readBodyBytes(c.req.raw, DECLARED[vendor].body.maxBytes);
  const signature = header ? signing.decode(header) : null;
  if (!signature) throw unsigned();
  let secrets: Partial<Record<Vendor, string>>;
  try {
    secrets = await openJson(c.env.DOORSTEP_SECRET_KEY, found.sealedWebhookSecrets);
  } catch (error) {
    // Fails closed: without the secret nothing is verified, so nothing is accepted. The vendor retries.
    console.error("doorstep: cannot open webhook secrets", storeId, error instanceof Error ? error.message : "");
    throw new ApiError(503, "webhook_secret_unavailable", "Webhook verification is not available right now.", undefined, {
      "Retry-After": "60",
    });
  }
  const secret = secrets[vendor];
  if (!secret || !(await verifyHmacSha256(signing.secret(secret), body, signature))) throw unsigned();
  return { store: found.store, body };
}

/**
 * A tracker event is enqueued and answered 202 (services/webhook-queue.ts applies it moments later,
 * exactly once); one whose message would exceed a queue message is recorded in the request and
 * answered 200 as before the queue. Anything else is acknowledged without being stored.
 */
async function answer(c: Context<AppEnv>, store: Store, report: TrackingReport | null, body: string, receivedAt: string) {
  if (!report) return c.json({ received: true, ignored: true });
  const queued = await enqueueWebhook(c.env.WEBHOOKS_QUEUE, {
    v: 1,
    kind: "carrier",
    storeId: store.id,
    vendor: report.vendor,
    receivedAt,
    body,
  });
  if (queued) return c.json({ received: true, queued: true }, 202);
  return c.json({ received: true, ...(await recordCarrierReport(c.env.DB, store, report, body)) });
}

/** Tracking aggregators → Doorstep, authenticated by their own signatures with the store's secrets. */
async function easyPost(c: Context<AppEnv>) {
  const { store, body } = await verifiedBody(c, "easypost", c.req.param("storeId") ?? "");
  const text = decodeUtf8(body);
  const now = new Date();
  return answer(c, store, easyPostReport(validate(DECLARED.easypost.body.schema, parseJson(text)), now), text, now.toISOString());
}

async function afterShip(c: Context<AppEnv>) {
  const { store, body } = await verifiedBody(c, "aftership", c.req.param("storeId") ?? "");
  const text = decodeUtf8(body);
  const now = new Date();
  return answer(c, store, afterShipReport(validate(DECLARED.aftership.body.schema, parseJson(text)), now), text, now.toISOString());
}

export const webhookRoutes: Route[] = [
  ["easyPostWebhook", easyPost],
  ["afterShipWebhook", afterShip],
];
