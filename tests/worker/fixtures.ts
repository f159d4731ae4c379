import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sha256Hex } from "../../worker/crypto/hash.ts";
import { newApiKey, newWebhookSecret } from "../../worker/crypto/random.ts";
import { sealJson } from "../../worker/crypto/secret-box.ts";
import type { OrderInput } from "../../worker/schemas/order.ts";
import { storeSettings } from "../../worker/schemas/store.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { createStoreStatements } from "../../worker/storage/stores.ts";
import { directoryStatement } from "../../worker/storage/store-directory.ts";

export const ORIGIN = "https://shop.example";
export const BASE = "https://doorstep.test";

let counter = 0;
/** A unique id per call, so tests sharing one database never collide. */
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/**
 * Creates a store the way the operator CLI does (same statements), returning its API key. In s0 (the
 * `DB` binding) with no directory row, as every store made before shards, unless a shard is named:
 * then its directory row goes in s0 and the store in that shard's database, as `store:create --shard`.
 */
export async function createStore(overrides: Record<string, unknown> = {}, options: { shard?: "s1" } = {}) {
  const id = uniqueId("store");
  const shard = options.shard ?? "s0";
  const apiKey = newApiKey(shard);
  const webhookSecrets = { easypost: newWebhookSecret(), aftership: newWebhookSecret() };
  const settings = storeSettings.parse({
    name: "Acme Outdoor",
    origins: [ORIGIN],
    support: { email: "help@shop.example", phone: "+1 555 0100" },
    returnPolicy: { days: 30, url: `${ORIGIN}/returns` },
    shipping: { processingDays: 1, transitDaysMin: 2, transitDaysMax: 4, businessDaysOnly: true },
    statusPageUrl: `${ORIGIN}/orders/status?order={token}`,
    ...overrides,
  });
  const now = new Date().toISOString();
  if (options.shard) await runBatch(env.DB, [directoryStatement(id, options.shard, now)]);
  await runBatch(
    options.shard ? env.DB_S1 : env.DB,
    createStoreStatements(
      id,
      settings,
      {
        apiKeyHash: await sha256Hex(apiKey),
        sealedWebhookSecrets: await sealJson(env.DOORSTEP_SECRET_KEY, webhookSecrets),
      },
      now,
    ),
  );
  return { id, apiKey, settings, webhookSecrets, shard };
}

export function sampleOrder(overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    id: uniqueId("order"),
    placedAt: "2026-11-20T15:30:00-05:00",
    currency: "USD",
    locale: "en-US",
    customer: { id: "cust-1", email: "sam@example.com" },
    lines: [
      { sku: "TRAIL-1", name: "Trail Runner", family: "shoes", quantity: 1, unitPrice: 12900 },
      { sku: "SOCK-3", name: "Merino Socks (3 pack)", family: "socks", quantity: 2, unitPrice: 1800 },
    ],
    fees: [{ label: "Shipping", amount: 495 }],
    discounts: [{ label: "WELCOME10", amount: 1650 }],
    total: 12900 + 3600 + 495 - 1650,
    ...overrides,
  };
}

export function postOrder(apiKey: string, body: unknown, init: RequestInit = {}) {
  return SELF.fetch(`${BASE}/v1/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
}

/** A store with one order, and the token the merchant's server got back for it. */
export async function storeWithOrder(order = sampleOrder()) {
  const store = await createStore();
  const res = await postOrder(store.apiKey, order);
  if (res.status !== 201) throw new Error(`order setup failed: ${res.status} ${await res.text()}`);
  const { orderToken } = (await res.json()) as { orderToken: string };
  return { store, order, token: orderToken };
}

export async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

/**
 * Widget events are written by the queue consumer moments after the API answered (the events queue,
 * wrangler.toml): waits until every id is in widget_events for the store, or fails after `timeoutMs`.
 */
export async function eventsWritten(storeId: string, ids: string[], timeoutMs = 10_000, db: D1Database = env.DB): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const placeholders = ids.map(() => "?").join(", ");
    const row = await db
      .prepare(`SELECT count(*) AS n FROM widget_events WHERE store_id = ? AND id IN (${placeholders})`)
      .bind(storeId, ...ids)
      .first<{ n: number }>();
    if (row?.n === ids.length) return;
    if (Date.now() > deadline) throw new Error(`only ${row?.n} of ${ids.length} events written after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
