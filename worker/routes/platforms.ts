import { Hono, type Context } from "hono";
import type { Platform } from "../domain/platforms/platform-order.ts";
import type { AppEnv } from "../http/app-env.ts";
import { processDelivery } from "../services/platform-process.ts";
import { receivePlatformDelivery } from "../services/platform-receive.ts";

/**
 * Store platforms → Doorstep: Shopify and WooCommerce webhooks, verified and stored before the answer
 * (services/platform-receive.ts) and processed right after it (services/platform-process.ts); the
 * minute cron retries whatever that could not finish.
 */
async function receive(c: Context<AppEnv>, platform: Platform) {
  const { answer, stored } = await receivePlatformDelivery(c.env, platform, c.req.param("storeId")!, c.req.raw);
  if (stored) c.executionCtx.waitUntil(processDelivery(c.env, stored));
  return c.json(answer);
}

export const platformsRoutes = new Hono<AppEnv>()
  .post("/shopify/:storeId", (c) => receive(c, "shopify"))
  .post("/woocommerce/:storeId", (c) => receive(c, "woocommerce"));
