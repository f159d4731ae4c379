/** Which schema each subscribed platform topic's body must pass before it is stored. */
import type { z } from "zod";
import type { Platform } from "../../domain/platforms/platform-order.ts";
import {
  shopifyAnything,
  shopifyCustomersDataRequest,
  shopifyCustomersRedact,
  shopifyDeleted,
  shopifyFulfillment,
  shopifyFulfillmentEvent,
  shopifyOrder,
  shopifyProduct,
  shopifyShopRedact,
} from "./shopify.ts";
import { wooDeleted, wooOrder, wooProduct } from "./woocommerce.ts";

const SCHEMAS: Record<Platform, Record<string, z.ZodType>> = {
  shopify: {
    "orders/create": shopifyOrder,
    "orders/updated": shopifyOrder,
    "orders/cancelled": shopifyOrder,
    "fulfillments/create": shopifyFulfillment,
    "fulfillments/update": shopifyFulfillment,
    "fulfillment_events/create": shopifyFulfillmentEvent,
    "products/create": shopifyProduct,
    "products/update": shopifyProduct,
    "products/delete": shopifyDeleted,
    "app/uninstalled": shopifyAnything,
    "customers/data_request": shopifyCustomersDataRequest,
    "customers/redact": shopifyCustomersRedact,
    "shop/redact": shopifyShopRedact,
  },
  woocommerce: {
    "order.created": wooOrder,
    "order.updated": wooOrder,
    "order.deleted": wooDeleted,
    "product.created": wooProduct,
    "product.updated": wooProduct,
    "product.deleted": wooDeleted,
  },
};

export const schemaForTopic = (platform: Platform, topic: string): z.ZodType | undefined => SCHEMAS[platform][topic];
