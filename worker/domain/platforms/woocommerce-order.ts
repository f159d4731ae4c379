/**
 * A WooCommerce order (REST API v3 JSON, as its `order.*` webhooks send it) as a Doorstep order, with
 * the Shipment Tracking extension's parcels. Pure.
 *
 * Where the store enters prices with tax (`prices_include_tax`), the shopper saw tax-inclusive
 * prices, so lines, shipping, fees and coupons are shown with their tax and there is no tax fee;
 * otherwise they are shown before tax and the tax is a fee. Coupons are discounts under their codes;
 * negative fee lines (a common way to discount) become discounts. `balance` makes the breakdown add
 * up to WooCommerce's `total` exactly (unit prices of lines whose total does not divide by their
 * quantity leave a cent or two to it).
 */
import type { ConsentState } from "../../../contract/vocabularies.ts";
import type { WooLineItem, WooOrder } from "../../schemas/platforms/woocommerce.ts";
import { vendorInstant, vendorSeconds } from "../carriers/tracking-report.ts";
import { carrierPage, normaliseTrackingNumber } from "../carriers/tracking-links.ts";
import { toMinor } from "./money.ts";
import {
  balance,
  cleanEmail,
  cleanId,
  cleanPhone,
  cleanText,
  cleanUrl,
  usableTrackingNumber,
  type Adjustment,
  type MappedLine,
  type MappedOrder,
  type MappedParcel,
  type ParcelGroup,
} from "./platform-order.ts";

/** Statuses that mean the order is off: nothing more goes out about it. */
const OFF = new Set(["cancelled", "refunded", "failed"]);

const positive = (id: string | number | null | undefined) => id !== null && id !== undefined && Number(id) > 0;

/** A line's sku, else a stable identifier from its variation or product (the catalogue uses the same). */
export function wooSku(item: Pick<WooLineItem, "sku" | "variation_id" | "product_id" | "id">): string {
  const sku = item.sku?.trim();
  if (sku) return cleanId(sku);
  if (positive(item.variation_id)) return `woocommerce-variation-${item.variation_id}`;
  if (positive(item.product_id)) return `woocommerce-product-${item.product_id}`;
  return `woocommerce-line-${item.id ?? "unknown"}`;
}

/** WooCommerce's number as shoppers see it in its emails ("#1071"). */
export const wooNumber = (order: Pick<WooOrder, "number" | "id">) => {
  const number = cleanText(String(order.number ?? order.id), 63)!;
  return number.startsWith("#") ? number : `#${number}`;
};

/** A GMT time WooCommerce writes without a zone ("2026-11-20T19:28:02"), as a UTC instant. */
const gmt = (value: string | null | undefined, now: Date) =>
  value ? vendorInstant(/Z$|[+-]\d{2}:?\d{2}$/i.test(value) ? value : `${value}Z`, now) : undefined;

/**
 * When the order was placed, with the site's own offset: WooCommerce gives the site's local time and
 * the same moment in GMT, and their difference is the order's time zone.
 */
export function wooPlacedAt(order: Pick<WooOrder, "date_created" | "date_created_gmt">, now: Date): string | undefined {
  const utc = gmt(order.date_created_gmt, now);
  const local = order.date_created && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(order.date_created) ? order.date_created : undefined;
  if (!utc) return undefined;
  if (!local) return utc;
  const minutes = Math.round((Date.parse(`${local}Z`) - Date.parse(utc)) / 900_000) * 15;
  if (Math.abs(minutes) > 14 * 60) return utc;
  const sign = minutes < 0 ? "-" : "+";
  const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, "0");
  const mm = String(Math.abs(minutes) % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}

/** What the store's connection says about reading its orders (the connection's settings). */
export interface WooOptions {
  /** The order meta key the store's opt-in plugin keeps email marketing consent under, when not Mailchimp's. */
  consentMetaKey?: string;
}

export function wooOrder(order: WooOrder, now: Date, options: WooOptions = {}): MappedOrder {
  const id = String(order.id);
  const currency = (order.currency ?? "").toUpperCase();
  const minor = (value: string | number | null | undefined) => toMinor(value, currency);
  const withTax = order.prices_include_tax === true;
  const notes: string[] = [];

  const lines: MappedLine[] = [];
  let lineDiscounts = 0;
  for (const item of order.line_items ?? []) {
    const quantity = Math.round(item.quantity ?? 0);
    if (quantity < 1) continue;
    const before = minor(item.subtotal) + (withTax ? minor(item.subtotal_tax) : 0);
    const after = minor(item.total) + (withTax ? minor(item.total_tax) : 0);
    lineDiscounts += before - after;
    lines.push({
      sku: wooSku(item),
      name: cleanText(item.name, 200) ?? "Item",
      quantity,
      unitPrice: Math.max(0, Math.round(before / quantity)),
      imageUrl: cleanUrl(item.image?.src),
    });
  }

  const discounts: Adjustment[] = (order.coupon_lines ?? []).map((coupon) => ({
    label: cleanText(coupon.code, 120) ?? "Coupon",
    amount: minor(coupon.discount) + (withTax ? minor(coupon.discount_tax) : 0),
  }));
  const couponTotal = discounts.reduce((sum, d) => sum + d.amount, 0);
  // Line discounts no coupon accounts for (a plugin's, a manual edit) still reached the shopper.
  if (lineDiscounts > couponTotal) discounts.push({ label: "Discount", amount: lineDiscounts - couponTotal });

  const fees: Adjustment[] = [
    { label: "Shipping", amount: minor(order.shipping_total) + (withTax ? minor(order.shipping_tax) : 0) },
    ...(order.fee_lines ?? []).map((fee) => ({
      label: cleanText(fee.name, 120) ?? "Fee",
      amount: minor(fee.total) + (withTax ? minor(fee.total_tax) : 0),
    })),
  ];
  if (!withTax) fees.push({ label: "Tax", amount: minor(order.total_tax) });

  const balanced = balance({ lines, fees, discounts, total: minor(order.total) }, notes);
  const status = (order.status ?? "").toLowerCase();
  const updatedAt = gmt(order.date_modified_gmt, now);
  const placedAt = wooPlacedAt(order, now);
  return {
    source: "woocommerce",
    id,
    number: wooNumber(order),
    placedAt: placedAt ?? now.toISOString(),
    updatedAt,
    cancelledAt: OFF.has(status) ? (updatedAt ?? now.toISOString()) : undefined,
    currency,
    customer: {
      id: positive(order.customer_id) ? String(order.customer_id) : `woocommerce-guest-${id}`,
      email: cleanEmail(order.billing?.email),
      phone: cleanPhone(order.billing?.phone),
      firstName: cleanText(order.billing?.first_name, 100),
      lastName: cleanText(order.billing?.last_name, 100),
    },
    marketingConsent: wooMarketingConsent(order, placedAt, options),
    ...balanced,
    parcels: [wooParcels(order, balanced.lines, now)],
    notes,
  };
}

/** Order meta Mailchimp for WooCommerce writes at checkout: its newsletter box, and its SMS box (ticked only). */
export const MAILCHIMP_EMAIL_META = "mailchimp_woocommerce_is_subscribed";
export const MAILCHIMP_SMS_META = "mailchimp_woocommerce_sms_subscribed";

const GRANTED = new Set(["1", "yes", "y", "true", "on", "subscribed", "accept", "accepted", "granted"]);
const DENIED = new Set(["0", "no", "n", "false", "off", "not_subscribed", "declined", "denied"]);
const WITHDRAWN = new Set(["unsubscribed", "revoke", "revoked", "withdrawn"]);

/**
 * An opt-in plugin's order meta value as consent: "1", "yes", "true" (and true, 1) granted; "0", "no",
 * "false" denied; "unsubscribed", "revoked" withdrawn. Anything else, and an empty value (WordPress
 * stores false as "", which is also what a box the plugin did not show leaves), is no news.
 */
export function metaConsentState(value: unknown): ConsentState | undefined {
  if (typeof value === "boolean") return value ? "granted" : "denied";
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value).trim().toLowerCase();
  if (GRANTED.has(text)) return "granted";
  if (DENIED.has(text)) return "denied";
  if (WITHDRAWN.has(text)) return "withdrawn";
  return undefined;
}

/** The last value stored under `key` (WordPress may keep several; the newest is last). */
const metaValue = (order: Pick<WooOrder, "meta_data">, key: string) => (order.meta_data ?? []).findLast((m) => m.key === key)?.value;

/**
 * Marketing consent from the order's meta: WooCommerce itself records none, so it is what the store's
 * opt-in plugin saved with the order at checkout. Mailchimp for WooCommerce's `mailchimp_woocommerce_is_subscribed`
 * (its newsletter box: "1" ticked, "0" not) and `mailchimp_woocommerce_sms_subscribed` (saved only when
 * its SMS box was ticked); or, for email, the key the merchant named when connecting (`consentMetaKey`),
 * which wins over Mailchimp's. Consent given at checkout was given when the order was placed
 * (`date_created_gmt`), so an order edited later (order.updated) carries no newer news, and an older
 * order's box never overrides a newer one's.
 */
export function wooMarketingConsent(
  order: Pick<WooOrder, "meta_data">,
  placedAt: string | undefined,
  options: WooOptions = {},
): MappedOrder["marketingConsent"] {
  const at = placedAt ? { at: placedAt } : {};
  const custom = options.consentMetaKey ? metaConsentState(metaValue(order, options.consentMetaKey)) : undefined;
  const mailchimp = metaConsentState(metaValue(order, MAILCHIMP_EMAIL_META));
  const sms = metaConsentState(metaValue(order, MAILCHIMP_SMS_META));
  const email = custom
    ? { state: custom, ...at, source: cleanText(`woocommerce:${options.consentMetaKey}`, 60)! }
    : mailchimp
      ? { state: mailchimp, ...at, source: "woocommerce:mailchimp" }
      : undefined;
  const consent = {
    ...(email ? { email } : {}),
    ...(sms ? { sms: { state: sms, ...at, source: "woocommerce:mailchimp" } } : {}),
  };
  return Object.keys(consent).length ? consent : undefined;
}

/** Carrier slugs the Shipment Tracking extension uses ("usps", "royal-mail"), as names a shopper recognises. */
function providerName(slug: string): string {
  const known = carrierPage(slug, "").name;
  if (known !== slug) return known;
  return slug
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => (word.length <= 3 ? word.toUpperCase() : word[0]!.toUpperCase() + word.slice(1)))
    .join(" ");
}

/**
 * The Shipment Tracking extension's items (order meta `_wc_shipment_tracking_items`): one parcel per
 * tracking number, holding the order's items (the extension does not say which box holds what),
 * shipped (in transit) on `date_shipped`.
 */
export function wooParcels(order: Pick<WooOrder, "id" | "meta_data">, lines: MappedLine[], now: Date): ParcelGroup {
  const prefix = `woocommerce-${order.id}-`;
  const meta = (order.meta_data ?? []).find((m) => m.key === "_wc_shipment_tracking_items");
  const items = Array.isArray(meta?.value) ? (meta.value as Record<string, unknown>[]) : [];
  const contents = lines.filter((l) => l.sku !== "more-items").map((l) => ({ sku: l.sku, quantity: l.quantity }));
  const parcels: MappedParcel[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (!item || typeof item !== "object") continue;
    const trackingNumber = usableTrackingNumber(item.tracking_number as string | number | undefined);
    if (!trackingNumber || seen.has(normaliseTrackingNumber(trackingNumber))) continue;
    seen.add(normaliseTrackingNumber(trackingNumber));
    const custom = typeof item.custom_tracking_provider === "string" ? cleanText(item.custom_tracking_provider, 64) : undefined;
    const slug = typeof item.tracking_provider === "string" ? cleanText(item.tracking_provider, 64) : undefined;
    const shipped = item.date_shipped;
    const shippedAt =
      typeof shipped === "number" || (typeof shipped === "string" && /^\d+$/.test(shipped))
        ? vendorSeconds(Number(shipped), now)
        : undefined;
    const key = normaliseTrackingNumber(trackingNumber);
    parcels.push({
      id: `${prefix}${key}`,
      carrier: custom ?? (slug ? providerName(slug) : "Carrier"),
      trackingNumber,
      trackingUrl: typeof item.custom_tracking_link === "string" ? cleanUrl(item.custom_tracking_link) : undefined,
      lines: contents,
      scans: shippedAt
        ? [
            {
              id: `woocommerce:${order.id}:${key}:shipped`,
              status: "in_transit",
              carrierDelay: false,
              occurredAt: shippedAt,
              vendorStatus: "shipment_tracking/shipped",
            },
          ]
        : [],
    });
  }
  return { prefix, parcels };
}
