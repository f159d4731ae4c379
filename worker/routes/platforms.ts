import type { Context } from "hono";
import type { Platform } from "../domain/platforms/platform-order.ts";
import { afterAnswer, givingWay } from "../http/after-answer.ts";
import type { AppEnv } from "../http/app-env.ts";
import type { Route } from "../http/declared.ts";
import { processDelivery } from "../services/platform-process.ts";
import { enqueueWebhook } from "../services/webhook-queue.ts";
import { storeVerifiedDelivery, verifyPlatformDelivery } from "./platform-receive.ts";

/**
 * Store platforms → Doorstep: Shopify and WooCommerce webhooks, verified (platform-receive.ts), then
 * enqueued and answered 202 (the webhooks queue's consumer stores and processes them:
 * services/webhook-queue.ts). A body too large for a queue message is stored before the answer and
 * processed after it (services/platform-process.ts), once the isolate has no answer to give and giving
 * way to answers between its statements (http/after-answer.ts); the minute cron processes whatever
 * that could not finish, an isolate that went away included.
 */
async function receive(c: Context<AppEnv>, platform: Platform) {
  const received = await verifyPlatformDelivery(c.env, platform, c.req.param("storeId")!, c.req.raw);
  if ("answer" in received) return c.json(received.answer);
  const { key, topic, text, connection } = received.verified;
  const queued = await enqueueWebhook(c.env.WEBHOOKS_QUEUE, {
    v: 1,
    kind: "platform",
    storeId: key.storeId,
    platform,
    id: key.id,
    topic,
    receivedAt: new Date().toISOString(),
    body: text,
    sealed: connection.sealed,
  });
  if (queued) return c.json({ received: true, queued: true, topic }, 202);
  const { answer, stored } = await storeVerifiedDelivery(c.env, received.verified);
  if (stored) afterAnswer(c.executionCtx, () => processDelivery({ ...c.env, DB: givingWay(c.env.DB) }, stored));
  return c.json(answer);
}

export const platformRoutes: Route[] = [
  ["shopifyWebhook", (c: Context<AppEnv>) => receive(c, "shopify")],
  ["wooCommerceWebhook", (c: Context<AppEnv>) => receive(c, "woocommerce")],
];
