/**
 * A Shopify order (the REST resource its `orders/*` webhooks send) as a Doorstep order. Pure.
 *
 * Money is taken in the currency the shopper paid in (presentment money) whenever Shopify gives it,
 * in minor units by ISO 4217. Lines keep their undiscounted price; each discount application's
 * allocations to lines become one discount; shipping lines count after their own discount
 * allocations; taxes are a fee only when prices did not include them; duties, additional fees and
 * tips are fees. `balance` then makes the breakdown add up to Shopify's `total_price` exactly.
 */
import type { ConsentState } from "../../../contract/vocabularies.ts";
import type { ShopifyMarketingConsent, ShopifyMoneySet, ShopifyOrder } from "../../schemas/platforms/shopify.ts";
import { vendorInstant } from "../carriers/tracking-report.ts";
import { toMinor } from "./money.ts";
import {
  balance,
  cleanEmail,
  cleanLocale,
  cleanPhone,
  cleanText,
  type Adjustment,
  type MappedLine,
  type MappedOrder,
} from "./platform-order.ts";
import { shopifyParcels } from "./shopify-fulfillment.ts";
import { shopifyIdOf, shopifySku } from "./shopify-ids.ts";

/** Amounts of one order in one currency: the shopper's when Shopify reports the total in it. */
function moneyOf(order: ShopifyOrder) {
  const shop = (order.currency ?? "").toUpperCase();
  const shown = (order.presentment_currency ?? shop).toUpperCase();
  const presentmentTotal = order.total_price_set?.presentment_money?.amount;
  const currency = shown !== shop && (presentmentTotal === null || presentmentTotal === undefined) ? shop : shown;
  const inPresentment = currency !== shop;
  /** The amount in `currency`, or undefined when Shopify did not report it in that currency. */
  const pick = (set: ShopifyMoneySet, shopAmount?: string | number | null): number | undefined => {
    const chosen = inPresentment
      ? set?.presentment_money
      : set?.presentment_money?.currency_code === currency
        ? set.presentment_money
        : set?.shop_money;
    const amount = chosen?.amount ?? (inPresentment ? undefined : shopAmount);
    return amount === null || amount === undefined ? undefined : toMinor(amount, currency);
  };
  return { currency, pick };
}

export function shopifyOrder(order: ShopifyOrder, now: Date): MappedOrder {
  const id = shopifyIdOf(order.id, order.admin_graphql_api_id);
  const { currency, pick } = moneyOf(order);
  const notes: string[] = [];

  const lines: MappedLine[] = [];
  const byApplication = new Map<number, number>();
  let unallocated = 0;
  for (const item of order.line_items) {
    const quantity = item.quantity ?? 0;
    if (quantity < 1) continue;
    lines.push({
      sku: shopifySku(item),
      name: cleanText(item.name ?? item.title, 200) ?? "Item",
      quantity,
      unitPrice: Math.max(0, pick(item.price_set, item.price) ?? 0),
    });
    for (const allocation of item.discount_allocations ?? []) {
      const amount = pick(allocation.amount_set, allocation.amount) ?? 0;
      if (allocation.discount_application_index === null || allocation.discount_application_index === undefined) unallocated += amount;
      else
        byApplication.set(allocation.discount_application_index, (byApplication.get(allocation.discount_application_index) ?? 0) + amount);
    }
  }
  const applications = order.discount_applications ?? [];
  const discounts: Adjustment[] = [...byApplication].map(([index, amount]) => {
    const app = applications[index];
    return { label: cleanText(app?.title ?? app?.code ?? app?.description, 120) ?? "Discount", amount };
  });
  if (unallocated) discounts.push({ label: "Discount", amount: unallocated });

  const fees: Adjustment[] = [];
  for (const line of order.shipping_lines ?? []) {
    const price = pick(line.price_set, line.price) ?? 0;
    const off = (line.discount_allocations ?? []).reduce((sum, a) => sum + (pick(a.amount_set, a.amount) ?? 0), 0);
    // Shipping after its own discounts ("free shipping over 50"): the shopper paid the difference.
    fees.push({ label: "Shipping", amount: price - off });
  }
  if (!order.taxes_included) fees.push({ label: "Tax", amount: pick(order.total_tax_set, order.total_tax) ?? 0 });
  fees.push({ label: "Duties", amount: pick(order.original_total_duties_set) ?? 0 });
  fees.push({ label: "Additional fees", amount: pick(order.original_total_additional_fees_set) ?? 0 });
  // REST reports the tip in the shop's currency only: in another currency it is left to the balance.
  fees.push({ label: "Tip", amount: pick(null, order.total_tip_received) ?? 0 });

  const total = pick(order.total_price_set, order.total_price) ?? 0;
  const balanced = balance({ lines, fees, discounts, total }, notes);
  const customerId = order.customer?.id;
  const placedAt = firstTime([order.processed_at, order.created_at], now) ?? now.toISOString();
  return {
    source: "shopify",
    id,
    number: cleanText(order.name, 64) ?? (order.order_number ? `#${order.order_number}` : `#${id}`),
    placedAt,
    updatedAt: vendorInstant(order.updated_at, now),
    cancelledAt: order.cancelled_at ? (vendorInstant(order.cancelled_at, now) ?? now.toISOString()) : undefined,
    currency,
    locale: cleanLocale(order.customer_locale),
    // No customer (a draft order, POS, a guest): one of its own, so the order stands alone.
    customer: {
      id: customerId !== null && customerId !== undefined ? String(customerId) : `shopify-guest-${id}`,
      email: cleanEmail(order.email) ?? cleanEmail(order.contact_email) ?? cleanEmail(order.customer?.email),
      phone: cleanPhone(order.phone) ?? cleanPhone(order.customer?.phone),
      firstName: cleanText(order.customer?.first_name, 100),
      lastName: cleanText(order.customer?.last_name, 100),
    },
    marketingConsent: shopifyMarketingConsent(order, now),
    ...balanced,
    parcels: (order.fulfillments ?? []).map((f) => shopifyParcels(f, now).group),
    notes,
  };
}

/**
 * The first usable time, as sent when it carries an offset: Shopify writes times with the shop's own
 * offset, which is the order's time zone (lifecycle moments land at 10:00 in it). Unusable times (from
 * before 2000, more than a day ahead) are passed over.
 */
function firstTime(values: (string | null | undefined)[], now: Date): string | undefined {
  for (const value of values) {
    const instant = vendorInstant(value, now);
    if (instant) return /(?:[+-]\d{2}:\d{2}|Z)$/i.test(value!) ? value! : instant;
  }
  return undefined;
}

/**
 * Shopify's consent states in Doorstep's terms: the `state` of the REST Customer resource's
 * `email_marketing_consent` and `sms_marketing_consent` (shopify.dev/docs/api/admin-rest/latest/resources/customer;
 * the values are the enums CustomerEmailMarketingState and CustomerSmsMarketingState of
 * shopify.dev/docs/api/admin-graphql/latest/enums, lower-cased). `not_subscribed` is "the default state
 * for customers who have never subscribed"; `redacted` (their data erased) and `invalid` (an address
 * marked invalid) allow no marketing either.
 */
const SHOPIFY_CONSENT_STATES: Record<string, ConsentState> = {
  subscribed: "granted",
  pending: "pending",
  unsubscribed: "withdrawn",
  not_subscribed: "denied",
  redacted: "denied",
  invalid: "denied",
};

/** A time as POST /v1/orders takes it: as written when it is a full ISO date-time with an offset, else in UTC. */
function consentTime(value: string | null | undefined, now: Date): string | undefined {
  const instant = vendorInstant(value, now);
  if (!instant) return undefined;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[+-]\d{2}:\d{2}|Z)$/.test(value!) ? value! : instant;
}

/** One channel's consent object, or nothing when there is none or its state is not one Shopify documents. */
function channelConsent(
  consent: ShopifyMarketingConsent,
  customerCreatedAt: string | null | undefined,
  now: Date,
): { state: ConsentState; at?: string; source: string } | undefined {
  const vendorState = consent?.state?.toLowerCase() ?? "";
  const state = Object.hasOwn(SHOPIFY_CONSENT_STATES, vendorState) ? SHOPIFY_CONSENT_STATES[vendorState] : undefined;
  if (!consent || !state) return undefined;
  // When Shopify says when the consent last changed, that is its time. `not_subscribed` without a time
  // has never changed: it has held since the customer was created, so an opt-in Doorstep recorded after
  // that (on the tracking page) is newer and stands. Otherwise the order's time is used (by the upsert).
  const at =
    consentTime(consent.consent_updated_at, now) ?? (vendorState === "not_subscribed" ? consentTime(customerCreatedAt, now) : undefined);
  // SMS consent collected outside Shopify's own checkout and forms (another app) says so:
  // `consent_collected_from` is SHOPIFY or OTHER (shopify.dev/changelog, 2024-09-12).
  const source = consent.consent_collected_from?.toUpperCase() === "OTHER" ? "shopify:other" : "shopify";
  return { state, ...(at ? { at } : {}), source };
}

/**
 * The customer's marketing consent as the order reports it: the customer's `email_marketing_consent`
 * and `sms_marketing_consent` (the order webhook's `customer` carries both; they replaced the
 * deprecated `accepts_marketing` fields in API 2022-04, shopify.dev/changelog/new-email-marketing-consent-for-customers-and-deprecated-fields).
 * Without an email consent object (a guest checkout has no customer; a customer without
 * an email has it null), the order's deprecated `buyer_accepts_marketing` is read: whether the shopper
 * ticked the marketing box at this checkout. Ticked is consent given when the order was placed. Not
 * ticked is read as `denied` at the same time, not as nothing: it is the shopper's latest word at that
 * checkout, and with newest-wins it can override only older news (never a later subscription); a guest
 * checkout's customer is the order's own (`shopify-guest-ID`), with no earlier consent to override.
 */
export function shopifyMarketingConsent(
  order: Pick<ShopifyOrder, "customer" | "buyer_accepts_marketing">,
  now: Date,
): MappedOrder["marketingConsent"] {
  const customer = order.customer;
  const email = channelConsent(customer?.email_marketing_consent, customer?.created_at, now);
  const sms = channelConsent(customer?.sms_marketing_consent, customer?.created_at, now);
  const ticked = order.buyer_accepts_marketing;
  const checkbox =
    !customer?.email_marketing_consent && typeof ticked === "boolean"
      ? { state: ticked ? ("granted" as const) : ("denied" as const), source: "shopify:checkout" }
      : undefined;
  const consent = { ...(email || checkbox ? { email: email ?? checkbox } : {}), ...(sms ? { sms } : {}) };
  return Object.keys(consent).length ? consent : undefined;
}
