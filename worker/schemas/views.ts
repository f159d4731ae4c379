/**
 * Shapes the worker answers shoppers' browsers with. The widget imports these types (never the zod
 * schemas, which would cost it bytes), so a change here is a change for both sides at once.
 */
import type { Branding, ReturnPolicy, SupportContacts } from "./store.ts";
import type { CheckoutFeel } from "./events.ts";

/** `GET /v1/stores/{storeId}/config` */
export interface StorePublicConfig {
  id: string;
  name: string;
  branding: Branding;
  support: SupportContacts;
  returnPolicy: ReturnPolicy;
  defaultLocale: string;
  locales: string[];
}

export interface OrderLineView {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  imageUrl?: string;
  url?: string;
}

export interface DeliveryWindow {
  /** Calendar dates (YYYY-MM-DD) in the store's promise; the shopper's locale formats them. */
  from: string;
  to: string;
  /** Where the window comes from: the store's promise now, a carrier's estimate once tracking exists. */
  source: "store_promise" | "carrier";
}

/** `GET /v1/o/{token}` */
export interface OrderView {
  storeId: string;
  order: {
    number: string;
    placedAt: string;
    currency: string;
    locale?: string;
    lines: OrderLineView[];
    subtotal: number;
    fees: { label: string; amount: number }[];
    discounts: { label: string; amount: number }[];
    total: number;
    checkoutFeel?: CheckoutFeel;
  };
  delivery: DeliveryWindow;
  delayed: boolean;
  returns: {
    /** 0 when the store takes no returns. */
    days: number;
    /** Last day (YYYY-MM-DD) a return can be started, counted from the latest expected delivery. */
    until?: string;
    url?: string;
    summary?: string;
  };
  shipments: unknown[];
  links: { status: string; returns?: string };
}

/** `POST /v1/o/{token}/events` */
export interface EventsAccepted {
  accepted: string[];
  duplicates: string[];
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
