/**
 * Orders as the platforms' APIs answer them, for the local API stand-in (platform-stand-in.ts), the
 * demo and the tests: Shopify Admin GraphQL `Order` nodes (MoneyBags in shop and presentment money,
 * discount applications and allocations, fulfillments with tracking info and events) and WooCommerce
 * REST API v3 orders. Pure and deterministic: order i of a run is always the same order.
 */
import type { GraphqlOrder } from "../../worker/domain/platforms/shopify-graphql.ts";

const DAY = 86_400_000;
const bag = (amount: string, currency = "USD") => ({
  shopMoney: { amount, currencyCode: currency },
  presentmentMoney: { amount, currencyCode: currency },
});

/** Shopify order i of `count`, placed `ageDays` ago (spread evenly), some with a delivered parcel. */
export function shopifyGraphqlOrder(i: number, placedAt: Date, options: { delivered?: boolean; shop?: string } = {}): GraphqlOrder {
  const id = String(6_300_000_000_000 + i);
  const number = 3000 + i;
  const at = (ms: number) => new Date(placedAt.getTime() + ms).toISOString().replace(".000Z", "Z");
  const fulfilled = options.delivered ?? i % 2 === 0;
  const tracking = `1Z999AA1${String(10_000_000 + i)}`;
  return {
    id: `gid://shopify/Order/${id}`,
    legacyResourceId: id,
    name: `#${number}`,
    email: `shopper${i}@example.com`,
    phone: null,
    createdAt: at(0),
    processedAt: at(0),
    updatedAt: at(fulfilled ? 3 * DAY : 60_000),
    cancelledAt: null,
    currencyCode: "USD",
    presentmentCurrencyCode: "USD",
    customerLocale: "en-US",
    taxesIncluded: false,
    customer: {
      legacyResourceId: String(7_000_000 + (i % 7)),
      email: `shopper${i}@example.com`,
      phone: null,
      createdAt: "2025-03-01T09:00:00Z",
      // A third subscribed at checkout, a third never asked (held since the customer was created), a third unsubscribed.
      emailMarketingConsent: [
        { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: at(-60_000) },
        { marketingState: "NOT_SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: null },
        { marketingState: "UNSUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: at(-DAY) },
      ][i % 3],
      smsMarketingConsent: null,
    },
    totalPriceSet: bag("61.40"),
    totalTaxSet: bag("4.40"),
    totalTipReceivedSet: bag("0.00"),
    originalTotalDutiesSet: null,
    originalTotalAdditionalFeesSet: null,
    discountApplications: { nodes: [{ index: 0, code: "WELCOME10" }] },
    lineItems: {
      nodes: [
        {
          id: `gid://shopify/LineItem/${id}1`,
          name: "Trail Runner - 42",
          title: "Trail Runner",
          sku: "TRAIL-42",
          quantity: 1,
          variant: { legacyResourceId: "41000001" },
          product: { legacyResourceId: "81000001" },
          originalUnitPriceSet: bag("50.00"),
          discountAllocations: [{ allocatedAmountSet: bag("5.00"), discountApplication: { index: 0 } }],
        },
        {
          id: `gid://shopify/LineItem/${id}2`,
          name: "Laces",
          title: "Laces",
          sku: "",
          quantity: 2,
          variant: { legacyResourceId: "41000002" },
          product: { legacyResourceId: "81000002" },
          originalUnitPriceSet: bag("3.00"),
          discountAllocations: [],
        },
      ],
    },
    shippingLines: { nodes: [{ title: "Standard", originalPriceSet: bag("6.00"), discountAllocations: [] }] },
    fulfillments: fulfilled
      ? [
          {
            id: `gid://shopify/Fulfillment/${4_800_000_000 + i}`,
            legacyResourceId: String(4_800_000_000 + i),
            status: "SUCCESS",
            displayStatus: "DELIVERED",
            createdAt: at(DAY),
            updatedAt: at(3 * DAY),
            trackingInfo: [{ company: "UPS", number: tracking, url: `https://www.ups.com/track?tracknum=${tracking}` }],
            fulfillmentLineItems: {
              nodes: [
                {
                  quantity: 1,
                  lineItem: {
                    id: `gid://shopify/LineItem/${id}1`,
                    sku: "TRAIL-42",
                    variant: { legacyResourceId: "41000001" },
                    product: { legacyResourceId: "81000001" },
                  },
                },
                {
                  quantity: 2,
                  lineItem: {
                    id: `gid://shopify/LineItem/${id}2`,
                    sku: "",
                    variant: { legacyResourceId: "41000002" },
                    product: { legacyResourceId: "81000002" },
                  },
                },
              ],
            },
            events: {
              nodes: [
                {
                  id: `gid://shopify/FulfillmentEvent/${9_100_000_000 + i * 10}`,
                  status: "IN_TRANSIT",
                  happenedAt: at(DAY + 3_600_000),
                  message: "Departed facility",
                  city: "Louisville",
                  province: "KY",
                  country: "US",
                },
                {
                  id: `gid://shopify/FulfillmentEvent/${9_100_000_001 + i * 10}`,
                  status: "DELIVERED",
                  happenedAt: at(3 * DAY),
                  message: "Delivered, front door",
                  city: "Denver",
                  province: "CO",
                  country: "US",
                },
              ],
            },
          },
        ]
      : [],
  };
}

/** `count` Shopify orders placed evenly over the last `days` days before `now`, oldest first. */
export function shopifyGraphqlOrders(count: number, now: Date, days: number): GraphqlOrder[] {
  return Array.from({ length: count }, (_, i) =>
    shopifyGraphqlOrder(i, new Date(now.getTime() - days * DAY + ((i + 0.5) * days * DAY) / count)),
  );
}

/** WooCommerce order i, as `GET /wp-json/wc/v3/orders` lists it (a site 5 hours behind UTC). */
export function wooRestOrder(i: number, placedAt: Date): Record<string, unknown> {
  const local = (d: Date) => new Date(d.getTime() - 5 * 3_600_000).toISOString().slice(0, 19);
  const gmt = (d: Date) => d.toISOString().slice(0, 19);
  const id = 5000 + i;
  const shipped = new Date(placedAt.getTime() + DAY);
  return {
    id,
    parent_id: 0,
    number: String(id),
    status: i % 5 === 4 ? "cancelled" : "completed",
    currency: "USD",
    prices_include_tax: false,
    date_created: local(placedAt),
    date_created_gmt: gmt(placedAt),
    date_modified: local(shipped),
    date_modified_gmt: gmt(shipped),
    discount_total: "0.00",
    shipping_total: "5.00",
    shipping_tax: "0.00",
    total: "27.15",
    total_tax: "2.15",
    customer_id: i % 3 === 0 ? 0 : 40 + i,
    billing: { first_name: "Sam", last_name: `Shopper ${i}`, email: `woo${i}@example.com`, phone: "" },
    meta_data: [
      {
        id: 9000 + i,
        key: "_wc_shipment_tracking_items",
        value: [
          {
            tracking_provider: "usps",
            custom_tracking_provider: "",
            custom_tracking_link: "",
            tracking_number: `94001118992231${String(10_000_000 + i)}`,
            date_shipped: String(Math.floor(shipped.getTime() / 1000)),
            tracking_id: `t${i}`,
          },
        ],
      },
    ],
    line_items: [
      {
        id: 100 + i,
        name: "Merino Socks",
        product_id: 93,
        variation_id: 0,
        quantity: 2,
        subtotal: "20.00",
        subtotal_tax: "2.15",
        total: "20.00",
        total_tax: "2.15",
        sku: "SOCK-M",
        price: 10,
      },
    ],
    shipping_lines: [{ id: 200 + i, method_title: "Flat rate", total: "5.00", total_tax: "0.00" }],
    fee_lines: [],
    coupon_lines: [],
  };
}

export function wooRestOrders(count: number, now: Date, days: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => wooRestOrder(i, new Date(now.getTime() - days * DAY + ((i + 0.5) * days * DAY) / count)));
}
