/**
 * Shopify fulfillments and their events as parcels and scans. Pure.
 *
 * A fulfillment can carry several tracking numbers (one shipment sent as several boxes): each is a
 * parcel of its own, holding the fulfillment's items, since Shopify does not say which box holds
 * what. A parcel's id is the fulfillment id with its tracking number, so a corrected number retires
 * the old parcel instead of leaving it beside the new one. A cancelled fulfillment has no parcels.
 */
import type { ShopifyFulfillment, ShopifyFulfillmentEvent } from "../../schemas/platforms/shopify.ts";
import { joinPlace, vendorInstant } from "../carriers/tracking-report.ts";
import { normaliseTrackingNumber } from "../carriers/tracking-links.ts";
import { cleanText, cleanUrl, usableTrackingNumber, type MappedParcel, type MappedScan, type ParcelGroup } from "./platform-order.ts";
import { fromShopify } from "./shopify-status.ts";
import { shopifyIdOf, shopifySku } from "./shopify-ids.ts";

const VOID = new Set(["cancelled", "error", "failure"]);

/** Parcel ids of one fulfillment start with this, so the ones it no longer has can be retired. */
export const fulfillmentParcelPrefix = (fulfillmentId: string) => `shopify-${fulfillmentId}-`;

export function shopifyParcels(f: ShopifyFulfillment, now: Date): { orderId?: string; group: ParcelGroup } {
  const fulfillmentId = shopifyIdOf(f.id, f.admin_graphql_api_id);
  const orderId = f.order_id === null || f.order_id === undefined ? undefined : String(f.order_id);
  const prefix = fulfillmentParcelPrefix(fulfillmentId);
  if (VOID.has((f.status ?? "").toLowerCase())) return { orderId, group: { prefix, parcels: [] } };
  const numbers = f.tracking_numbers?.length ? f.tracking_numbers : f.tracking_number ? [f.tracking_number] : [];
  const urls = f.tracking_urls?.length ? f.tracking_urls : f.tracking_url ? [f.tracking_url] : [];
  const quantities = new Map<string, number>();
  for (const item of f.line_items ?? []) {
    if ((item.quantity ?? 0) >= 1) quantities.set(shopifySku(item), (quantities.get(shopifySku(item)) ?? 0) + item.quantity!);
  }
  const lines = [...quantities].map(([sku, quantity]) => ({ sku, quantity }));
  const updatedAt = vendorInstant(f.updated_at, now);
  const shippedAt = vendorInstant(f.created_at, now);
  const seen = new Set<string>();
  const parcels: MappedParcel[] = [];
  numbers.forEach((raw, i) => {
    const trackingNumber = usableTrackingNumber(raw);
    if (!trackingNumber || seen.has(normaliseTrackingNumber(trackingNumber))) return;
    seen.add(normaliseTrackingNumber(trackingNumber));
    const scans: MappedScan[] = [];
    // A fulfillment with a tracking number has a label: the parcel is at least packed.
    if (shippedAt && (f.status ?? "success").toLowerCase() === "success") {
      scans.push({
        id: `shopify:${fulfillmentId}:fulfilled`,
        status: "packed",
        carrierDelay: false,
        occurredAt: shippedAt,
        vendorStatus: "fulfillment/success",
      });
    }
    const status = fromShopify(f.shipment_status);
    if (f.shipment_status && (status.status || status.carrierDelay) && (updatedAt ?? shippedAt)) {
      scans.push({
        id: `shopify:${fulfillmentId}:${f.shipment_status.toLowerCase()}`,
        ...status,
        occurredAt: (updatedAt ?? shippedAt)!,
        vendorStatus: `shipment_status/${f.shipment_status.toLowerCase()}`,
      });
    }
    parcels.push({
      id: `${prefix}${normaliseTrackingNumber(trackingNumber)}`,
      carrier: cleanText(f.tracking_company, 64) ?? "Carrier",
      trackingNumber,
      trackingUrl: cleanUrl(urls[i] ?? (numbers.length === 1 ? urls[0] : undefined)),
      lines,
      updatedAt,
      scans,
    });
  });
  return { orderId, group: { prefix, parcels } };
}

/** A `fulfillment_events/create` body as one scan of every parcel of its fulfillment, or undefined. */
export function shopifyEventScan(event: ShopifyFulfillmentEvent, now: Date): { fulfillmentId: string; scan: MappedScan } | undefined {
  const occurredAt = vendorInstant(event.happened_at, now) ?? vendorInstant(event.created_at, now);
  if (!occurredAt) return undefined;
  const status = event.status.toLowerCase();
  return {
    fulfillmentId: String(event.fulfillment_id),
    scan: {
      id: `shopify:event:${event.id}`,
      ...fromShopify(status),
      occurredAt,
      location: joinPlace(event.city, event.province, event.country),
      description: cleanText(event.message, 500),
      vendorStatus: `fulfillment_event/${status}`,
    },
  };
}
