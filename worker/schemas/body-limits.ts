/** How large a request body may be, per kind of route (declared with each operation, enforced while reading). */

/** The contract's default body limit. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** PUT /v1/catalog: 500 products with long names and URLs fit; the contract's 64 KiB default would not. */
export const CATALOG_BODY_LIMIT = 1024 * 1024;

/** Carrier webhooks: trackers with a long history are bigger than the contract's default; this is well above any seen. */
export const WEBHOOK_BODY_LIMIT = 512 * 1024;

/** Store platforms' webhooks: a Shopify order with hundreds of lines and its fulfillments fits. */
export const PLATFORM_BODY_LIMIT = 1024 * 1024;
