/**
 * The outside systems a store can link, what kind each is, and what a merchant pastes where. Pure:
 * the routes and the operator CLI both build their answers from these.
 */
export const PROVIDERS = ["shopify", "woocommerce", "easypost", "aftership", "klaviyo"] as const;
export type Provider = (typeof PROVIDERS)[number];

export type ConnectionKind = "platform" | "aggregator" | "destination";

export const KIND_OF: Record<Provider, ConnectionKind> = {
  shopify: "platform",
  woocommerce: "platform",
  easypost: "aggregator",
  aftership: "aggregator",
  klaviyo: "destination",
};

/**
 * Webhook topics to subscribe on each platform or aggregator. Shopify's list includes the three
 * mandatory privacy topics every app must answer; WooCommerce's are its webhook "topics".
 */
export const TOPICS: Record<Provider, readonly string[]> = {
  shopify: [
    "orders/create",
    "orders/updated",
    "orders/cancelled",
    "fulfillments/create",
    "fulfillments/update",
    "fulfillment_events/create",
    "products/create",
    "products/update",
    "products/delete",
    "app/uninstalled",
    "customers/data_request",
    "customers/redact",
    "shop/redact",
  ],
  woocommerce: ["order.created", "order.updated", "order.deleted", "product.created", "product.updated", "product.deleted"],
  easypost: ["tracker.updated"],
  aftership: ["tracking_update"],
  klaviyo: [],
};

/** Where the provider sends its webhooks for this store; destinations receive, they do not send. */
export function webhookUrl(workerOrigin: string, provider: Provider, storeId: string): string | undefined {
  const base = new URL(workerOrigin).origin;
  const store = encodeURIComponent(storeId);
  switch (KIND_OF[provider]) {
    case "platform":
      return `${base}/v1/platforms/${provider}/${store}`;
    case "aggregator":
      return `${base}/v1/webhooks/${provider}/${store}`;
    default:
      return undefined;
  }
}

/** What the merchant needs to finish connecting: the URL to paste and the topics to tick. */
export function connectionAnswer(workerOrigin: string, storeId: string, provider: Provider) {
  const url = webhookUrl(workerOrigin, provider, storeId);
  return { storeId, platform: provider, kind: KIND_OF[provider], ...(url ? { webhookUrl: url } : {}), topics: [...TOPICS[provider]] };
}
