/**
 * The store platforms' operations (issue 19), kept beside operations.ts's table so the two grow apart
 * without touching each other: Shopify's and WooCommerce's webhook endpoints, and the admin reads that
 * show what arrived.
 */
import { z } from "zod";
import { externalId } from "../schemas/common.ts";
import {
  shopifyCustomersDataRequest,
  shopifyCustomersRedact,
  shopifyDeleted,
  shopifyFulfillment,
  shopifyFulfillmentEvent,
  shopifyOrder,
  shopifyProduct,
  shopifyShopRedact,
} from "../schemas/platforms/shopify.ts";
import { wooDeleted, wooOrder, wooProduct } from "../schemas/platforms/woocommerce.ts";
import { storeId } from "../schemas/store.ts";
import { PLATFORM_BODY_LIMIT } from "../schemas/body-limits.ts";
import type { Operation, PathParameter, Tag } from "./document.ts";
import { customerExport } from "./responses.ts";

export const PLATFORMS_TAG: Tag = {
  name: "Platform webhooks",
  description:
    "Shopify and WooCommerce send orders, parcels, products and privacy requests, signed with the connection's secret (PUT /v1/admin/connections/{provider}).",
};

const storeIdParam: PathParameter = { name: "storeId", schema: storeId, description: "The store's id, e.g. acme." };

/** Since issue 23 a verified delivery is enqueued and answered 202; the rest stays 200. */
const queued = z.object({
  received: z.literal(true),
  queued: z.literal(true).describe("verified and enqueued: the webhooks queue's consumer stores it once and processes it"),
  topic: z.string(),
});

const received = z.union([
  z.object({
    received: z.literal(true),
    duplicate: z.boolean().describe("this delivery id was stored before; nothing changed"),
    topic: z.string(),
  }),
  z.object({
    received: z.literal(true),
    ignored: z.literal(true).describe("a topic Doorstep does not subscribe to; nothing stored"),
    topic: z.string(),
  }),
  z.object({ received: z.literal(true), ping: z.literal(true).describe("WooCommerce's test delivery when a webhook is created") }),
]);

const errors = {
  400: "topic_missing, delivery_id_missing: a required header is missing; malformed_json: the body is not JSON",
  403: "wrong_shop / wrong_site: signed, but sent by a shop or site the store is not connected to",
  404: "connection_not_found: the store has no connection to this platform",
  503: "webhook_secret_unavailable: the connection's secret cannot be read right now; connection_changing: the connection was replaced twice while the webhook was received; storage_unavailable: the queue refused the delivery; the platform retries (Retry-After)",
};

const money = z.object({ label: z.string(), amount: z.int() });

const storedOrder = z.object({
  id: z.string().describe("the merchant's order id; for a platform order, the platform's order id"),
  number: z.string().describe("what shoppers and support see and type: the platform's order number (#1071), else the id"),
  orderToken: z.string().nullable(),
  statusUrl: z.string().nullable(),
  placedAt: z.string(),
  currency: z.string(),
  locale: z.string().nullable(),
  subtotal: z.int(),
  total: z.int().describe("minor units; lines + fees − discounts"),
  lines: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      family: z.string().optional(),
      quantity: z.int(),
      unitPrice: z.int(),
      imageUrl: z.string().optional(),
      url: z.string().optional(),
    }),
  ),
  fees: z.array(money),
  discounts: z.array(money),
  customer: z.object({ id: z.string(), email: z.string().nullable(), phone: z.string().nullable(), erased: z.boolean() }),
  cancelledAt: z.string().nullable(),
  source: z.enum(["api", "shopify", "woocommerce"]).describe("where the order came from"),
  shipments: z.array(
    z.object({
      id: z.string(),
      carrier: z.string(),
      trackingNumber: z.string(),
      trackingUrl: z.string().nullable(),
      status: z.string(),
      delayed: z.boolean(),
      registrations: z
        .array(
          z.object({
            provider: z.string().describe("easypost or aftership"),
            status: z.enum(["pending", "registered", "failed"]),
            attempts: z.int(),
            lastError: z.string().nullable().describe("the vendor's message for a refusal, or the last retryable failure"),
            carrier: z.string().nullable(),
            carrierSource: z.string().nullable().describe("merchant, detected or unknown"),
            nextAttemptAt: z.string().nullable(),
            registeredAt: z.string().nullable(),
          }),
        )
        .describe("the parcel's registration with each connected aggregator"),
    }),
  ),
  feedback: z
    .object({
      survey: z
        .object({
          rating: z.int(),
          comment: z.string().nullable(),
          sentiment: z.enum(["positive", "neutral", "negative"]),
          stepsAnswered: z.int(),
          completedAt: z.string().nullable(),
          createdAt: z.string(),
        })
        .nullable(),
      reviews: z.array(
        z.object({
          sku: z.string(),
          rating: z.int(),
          title: z.string().nullable(),
          body: z.string().nullable(),
          status: z.string().describe("published, pending or rejected"),
          moderationReason: z.string().nullable(),
        }),
      ),
    })
    .describe("new in 2026-12 (issue 26): the shopper's survey answer and reviews of this order"),
});

const dataRequestList = z.object({
  requests: z.array(
    z.object({
      platform: z.string(),
      id: z.string().describe("the platform's data request id"),
      customerId: z.string().nullable(),
      orderIds: z.array(z.string()),
      requestedAt: z.string(),
      data: customerExport.describe(
        "everything Doorstep holds about the customer and the orders named, as GET /v1/admin/customers/{customerId}/export answers it",
      ),
    }),
  ),
});

export function platformOperations(adminTag: string) {
  return [
    {
      method: "post",
      path: "/v1/platforms/shopify/{storeId}",
      operationId: "shopifyWebhook",
      tag: PLATFORMS_TAG.name,
      summary: "Shopify webhooks: orders, fulfillments and their events, products, app/uninstalled and the privacy topics",
      description:
        "New in 2026-12. Verified (X-Shopify-Hmac-Sha256 over the raw body, the shop in X-Shopify-Shop-Domain), enqueued and answered 202 at once (since issue 23); the queue's consumer stores it once per X-Shopify-Webhook-Id and writes the order, parcels or products, retried by the minute cron if that fails. A body too large for a queue message is stored before a 200 answer and processed after it. An update older than the stored one (updated_at) never overwrites it.",
      auth: "webhook_signature",
      params: [storeIdParam],
      headers: [
        { name: "X-Shopify-Hmac-Sha256", required: true, description: "base64 HMAC-SHA256 of the raw body under the app's client secret" },
        { name: "X-Shopify-Shop-Domain", required: true, description: "the shop's NAME.myshopify.com; must be the connected shop" },
        { name: "X-Shopify-Topic", required: true, description: "orders/create, fulfillments/update, customers/redact, …" },
        { name: "X-Shopify-Webhook-Id", required: true, description: "the delivery's id; a redelivery is recognised by it" },
      ],
      body: {
        schema: z.union([
          shopifyOrder,
          shopifyFulfillment,
          shopifyFulfillmentEvent,
          shopifyProduct,
          shopifyDeleted,
          shopifyCustomersRedact,
          shopifyCustomersDataRequest,
          shopifyShopRedact,
        ]),
        description: "The topic's REST resource, as Shopify sends it; fields Doorstep does not read are kept.",
        maxBytes: PLATFORM_BODY_LIMIT,
        contentTypeChecked: false,
      },
      responses: {
        202: {
          description: "Verified and enqueued (changed 2026-12, issue 23: was 200 and stored; any 2xx is success to Shopify)",
          schema: queued,
        },
        200: {
          description: "Ignored; or, for a body too large for a queue message, verified and stored (or a duplicate)",
          schema: received,
        },
      },
      errors,
    },
    {
      method: "post",
      path: "/v1/platforms/woocommerce/{storeId}",
      operationId: "wooCommerceWebhook",
      tag: PLATFORMS_TAG.name,
      summary: "WooCommerce webhooks: order.created|updated|deleted and product.created|updated|deleted",
      description:
        "New in 2026-12. Verified (X-WC-Webhook-Signature over the raw body; X-WC-Webhook-Source, when sent, must be the connected site), enqueued and answered 202 (since issue 23), then stored once per X-WC-Webhook-Delivery-ID and body and processed by the queue's consumer (a body too large for a queue message: stored before a 200 answer, processed after it). The ping WooCommerce sends when a webhook is created (a form body webhook_id=N, unsigned) is answered 200 and stores nothing. Parcels come from the Shipment Tracking extension's _wc_shipment_tracking_items.",
      auth: "webhook_signature",
      params: [storeIdParam],
      headers: [
        { name: "X-WC-Webhook-Signature", required: true, description: "base64 HMAC-SHA256 of the raw body under the webhook's secret" },
        { name: "X-WC-Webhook-Topic", required: true, description: "order.created, product.updated, …" },
        { name: "X-WC-Webhook-Delivery-ID", required: true, description: "the delivery's id" },
        { name: "X-WC-Webhook-Source", required: false, description: "the site's address; must be the connected site" },
      ],
      body: {
        schema: z.union([wooOrder, wooProduct, wooDeleted]),
        description: "The REST API v3 resource, as WooCommerce sends it ({id} alone for a deletion).",
        maxBytes: PLATFORM_BODY_LIMIT,
        contentTypeChecked: false,
      },
      responses: {
        202: {
          description: "Verified and enqueued (changed 2026-12, issue 23: was 200 and stored; any 2xx is success to WooCommerce)",
          schema: queued,
        },
        200: {
          description: "Ignored, the ping; or, for a body too large for a queue message, verified and stored (or a duplicate)",
          schema: received,
        },
      },
      errors,
    },
    {
      method: "get",
      path: "/v1/admin/orders/{orderId}",
      operationId: "getStoredOrder",
      tag: adminTag,
      summary: "One order as stored: number, token, money, customer, cancellation, source and each parcel's status",
      description:
        "New in 2026-12. For support staff and the dashboard's order panel (a dashboard session of the owner or support role; an analyst's: 403 role_not_allowed). A platform order's id is the platform's order id; the number shoppers quote (#1071, URL-encoded, or 1071) finds it too when no order has that id.",
      auth: "api_key_or_session",
      scope: "admin:read",
      // It carries the shopper's token and contacts: support's and the owner's, not an analyst's (figures only).
      roles: ["owner", "support"],
      params: [
        {
          name: "orderId",
          schema: externalId,
          description: "The order's id (for a platform order, the platform's order id), or its number.",
        },
      ],
      responses: { 200: { description: "The order", schema: storedOrder } },
      errors: { 404: "order_not_found: no such order in this store" },
    },
    {
      method: "get",
      path: "/v1/admin/data-requests",
      operationId: "listDataRequests",
      tag: adminTag,
      summary: "Shoppers' requests for their data passed on by a platform (Shopify customers/data_request), each with what Doorstep holds",
      description: "New in 2026-12. The newest 100 requests; send each shopper theirs.",
      auth: "api_key_or_session",
      scope: "admin:read",
      responses: { 200: { description: "The requests", schema: dataRequestList } },
    },
  ] as const satisfies readonly Operation[];
}
