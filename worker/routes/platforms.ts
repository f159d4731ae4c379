import type { Context } from "hono";
import type { Platform } from "../domain/platforms/platform-order.ts";
import type { AppEnv } from "../http/app-env.ts";
import type { Route } from "../http/declared.ts";
import { processDelivery } from "../services/platform-process.ts";
import { receivePlatformDelivery } from "./platform-receive.ts";

/**
 * The answer goes out before the delivery's processing starts. Started at once, its D1 work held the
 * answer back under `wrangler dev` (one workerd runs the worker and local D1's SQLite): measured
 * interleaved on the same worker, p50 52 ms at once against 17 ms after 20 ms and 20 ms without
 * processing at all. The delay costs production nothing a shopper could notice.
 */
const PROCESS_AFTER_MS = 25;

/**
 * Store platforms → Doorstep: Shopify and WooCommerce webhooks, verified and stored before the answer
 * (services/platform-receive.ts) and processed right after it (services/platform-process.ts); the
 * minute cron retries whatever that could not finish.
 */
async function receive(c: Context<AppEnv>, platform: Platform) {
  const { answer, stored } = await receivePlatformDelivery(c.env, platform, c.req.param("storeId")!, c.req.raw);
  if (stored) c.executionCtx.waitUntil(scheduler.wait(PROCESS_AFTER_MS).then(() => processDelivery(c.env, stored)));
  return c.json(answer);
}

export const platformRoutes: Route[] = [
  ["shopifyWebhook", (c: Context<AppEnv>) => receive(c, "shopify")],
  ["wooCommerceWebhook", (c: Context<AppEnv>) => receive(c, "woocommerce")],
];
