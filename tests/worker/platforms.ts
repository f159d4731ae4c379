/**
 * Sending platform webhooks to the worker in tests, signed as Shopify and WooCommerce sign them, and
 * waiting for the work each leaves for after its answer (the queue's consumer storing and processing
 * the delivery, or its processing after the answer) before looking.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../worker/index.ts";
import { BASE, createStore } from "./fixtures.ts";
import { drain, heldQueue } from "./queue-driver.ts";

const utf8 = new TextEncoder();

export async function hmacBase64(secret: string, body: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const bytes = new Uint8Array(await crypto.subtle.sign("HMAC", key, typeof body === "string" ? utf8.encode(body) : body));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * One request through the worker's fetch handler; answers after everything it left to waitUntil is
 * done and the webhooks it enqueued were applied by the queue's consumer (queue-driver.ts), unless the
 * caller gave a webhooks queue of its own.
 */
export async function send(path: string, init: RequestInit = {}, workerEnv: Env = env) {
  const ctx = createExecutionContext();
  const held = heldQueue();
  const used = workerEnv.WEBHOOKS_QUEUE === env.WEBHOOKS_QUEUE ? { ...workerEnv, WEBHOOKS_QUEUE: held } : workerEnv;
  const res = await worker.fetch(new Request(`${BASE}${path}`, init), used, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  await drain(held, 3, workerEnv);
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, any> };
}

export const SHOP = "kyusu-and-co.myshopify.com";
export const SITE = "https://shop.example";

/** A store connected to Shopify (and WooCommerce), with the secrets the platforms sign with. */
export async function connectedStore() {
  const store = await createStore();
  const shopifySecret = `shpss_${crypto.randomUUID().replace(/-/g, "")}`;
  const wooSecret = `wc_${crypto.randomUUID().replace(/-/g, "")}`;
  for (const [provider, body] of [
    ["shopify", { shop: SHOP, secret: shopifySecret }],
    ["woocommerce", { site: SITE, secret: wooSecret }],
  ] as const) {
    const res = await admin(store.apiKey, `/v1/admin/connections/${provider}`, { method: "PUT", body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`connect ${provider}: ${res.status} ${res.text}`);
  }
  return { ...store, shopifySecret, wooSecret };
}

export const admin = (apiKey: string, path: string, init: RequestInit = {}) =>
  send(path, { ...init, headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", ...(init.headers ?? {}) } });

let deliveries = 0;

export interface ShopifyOptions {
  secret: string;
  shop?: string;
  webhookId?: string;
  /** Changes the body after it was signed. */
  tamper?: (body: string) => string;
  headers?: Record<string, string>;
}

/** A Shopify webhook as Shopify sends it: the JSON body, its HMAC, the shop, topic and delivery id. */
export async function shopify(storeId: string, topic: string, payload: unknown, options: ShopifyOptions) {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": await hmacBase64(options.secret, body),
    "X-Shopify-Shop-Domain": options.shop ?? SHOP,
    "X-Shopify-API-Version": "2025-07",
    "X-Shopify-Webhook-Id": options.webhookId ?? `b54557e4-${Date.now().toString(16)}-${deliveries++}`,
    "X-Shopify-Triggered-At": new Date().toISOString(),
    ...options.headers,
  };
  return send(`/v1/platforms/shopify/${storeId}`, { method: "POST", headers, body: options.tamper ? options.tamper(body) : body });
}

/** A WooCommerce webhook as WC_Webhook::deliver sends it. */
export async function woocommerce(
  storeId: string,
  topic: string,
  payload: unknown,
  options: { secret: string; deliveryId?: string; source?: string; headers?: Record<string, string> },
) {
  const body = JSON.stringify(payload);
  const [resource, event] = topic.split(".");
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
    "X-WC-Webhook-Source": options.source ?? `${SITE}/`,
    "X-WC-Webhook-Topic": topic,
    "X-WC-Webhook-Resource": resource!,
    "X-WC-Webhook-Event": event!,
    "X-WC-Webhook-Signature": await hmacBase64(options.secret, body),
    "X-WC-Webhook-ID": "14",
    "X-WC-Webhook-Delivery-ID": options.deliveryId ?? `d41d8cd98f00b204e9800998ecf8427e${deliveries++}`,
    ...options.headers,
  };
  return send(`/v1/platforms/woocommerce/${storeId}`, { method: "POST", headers, body });
}

/** Rows of a query against the test D1. */
export async function rows<T = Record<string, unknown>>(sqlText: string, ...params: unknown[]): Promise<T[]> {
  return (
    await env.DB.prepare(sqlText)
      .bind(...params)
      .all<T>()
  ).results;
}
