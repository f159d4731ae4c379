import { z } from "zod";
import { isoDateTime } from "./common.ts";

/**
 * One verified vendor webhook on its way through the webhooks queue (issue 23): the route checked the
 * signature over the raw bytes and the body against its schema, then enqueued this; the consumer
 * (services/webhook-queue.ts) applies it. The body travels as the verified text, byte for byte what is
 * stored (webhook_deliveries.body, platform_deliveries.body), and is parsed again by the consumer: a
 * parse of text that already passed is deterministic, and one copy keeps the message within the
 * queue's 128 KB. `storeId` is on every message: the consumer groups by it (one database per store's
 * group). `v` lets a consumer of a later version tell an older message apart.
 */
export const carrierWebhookMessage = z
  .object({
    v: z.literal(1),
    kind: z.literal("carrier"),
    storeId: z.string().min(1),
    vendor: z.enum(["easypost", "aftership"]),
    /** When the API accepted it: the clock the report is read against, as if it were applied then. */
    receivedAt: isoDateTime,
    body: z.string().min(1),
  })
  .strict();
export type CarrierWebhookMessage = z.infer<typeof carrierWebhookMessage>;

export const platformWebhookMessage = z
  .object({
    v: z.literal(1),
    kind: z.literal("platform"),
    storeId: z.string().min(1),
    platform: z.enum(["shopify", "woocommerce"]),
    /** The delivery's key (routes/platform-receive.ts: Shopify's webhook id, WooCommerce's id and body digest). */
    id: z.string().min(1).max(240),
    topic: z.string().min(1),
    receivedAt: isoDateTime,
    body: z.string().min(1),
    /**
     * The connection's sealed secrets the signature was verified under: the delivery is stored only
     * while the connection still holds them, as when it was stored in the request. Encrypted; never
     * kept in a dead letter (services/webhook-queue.ts).
     */
    sealed: z.string().min(1),
  })
  .strict();
export type PlatformWebhookMessage = z.infer<typeof platformWebhookMessage>;

export const webhookMessage = z.discriminatedUnion("kind", [carrierWebhookMessage, platformWebhookMessage]);
export type WebhookMessage = z.infer<typeof webhookMessage>;
