/**
 * Shopify's Admin GraphQL `orders` query, as the backfill asks it, and its answer's order nodes read
 * into the REST shape its webhooks send, so one mapping (shopify-order.ts) serves both. Pure.
 */

/** The query a backfill pages with (cursor pagination, oldest first, filtered by creation date). */
export const SHOPIFY_ORDERS_QUERY = `query DoorstepBackfill($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId name email phone createdAt processedAt updatedAt cancelledAt
      currencyCode presentmentCurrencyCode customerLocale taxesIncluded
      customer {
        legacyResourceId email phone createdAt
        emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
        smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt consentCollectedFrom }
      }
      totalPriceSet { ...bag } totalTaxSet { ...bag } totalTipReceivedSet { ...bag }
      originalTotalDutiesSet { ...bag } originalTotalAdditionalFeesSet { ...bag }
      discountApplications(first: 50) {
        nodes {
          index
          ... on DiscountCodeApplication { code }
          ... on ManualDiscountApplication { title }
          ... on AutomaticDiscountApplication { title }
          ... on ScriptDiscountApplication { title }
        }
      }
      lineItems(first: 250) {
        nodes {
          id name title sku quantity
          variant { legacyResourceId }
          product { legacyResourceId }
          originalUnitPriceSet { ...bag }
          discountAllocations { allocatedAmountSet { ...bag } discountApplication { index } }
        }
      }
      shippingLines(first: 20) {
        nodes { title originalPriceSet { ...bag } discountAllocations { allocatedAmountSet { ...bag } } }
      }
      fulfillments(first: 20) {
        id legacyResourceId status displayStatus createdAt updatedAt
        trackingInfo(first: 10) { company number url }
        fulfillmentLineItems(first: 250) {
          nodes { quantity lineItem { id sku variant { legacyResourceId } product { legacyResourceId } } }
        }
        events(first: 50) { nodes { id status happenedAt message city province country } }
      }
    }
  }
}
fragment bag on MoneyBag { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }`;

/**
 * A customer's consent on one channel, as the Admin GraphQL API's CustomerEmailMarketingConsentState
 * and CustomerSmsMarketingConsentState give it (`marketingState` SUBSCRIBED, NOT_SUBSCRIBED,
 * UNSUBSCRIBED, PENDING, REDACTED, INVALID; the REST resource's `state`, in capitals).
 */
interface GraphqlConsent {
  marketingState?: string | null;
  marketingOptInLevel?: string | null;
  consentUpdatedAt?: string | null;
}

/** Read into the REST shape webhooks carry (`{state, opt_in_level, consent_updated_at}`), or null. */
const restConsent = (c: (GraphqlConsent & { consentCollectedFrom?: string | null }) | null | undefined) =>
  c
    ? {
        state: c.marketingState?.toLowerCase() ?? null,
        opt_in_level: c.marketingOptInLevel?.toLowerCase() ?? null,
        consent_updated_at: c.consentUpdatedAt ?? null,
        ...(c.consentCollectedFrom !== undefined ? { consent_collected_from: c.consentCollectedFrom } : {}),
      }
    : null;

interface Money {
  amount?: string | null;
  currencyCode?: string | null;
}
interface Bag {
  shopMoney?: Money | null;
  presentmentMoney?: Money | null;
}
interface Legacy {
  legacyResourceId?: string | null;
}

/** One order node as SHOPIFY_ORDERS_QUERY asks for it (fields the query did not get are absent). */
export interface GraphqlOrder {
  id: string;
  legacyResourceId?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  createdAt?: string | null;
  processedAt?: string | null;
  updatedAt?: string | null;
  cancelledAt?: string | null;
  currencyCode?: string | null;
  presentmentCurrencyCode?: string | null;
  customerLocale?: string | null;
  taxesIncluded?: boolean | null;
  customer?:
    | (Legacy & {
        email?: string | null;
        phone?: string | null;
        createdAt?: string | null;
        emailMarketingConsent?: GraphqlConsent | null;
        smsMarketingConsent?: (GraphqlConsent & { consentCollectedFrom?: string | null }) | null;
      })
    | null;
  totalPriceSet?: Bag | null;
  totalTaxSet?: Bag | null;
  totalTipReceivedSet?: Bag | null;
  originalTotalDutiesSet?: Bag | null;
  originalTotalAdditionalFeesSet?: Bag | null;
  discountApplications?: { nodes: { index: number; code?: string | null; title?: string | null }[] } | null;
  lineItems?: {
    nodes: {
      id?: string | null;
      name?: string | null;
      title?: string | null;
      sku?: string | null;
      quantity?: number | null;
      variant?: Legacy | null;
      product?: Legacy | null;
      originalUnitPriceSet?: Bag | null;
      discountAllocations?: { allocatedAmountSet?: Bag | null; discountApplication?: { index: number } | null }[] | null;
    }[];
  } | null;
  shippingLines?: {
    nodes: { title?: string | null; originalPriceSet?: Bag | null; discountAllocations?: { allocatedAmountSet?: Bag | null }[] | null }[];
  } | null;
  fulfillments?:
    | {
        id: string;
        legacyResourceId?: string | null;
        status?: string | null;
        displayStatus?: string | null;
        createdAt?: string | null;
        updatedAt?: string | null;
        trackingInfo?: { company?: string | null; number?: string | null; url?: string | null }[] | null;
        fulfillmentLineItems?: {
          nodes: {
            quantity?: number | null;
            lineItem?: { id?: string | null; sku?: string | null; variant?: Legacy | null; product?: Legacy | null } | null;
          }[];
        } | null;
        events?: {
          nodes: {
            id: string;
            status?: string | null;
            happenedAt?: string | null;
            message?: string | null;
            city?: string | null;
            province?: string | null;
            country?: string | null;
          }[];
        } | null;
      }[]
    | null;
}

/** The number at the end of a gid ("gid://shopify/Order/123" → "123"). */
export const legacyOf = (gid: string | null | undefined) => (gid ? /\/(\d+)$/.exec(gid)?.[1] : undefined);

const money = (m: Money | null | undefined) => (m ? { amount: m.amount ?? null, currency_code: m.currencyCode ?? null } : null);
const bag = (b: Bag | null | undefined) => (b ? { shop_money: money(b.shopMoney), presentment_money: money(b.presentmentMoney) } : null);

/**
 * An order node in the REST webhook's shape, with its fulfillments' events as fulfillment_events
 * bodies (REST webhooks send those one by one; the backfill reads them with their fulfillment).
 */
export function restOrderFromGraphql(node: GraphqlOrder): { order: Record<string, unknown>; events: Record<string, unknown>[] } {
  const orderId = node.legacyResourceId ?? legacyOf(node.id) ?? node.id;
  const events: Record<string, unknown>[] = [];
  const fulfillments = (node.fulfillments ?? []).map((f) => {
    const id = f.legacyResourceId ?? legacyOf(f.id) ?? f.id;
    for (const e of f.events?.nodes ?? []) {
      events.push({
        id: legacyOf(e.id) ?? e.id,
        fulfillment_id: id,
        order_id: orderId,
        status: (e.status ?? "").toLowerCase(),
        message: e.message ?? null,
        happened_at: e.happenedAt ?? null,
        city: e.city ?? null,
        province: e.province ?? null,
        country: e.country ?? null,
      });
    }
    const tracking = f.trackingInfo ?? [];
    return {
      id,
      admin_graphql_api_id: f.id,
      order_id: orderId,
      status: (f.status ?? "").toLowerCase(),
      created_at: f.createdAt ?? null,
      updated_at: f.updatedAt ?? null,
      tracking_company: tracking[0]?.company ?? null,
      tracking_numbers: tracking.map((t) => t.number ?? ""),
      tracking_urls: tracking.map((t) => t.url ?? ""),
      // The display status ("IN_TRANSIT", "DELIVERED", "FULFILLED") speaks the events' vocabulary where it can.
      shipment_status: f.displayStatus ? f.displayStatus.toLowerCase() : null,
      line_items: (f.fulfillmentLineItems?.nodes ?? []).map((n) => ({
        id: legacyOf(n.lineItem?.id) ?? null,
        sku: n.lineItem?.sku ?? null,
        variant_id: n.lineItem?.variant?.legacyResourceId ?? null,
        product_id: n.lineItem?.product?.legacyResourceId ?? null,
        quantity: n.quantity ?? 0,
      })),
    };
  });
  const shopAmount = (b: Bag | null | undefined) => b?.shopMoney?.amount ?? null;
  const order = {
    id: orderId,
    admin_graphql_api_id: node.id,
    name: node.name ?? null,
    email: node.email ?? null,
    phone: node.phone ?? null,
    created_at: node.createdAt ?? null,
    processed_at: node.processedAt ?? null,
    updated_at: node.updatedAt ?? null,
    cancelled_at: node.cancelledAt ?? null,
    currency: node.currencyCode ?? null,
    presentment_currency: node.presentmentCurrencyCode ?? null,
    customer_locale: node.customerLocale ?? null,
    taxes_included: node.taxesIncluded ?? null,
    total_price: shopAmount(node.totalPriceSet),
    total_price_set: bag(node.totalPriceSet),
    total_tax: shopAmount(node.totalTaxSet),
    total_tax_set: bag(node.totalTaxSet),
    total_tip_received: shopAmount(node.totalTipReceivedSet),
    original_total_duties_set: bag(node.originalTotalDutiesSet),
    original_total_additional_fees_set: bag(node.originalTotalAdditionalFeesSet),
    customer: node.customer
      ? {
          id: node.customer.legacyResourceId ?? null,
          email: node.customer.email ?? null,
          phone: node.customer.phone ?? null,
          created_at: node.customer.createdAt ?? null,
          // The same consent a webhook's order carries, so a backfilled order keeps the shopper's choice.
          email_marketing_consent: restConsent(node.customer.emailMarketingConsent),
          sms_marketing_consent: restConsent(node.customer.smsMarketingConsent),
        }
      : null,
    discount_applications: [...(node.discountApplications?.nodes ?? [])]
      .sort((a, b) => a.index - b.index)
      .map((d) => ({ code: d.code ?? null, title: d.title ?? d.code ?? null })),
    line_items: (node.lineItems?.nodes ?? []).map((l) => ({
      id: legacyOf(l.id) ?? null,
      name: l.name ?? null,
      title: l.title ?? null,
      sku: l.sku ?? null,
      quantity: l.quantity ?? 0,
      variant_id: l.variant?.legacyResourceId ?? null,
      product_id: l.product?.legacyResourceId ?? null,
      price: shopAmount(l.originalUnitPriceSet),
      price_set: bag(l.originalUnitPriceSet),
      discount_allocations: (l.discountAllocations ?? []).map((a) => ({
        amount: shopAmount(a.allocatedAmountSet),
        amount_set: bag(a.allocatedAmountSet),
        discount_application_index: a.discountApplication?.index ?? null,
      })),
    })),
    shipping_lines: (node.shippingLines?.nodes ?? []).map((s) => ({
      title: s.title ?? null,
      price: shopAmount(s.originalPriceSet),
      price_set: bag(s.originalPriceSet),
      discount_allocations: (s.discountAllocations ?? []).map((a) => ({
        amount: shopAmount(a.allocatedAmountSet),
        amount_set: bag(a.allocatedAmountSet),
      })),
    })),
    fulfillments,
  };
  return { order, events };
}
