/**
 * Playing Shopify: a Doorstep order, parcel or scan written as the REST resource Shopify's webhooks
 * send (orders/create, fulfillments/create, fulfillment_events/create), signed as Shopify signs it
 * (base64 HMAC-SHA256 of the raw body under the app's client secret) and posted to the worker. Used
 * by `npm run demo -- --as shopify`, the end-to-end tests and the bench.
 */
import { createHmac, randomUUID } from "node:crypto";
import { currencyExponent } from "../../worker/domain/platforms/money.ts";
import type { OrderInput } from "../../worker/schemas/order.ts";

export const DEMO_SHOP = "doorstep-demo.myshopify.com";

/** Minor units as Shopify writes money: a decimal string with the currency's digits. */
export function decimal(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? String(minor) : (minor / 10 ** exponent).toFixed(exponent);
}

/** A stable Shopify-style numeric id from any text (FNV-1a, kept under 2^53). */
export function numericId(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return String(4_000_000_000_000n + (hash % 4_000_000_000_000n));
}

const set = (amount: string, currency: string) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount, currency_code: currency },
});

/**
 * A Doorstep order as Shopify's order resource: lines with variants, the order's discounts allocated
 * across lines (as Shopify allocates an "across" discount), shipping lines, tax (or prices with tax),
 * a customer. Shopify's own order id is a number; the demo's id becomes the order's name ("NW-1001").
 */
export function shopifyOrderFor(order: OrderInput, options: { updatedAt?: string } = {}) {
  const currency = order.currency;
  const money = (minor: number) => decimal(minor, currency);
  const id = numericId(`order:${order.id}`);
  const discount = order.discounts.reduce((sum, d) => sum + d.amount, 0);
  const subtotal = order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  let allocated = 0;
  const line_items = order.lines.map((line, i) => {
    const share =
      i === order.lines.length - 1 ? discount - allocated : Math.round((discount * line.unitPrice * line.quantity) / Math.max(1, subtotal));
    allocated += share;
    return {
      id: Number(numericId(`line:${order.id}:${i}`)),
      admin_graphql_api_id: `gid://shopify/LineItem/${numericId(`line:${order.id}:${i}`)}`,
      variant_id: Number(numericId(`variant:${line.sku}`)),
      product_id: Number(numericId(`product:${line.sku}`)),
      sku: line.sku,
      name: line.name,
      title: line.name,
      variant_title: null,
      vendor: "Northwind Outfitters",
      quantity: line.quantity,
      current_quantity: line.quantity,
      fulfillable_quantity: line.quantity,
      requires_shipping: true,
      taxable: true,
      gift_card: false,
      price: money(line.unitPrice),
      price_set: set(money(line.unitPrice), currency),
      total_discount: "0.00",
      discount_allocations: share ? [{ amount: money(share), amount_set: set(money(share), currency), discount_application_index: 0 }] : [],
      tax_lines: [],
      duties: [],
    };
  });
  const shipping = order.fees.filter((f) => /ship|versand|envío|livraison/i.test(f.label));
  const taxes = order.fees.filter((f) => !shipping.includes(f));
  const tax = taxes.reduce((sum, f) => sum + f.amount, 0);
  const total = money(order.total);
  const name = /^#/.test(order.id) ? order.id : order.id.startsWith("NW-") ? order.id : `#${order.id}`;
  return {
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name,
    order_number: Number(order.id.replace(/\D/g, "").slice(-6) || "1001"),
    email: order.customer.email ?? "",
    contact_email: order.customer.email ?? null,
    phone: order.customer.phone ?? null,
    created_at: order.placedAt,
    processed_at: order.placedAt,
    updated_at: options.updatedAt ?? new Date().toISOString(),
    cancelled_at: order.cancelledAt ?? null,
    currency,
    presentment_currency: currency,
    customer_locale: order.locale ?? null,
    financial_status: "paid",
    fulfillment_status: null,
    source_name: "web",
    // A shop selling in euros enters prices with VAT; one selling in dollars adds sales tax.
    taxes_included: tax === 0,
    total_price: total,
    total_price_set: set(total, currency),
    total_tax: money(tax),
    total_tax_set: set(money(tax), currency),
    total_discounts: money(discount),
    total_line_items_price: money(subtotal),
    total_tip_received: "0.00",
    original_total_duties_set: null,
    original_total_additional_fees_set: null,
    discount_applications: discount
      ? [
          {
            target_type: "line_item",
            type: "discount_code",
            value_type: "percentage",
            allocation_method: "across",
            target_selection: "all",
            title: order.discounts[0]!.label,
            code: order.discounts[0]!.label.split(" ")[0],
          },
        ]
      : [],
    line_items,
    shipping_lines: shipping.map((fee, i) => ({
      id: i + 1,
      title: fee.label,
      code: "Standard",
      source: "shopify",
      price: money(fee.amount),
      price_set: set(money(fee.amount), currency),
      discount_allocations: [],
      tax_lines: [],
    })),
    tax_lines: taxes.map((fee) => ({ title: fee.label, price: money(fee.amount), price_set: set(money(fee.amount), currency), rate: 0 })),
    customer: {
      id: Number(numericId(`customer:${order.customer.id}`)),
      email: order.customer.email ?? null,
      phone: order.customer.phone ?? null,
      state: "enabled",
      currency,
    },
    fulfillments: [],
    refunds: [],
  };
}

/** A parcel as a fulfillment with one tracking number (fulfillments/create). */
export function shopifyFulfillmentFor(
  orderId: string,
  parcel: { id: string; carrier: string; trackingNumber: string; lines: { sku: string; quantity: number }[] },
  at: string,
) {
  const id = numericId(`fulfillment:${parcel.id}`);
  return {
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Fulfillment/${id}`,
    order_id: Number(numericId(`order:${orderId}`)),
    status: "success",
    service: "manual",
    created_at: at,
    updated_at: at,
    tracking_company: parcel.carrier,
    tracking_number: parcel.trackingNumber,
    tracking_numbers: [parcel.trackingNumber],
    tracking_url: null,
    tracking_urls: [],
    shipment_status: null,
    name: `#${orderId}.1`,
    line_items: parcel.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      variant_id: Number(numericId(`variant:${l.sku}`)),
      product_id: Number(numericId(`product:${l.sku}`)),
    })),
  };
}

const EVENT_STATUS: Record<string, string> = {
  packed: "label_printed",
  in_transit: "in_transit",
  out_for_delivery: "out_for_delivery",
  delivered: "delivered",
  exception: "failure",
};

/** A scan the merchant saw as a fulfillment event (fulfillment_events/create). */
export function shopifyEventFor(
  orderId: string,
  parcelId: string,
  scan: { id: string; status: string; occurredAt: string; location?: string; description?: string },
) {
  const [city, province] = (scan.location ?? "").split(",").map((s) => s.trim());
  return {
    id: Number(numericId(`event:${parcelId}:${scan.id}`)),
    fulfillment_id: Number(numericId(`fulfillment:${parcelId}`)),
    order_id: Number(numericId(`order:${orderId}`)),
    status: EVENT_STATUS[scan.status] ?? "confirmed",
    message: scan.description ?? null,
    happened_at: scan.occurredAt,
    created_at: scan.occurredAt,
    city: city || null,
    province: province || null,
    country: null,
  };
}

/** The headers Shopify sends with a webhook, signed over exactly `body`. */
export function shopifyHeaders(
  secret: string,
  shop: string,
  topic: string,
  body: string,
  webhookId = randomUUID(),
): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body, "utf8").digest("base64"),
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2025-07",
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
}

export interface ShopifySender {
  workerOrigin: string;
  storeId: string;
  secret: string;
  shop: string;
}

/** Posts one signed webhook; throws unless the worker took it. */
export async function sendShopifyWebhook(to: ShopifySender, topic: string, payload: unknown): Promise<void> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${to.workerOrigin}/v1/platforms/shopify/${encodeURIComponent(to.storeId)}`, {
    method: "POST",
    headers: shopifyHeaders(to.secret, to.shop, topic, body),
    body,
  });
  if (!res.ok) throw new Error(`${topic} webhook refused: ${res.status} ${await res.text()}`);
}

/**
 * The order's token once the worker has processed the webhook (just after answering it), read as
 * support would: GET /v1/admin/orders/{id} with the store's API key.
 */
export async function waitForOrderToken(
  workerOrigin: string,
  apiKey: string,
  orderId: string,
  timeoutMs = 10_000,
): Promise<{ orderToken: string; statusUrl: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${workerOrigin}/v1/admin/orders/${encodeURIComponent(orderId)}`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    if (res.ok) {
      const order = (await res.json()) as { orderToken: string | null; statusUrl: string | null };
      if (order.orderToken) return { orderToken: order.orderToken, statusUrl: order.statusUrl ?? "" };
    }
    if (Date.now() > until) throw new Error(`order ${orderId} did not arrive within ${timeoutMs} ms (last answer ${res.status})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
