/** How large a request body may be, per kind of route (declared with each operation, enforced while reading). */

/** The contract's default body limit. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** PUT /v1/catalog: 500 products with long names and URLs fit; the contract's 64 KiB default would not. */
export const CATALOG_BODY_LIMIT = 1024 * 1024;

/** PATCH /v1/admin/settings: the store's own wording in several languages (300 messages each) fits. */
export const SETTINGS_BODY_LIMIT = 1024 * 1024;

/** Carrier webhooks: trackers with a long history are bigger than the contract's default; this is well above any seen. */
export const WEBHOOK_BODY_LIMIT = 512 * 1024;

/** Store platforms' webhooks: a Shopify order with hundreds of lines and its fulfillments fits. */
export const PLATFORM_BODY_LIMIT = 1024 * 1024;

/** The body types a JSON endpoint takes: application/json, and for `JSON_OR_TEXT` endpoints text/plain too. */
export const JSON_ONLY = ["application/json"] as const;
/**
 * For the widget's event posts: `text/plain` is a CORS-safelisted type, so a browser sends the post
 * without a preflight (an OPTIONS round trip, and its D1 reads, per page view). The body is parsed and
 * validated as JSON exactly as under `application/json`; the Origin check still applies.
 */
export const JSON_OR_TEXT = ["application/json", "text/plain"] as const;

/** A review photo (issue 24): a phone's full-size JPEG fits; the image is sniffed, not trusted by its type. */
export const PHOTO_BODY_LIMIT = 5 * 1024 * 1024;
export const PHOTO_MEDIA_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
