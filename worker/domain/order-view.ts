import type { OrderView, StorePublicConfig } from "../schemas/views.ts";
import type { OrderRecord } from "../storage/orders.ts";
import type { Store } from "../storage/stores.ts";
import { promisedDeliveryWindow, returnDeadline } from "./delivery-window.ts";
import { statusUrl } from "./status-url.ts";

/** What the confirmation and tracking views need about one order; nothing about other customers. */
export function orderView(order: OrderRecord, store: Store, token: string): OrderView {
  const window = promisedDeliveryWindow(order.placedAt, store.shipping);
  const until = returnDeadline(window.to, store.returnPolicy.days);
  return {
    storeId: store.id,
    order: {
      number: order.id,
      placedAt: order.placedAt,
      currency: order.currency,
      locale: order.locale,
      lines: order.lines.map((line) => ({
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        lineTotal: line.unitPrice * line.quantity,
        imageUrl: line.imageUrl,
        url: line.url,
      })),
      subtotal: order.subtotal,
      fees: order.fees,
      discounts: order.discounts,
      total: order.total,
      checkoutFeel: order.checkoutFeel,
    },
    delivery: { ...window, source: "store_promise" },
    // Derived once shipments exist: until then nothing can be late that has not been promised by a carrier.
    delayed: false,
    returns: {
      days: store.returnPolicy.days,
      until,
      url: store.returnPolicy.url,
      summary: store.returnPolicy.summary,
    },
    shipments: [],
    links: {
      status: statusUrl(store.statusPageUrl, store.origins[0] ?? "", token),
      returns: store.returnPolicy.url,
    },
  };
}

/** The branding and contacts anyone may read; never origins, keys or secrets. */
export function publicConfig(store: Store): StorePublicConfig {
  return {
    id: store.id,
    name: store.name,
    branding: store.branding,
    support: store.support,
    returnPolicy: store.returnPolicy,
    defaultLocale: store.defaultLocale,
    locales: store.locales,
  };
}
