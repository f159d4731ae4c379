import type { Context } from "hono";
import type { Platform } from "../domain/platforms/platform-order.ts";
import { afterAnswer, givingWay } from "../http/after-answer.ts";
import type { AppEnv } from "../http/app-env.ts";
import type { Route } from "../http/declared.ts";
import { processDelivery } from "../services/platform-process.ts";
import { receivePlatformDelivery } from "./platform-receive.ts";

/**
 * Store platforms → Doorstep: Shopify and WooCommerce webhooks, verified and stored before the answer
 * (platform-receive.ts) and processed after it (services/platform-process.ts), once the isolate has
 * no answer to give and giving way to answers between its statements (http/after-answer.ts); the minute cron processes whatever that could not finish,
 * an isolate that went away included.
 */
async function receive(c: Context<AppEnv>, platform: Platform) {
  const { answer, stored } = await receivePlatformDelivery(c.env, platform, c.req.param("storeId")!, c.req.raw);
  if (stored) afterAnswer(c.executionCtx, () => processDelivery({ ...c.env, DB: givingWay(c.env.DB) }, stored));
  return c.json(answer);
}

export const platformRoutes: Route[] = [
  ["shopifyWebhook", (c: Context<AppEnv>) => receive(c, "shopify")],
  ["wooCommerceWebhook", (c: Context<AppEnv>) => receive(c, "woocommerce")],
];
