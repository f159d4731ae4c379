/**
 * Shapes the worker answers shoppers' browsers with. The widget imports these types (never the zod
 * schemas, which would cost it bytes), so a change here is a change for both sides at once.
 */
import type { Branding, ReturnPolicy, SupportContacts } from "./store.ts";
import type { CheckoutFeel } from "./events.ts";
import type { DelayReason } from "../domain/shipment-state.ts";
import type { ExceptionKind, Milestone, ShipmentStatus } from "../domain/shipment-status.ts";
import type { Offer } from "../domain/offers/recommend.ts";
import type { OffersAnswer } from "../domain/offers/offers-for.ts";

/** `GET /v1/stores/{storeId}/config` */
export interface StorePublicConfig {
  id: string;
  name: string;
  branding: Branding;
  support: SupportContacts;
  returnPolicy: ReturnPolicy;
  defaultLocale: string;
  locales: string[];
  /** The store's own wording, per language or locale, over the widget's catalogues. */
  messages: Record<string, Record<string, string>>;
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
  /** Where the window comes from: the store's promise, the merchant's promise per parcel, or a carrier's estimate. */
  source: "store_promise" | "merchant" | "carrier";
}

/** One thing a carrier (or the merchant) said about a parcel. */
export interface TrackingUpdateView {
  /** null: news without a milestone ("label created at origin", "pending"). */
  status: ShipmentStatus | null;
  /** UTC ISO 8601; the widget shows it in the shopper's time zone. */
  at: string;
  location?: string;
  description?: string;
}

export interface ShipmentView {
  id: string;
  carrier: { name: string; trackingNumber: string; url?: string };
  status: ShipmentStatus;
  milestones: { status: Milestone; reached: boolean; at?: string }[];
  exception?: { kind: ExceptionKind; at: string };
  delayed: boolean;
  delayReason?: DelayReason;
  window: DeliveryWindow;
  deliveredAt?: string;
  latest?: TrackingUpdateView;
  /** Newest first, at most 30. */
  history: TrackingUpdateView[];
  /** Which of the order's items are in this parcel. */
  lines: { sku: string; name: string; quantity: number; imageUrl?: string }[];
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
  /** The window for everything still on its way (all parcels together). */
  delivery: DeliveryWindow & {
    /** The merchant's own words on what happens if delivery slips; the widget has a default. */
    ifLate?: string;
  };
  /** Any parcel (or the unshipped order) is later than promised, held up, or in trouble. */
  delayed: boolean;
  returns: {
    /** 0 when the store takes no returns. */
    days: number;
    /** Last day (YYYY-MM-DD) a return can be started, counted from the latest expected delivery. */
    until?: string;
    url?: string;
    summary?: string;
  };
  /** Empty until the merchant registers the first parcel. */
  shipments: ShipmentView[];
  /** The survey and review invitations: when they open, and what the shopper already answered. */
  feedback: {
    opensAt: string;
    basis: "delivered" | "fallback";
    open: boolean;
    survey: {
      rating: number;
      standout?: { choice: string; text?: string };
      wants?: "tip" | "promotion" | "demo" | "none";
      comment?: string;
      stepsAnswered: number;
      completed: boolean;
      editableUntil?: string;
    } | null;
    reviews: { sku: string; rating: number; title?: string; body?: string }[];
  };
  /** How the shopper asked to hear about this order; the contact is masked. */
  updates: { channel: "email" | "sms" | "none"; contactHint?: string } | null;
  links: { status: string; returns?: string };
  /**
   * The order's store as `GET /v1/stores/{storeId}/config` answers it: a view reads everything it draws
   * (branding, contacts, wording) in this one answer, without a second request for the store.
   */
  store: StorePublicConfig;
  /**
   * With `?offers=<placement>`: that placement's offers, as `GET /v1/o/{token}/offers` answers them (the
   * confirmation and tracking views draw both, from this one answer). Absent otherwise.
   */
  offers?: OffersAnswer;
}

/** One offer of `GET /v1/o/{token}/offers`, as the widget draws it: the ranking's offer without its score. */
export type OfferView = Omit<Offer, "score">;

/** `POST /v1/lookup` */
export interface LookupAnswer {
  orderToken: string | null;
}

/** `POST /v1/o/{token}/events` */
export interface EventsAccepted {
  accepted: string[];
  duplicates: string[];
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
