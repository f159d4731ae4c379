/**
 * The parts of Shopify's webhook bodies (REST resource JSON, as its webhooks send it) that Doorstep
 * reads. Lenient by design: every field Doorstep does not need may be missing or null, unknown fields
 * are kept, money comes as decimal strings, ids as numbers or strings. A body that passes is stored
 * and mapped; the mapping decides what to make of odd values (domain/platforms/shopify-*.ts).
 */
import { z } from "zod";

const text = z.string().max(10_000).nullish();
const time = z.string().max(64).nullish();
/** Shopify ids are integers; a few tools send them as strings. */
export const shopifyId = z.union([z.number(), z.string().min(1).max(64)]);
const amount = z.union([z.string().max(64), z.number()]).nullish();

const money = z.looseObject({ amount, currency_code: z.string().max(8).nullish() }).nullish();
/** `*_set`: the amount in the shop's currency and in the currency the shopper paid in. */
export const moneySet = z.looseObject({ shop_money: money, presentment_money: money }).nullish();
export type ShopifyMoneySet = z.infer<typeof moneySet>;

const allocation = z.looseObject({
  amount,
  amount_set: moneySet,
  discount_application_index: z.number().int().nullish(),
});

const taxLine = z.looseObject({ title: text, price: amount, price_set: moneySet, rate: z.number().nullish() });

export const shopifyLineItem = z.looseObject({
  id: shopifyId.nullish(),
  variant_id: shopifyId.nullish(),
  product_id: shopifyId.nullish(),
  sku: text,
  name: text,
  title: text,
  variant_title: text,
  quantity: z.number().int().nullish(),
  price: amount,
  price_set: moneySet,
  discount_allocations: z.array(allocation).max(100).nullish(),
  tax_lines: z.array(taxLine).max(100).nullish(),
});
export type ShopifyLineItem = z.infer<typeof shopifyLineItem>;

const shippingLine = z.looseObject({
  title: text,
  price: amount,
  price_set: moneySet,
  discount_allocations: z.array(allocation).max(100).nullish(),
});

const discountApplication = z.looseObject({
  type: text,
  title: text,
  description: text,
  code: text,
  target_type: text,
});

/** A fulfillment, as `fulfillments/create|update` send it and as orders carry them in `fulfillments`. */
export const shopifyFulfillment = z.looseObject({
  id: shopifyId,
  admin_graphql_api_id: text,
  order_id: shopifyId.nullish(),
  status: text,
  name: text,
  created_at: time,
  updated_at: time,
  tracking_company: text,
  tracking_number: text,
  tracking_numbers: z.array(z.string().max(256)).max(100).nullish(),
  tracking_url: text,
  tracking_urls: z.array(z.string().max(2048)).max(100).nullish(),
  shipment_status: text,
  line_items: z.array(shopifyLineItem).max(1000).nullish(),
});
export type ShopifyFulfillment = z.infer<typeof shopifyFulfillment>;

/**
 * A customer's marketing consent on one channel, as the REST Customer resource (and the `customer` of
 * an order) carries it since API version 2022-04: `email_marketing_consent` is `{state, opt_in_level,
 * consent_updated_at}`, `sms_marketing_consent` adds `consent_collected_from` (`SHOPIFY`, `OTHER`).
 * Either may be null (no email, no phone) or absent. States are read as text, so a state Shopify adds
 * later is passed over instead of refusing the order (domain/platforms/shopify-order.ts maps them).
 */
const marketingConsent = z
  .looseObject({
    state: z.string().max(64).nullish(),
    opt_in_level: z.string().max(64).nullish(),
    consent_updated_at: time,
    consent_collected_from: z.string().max(64).nullish(),
  })
  .nullish();
export type ShopifyMarketingConsent = z.infer<typeof marketingConsent>;

/** `orders/create`, `orders/updated`, `orders/cancelled`: the whole order. */
export const shopifyOrder = z.looseObject({
  id: shopifyId,
  admin_graphql_api_id: text,
  name: text,
  order_number: z.union([z.number(), z.string().max(64)]).nullish(),
  email: text,
  contact_email: text,
  phone: text,
  created_at: time,
  processed_at: time,
  updated_at: time,
  cancelled_at: time,
  currency: z.string().max(8).nullish(),
  presentment_currency: z.string().max(8).nullish(),
  customer_locale: z.string().max(64).nullish(),
  taxes_included: z.boolean().nullish(),
  total_price: amount,
  total_price_set: moneySet,
  total_tax: amount,
  total_tax_set: moneySet,
  total_tip_received: amount,
  original_total_duties_set: moneySet,
  current_total_duties_set: moneySet,
  original_total_additional_fees_set: moneySet,
  discount_applications: z.array(discountApplication).max(100).nullish(),
  line_items: z.array(shopifyLineItem).max(1000),
  shipping_lines: z.array(shippingLine).max(100).nullish(),
  /** Deprecated since 2022-04 (the customer's consent objects replace it); read only when they are absent. */
  buyer_accepts_marketing: z.boolean().nullish(),
  customer: z
    .looseObject({
      id: shopifyId.nullish(),
      email: text,
      phone: text,
      first_name: text,
      last_name: text,
      created_at: time,
      email_marketing_consent: marketingConsent,
      sms_marketing_consent: marketingConsent,
    })
    .nullish(),
  fulfillments: z.array(shopifyFulfillment).max(100).nullish(),
});
export type ShopifyOrder = z.infer<typeof shopifyOrder>;

/** `fulfillment_events/create`: one tracking event of a fulfillment. */
export const shopifyFulfillmentEvent = z.looseObject({
  id: shopifyId,
  fulfillment_id: shopifyId,
  order_id: shopifyId.nullish(),
  status: z.string().max(64),
  message: text,
  happened_at: time,
  created_at: time,
  city: text,
  province: text,
  country: text,
  estimated_delivery_at: time,
});
export type ShopifyFulfillmentEvent = z.infer<typeof shopifyFulfillmentEvent>;

/** `products/create|update`. */
export const shopifyProduct = z.looseObject({
  id: shopifyId,
  title: text,
  handle: text,
  product_type: text,
  status: text,
  updated_at: time,
  variants: z
    .array(z.looseObject({ id: shopifyId, title: text, sku: text, price: amount, image_id: shopifyId.nullish() }))
    .max(2000)
    .nullish(),
  images: z
    .array(z.looseObject({ id: shopifyId.nullish(), src: text }))
    .max(500)
    .nullish(),
  image: z.looseObject({ src: text }).nullish(),
});
export type ShopifyProduct = z.infer<typeof shopifyProduct>;

/** `products/delete` (and any deletion): only the id. */
export const shopifyDeleted = z.looseObject({ id: shopifyId });

const privacyCustomer = z.looseObject({ id: shopifyId.nullish(), email: text, phone: text }).nullish();

/** `customers/redact`: erase this customer and these orders' personal data. */
export const shopifyCustomersRedact = z.looseObject({
  shop_domain: text,
  customer: privacyCustomer,
  orders_to_redact: z.array(shopifyId).max(10_000).nullish(),
});

/** `customers/data_request`: the customer asked the merchant for their data. */
export const shopifyCustomersDataRequest = z.looseObject({
  shop_domain: text,
  customer: privacyCustomer,
  orders_requested: z.array(shopifyId).max(10_000).nullish(),
  data_request: z.looseObject({ id: shopifyId }).nullish(),
});

/** `shop/redact`, 48 hours after the app was uninstalled: erase the shop's customers. */
export const shopifyShopRedact = z.looseObject({ shop_domain: text });

/** `app/uninstalled` carries the shop; nothing of it is needed. */
export const shopifyAnything = z.looseObject({});
