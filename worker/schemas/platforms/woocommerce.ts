/**
 * The parts of WooCommerce's webhook bodies (REST API v3 resource JSON: orders and products) that
 * Doorstep reads. Lenient like the Shopify schemas: unknown fields kept, nulls and missing fields
 * allowed where Doorstep can do without, money as decimal strings (or numbers, which some plugins send).
 */
import { z } from "zod";

const text = z.string().max(10_000).nullish();
const time = z.string().max(64).nullish();
const amount = z.union([z.string().max(64), z.number()]).nullish();
const wcId = z.union([z.number(), z.string().min(1).max(64)]);

const metaData = z
  .array(z.looseObject({ key: z.string().max(255), value: z.unknown() }))
  .max(1000)
  .nullish();

export const wooLineItem = z.looseObject({
  id: wcId.nullish(),
  name: text,
  product_id: wcId.nullish(),
  variation_id: wcId.nullish(),
  quantity: z.number().nullish(),
  subtotal: amount,
  subtotal_tax: amount,
  total: amount,
  total_tax: amount,
  sku: text,
  image: z.looseObject({ src: text }).nullish(),
});
export type WooLineItem = z.infer<typeof wooLineItem>;

/** `order.created`, `order.updated`: an order as `GET /wp-json/wc/v3/orders/{id}` answers it. */
export const wooOrder = z.looseObject({
  id: wcId,
  number: z.union([z.string().max(128), z.number()]).nullish(),
  status: z.string().max(64).nullish(),
  currency: z.string().max(8).nullish(),
  date_created: time,
  date_created_gmt: time,
  date_modified: time,
  date_modified_gmt: time,
  discount_total: amount,
  shipping_total: amount,
  shipping_tax: amount,
  total: amount,
  total_tax: amount,
  prices_include_tax: z.boolean().nullish(),
  customer_id: wcId.nullish(),
  billing: z.looseObject({ email: text, phone: text, first_name: text, last_name: text }).nullish(),
  meta_data: metaData,
  line_items: z.array(wooLineItem).max(1000).nullish(),
  shipping_lines: z
    .array(z.looseObject({ method_title: text, total: amount, total_tax: amount }))
    .max(100)
    .nullish(),
  fee_lines: z
    .array(z.looseObject({ name: text, total: amount, total_tax: amount }))
    .max(100)
    .nullish(),
  coupon_lines: z
    .array(z.looseObject({ code: text, discount: amount, discount_tax: amount }))
    .max(100)
    .nullish(),
});
export type WooOrder = z.infer<typeof wooOrder>;

/** `order.deleted`, `product.deleted`: WooCommerce sends only the id of what it deleted. */
export const wooDeleted = z.looseObject({ id: wcId });

/** `product.created`, `product.updated`. */
export const wooProduct = z.looseObject({
  id: wcId,
  name: text,
  permalink: text,
  type: text,
  status: text,
  sku: text,
  price: amount,
  date_modified_gmt: time,
  categories: z
    .array(z.looseObject({ name: text }))
    .max(200)
    .nullish(),
  images: z
    .array(z.looseObject({ src: text }))
    .max(500)
    .nullish(),
});
export type WooProduct = z.infer<typeof wooProduct>;

/**
 * One parcel of the Shipment Tracking extension (`_wc_shipment_tracking_items` in the order's
 * meta_data): a carrier slug or a custom carrier with its link, the tracking number, when it shipped.
 */
export const wooTrackingItem = z.looseObject({
  tracking_provider: text,
  custom_tracking_provider: text,
  custom_tracking_link: text,
  tracking_number: z.union([z.string().max(256), z.number()]).nullish(),
  date_shipped: z.union([z.string().max(64), z.number()]).nullish(),
  tracking_id: z.string().max(128).nullish(),
});
export type WooTrackingItem = z.infer<typeof wooTrackingItem>;
