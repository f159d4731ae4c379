/**
 * What the worker knows about a store, an order, its parcels and its feedback: storage reads rows into
 * these records, domain computes on them, services pass them along. Types only.
 */
import type { AnalyticsSettings } from "../../contract/surveys.ts";
import type { OfferRules } from "../schemas/offers.ts";
import type { CheckoutFeel, ModerationReason, ReviewAuthorChoice, ReviewStatus } from "../../contract/vocabularies.ts";
import type { Branding, ReturnPolicy, SupportContacts } from "../../contract/store-config.ts";
import type { CustomMessages, FeedbackTiming, ShippingPromise } from "../schemas/store.ts";
import type { Window } from "./delivery-window.ts";
import type { CarrierUpdate } from "./shipment-status.ts";
import type { SurveySignal } from "./survey-signal.ts";

export interface Store {
  id: string;
  name: string;
  branding: Branding;
  support: SupportContacts;
  returnPolicy: ReturnPolicy;
  shipping: ShippingPromise;
  feedback: FeedbackTiming;
  messages: CustomMessages;
  offerRules: OfferRules;
  defaultLocale: string;
  locales: string[];
  statusPageUrl?: string;
  /** What the widget tells the merchant's analytics (issue 25). */
  analytics: AnalyticsSettings;
  /** In the order the merchant listed them (only membership matters for CORS). */
  origins: string[];
  /** Where order-status links go without a statusPageUrl: the first origin listed (storage/store-origins.ts). */
  primaryOrigin: string;
}

export interface OrderRecord {
  storeId: string;
  id: string;
  /** What shoppers see and type, when it is not the id (a platform's "#1071", migration 0013). */
  number?: string;
  customerId: string;
  placedAt: string;
  currency: string;
  locale?: string;
  subtotal: number;
  total: number;
  checkoutFeel?: CheckoutFeel;
  /** Set when the merchant cancelled it: nothing more is raised about its delivery. */
  cancelledAt?: string;
  lines: {
    sku: string;
    name: string;
    family?: string;
    quantity: number;
    unitPrice: number;
    imageUrl?: string;
    url?: string;
  }[];
  fees: { label: string; amount: number }[];
  discounts: { label: string; amount: number }[];
}

export interface ShipmentRecord {
  id: string;
  orderId: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  promisedFrom?: string;
  promisedTo?: string;
  lines: { sku: string; quantity: number }[];
  updates: CarrierUpdate[];
  estimate?: Window;
}

export interface UpdatePreference {
  channel: "email" | "sms" | "none";
  contact?: string;
}

export interface SurveyRecord {
  /** Null when a merchant's survey drives the signal with a 0–10 NPS question (`nps`) instead (issue 25). */
  rating: number | null;
  nps?: number;
  standout?: { choice: string; text?: string };
  wants?: "tip" | "promotion" | "demo" | "none";
  comment?: string;
  callbackRequested: boolean;
  sentiment: SurveySignal["sentiment"];
  nextAction: SurveySignal["nextAction"];
  stepsAnswered: number;
  completedAt?: string;
  createdAt: string;
}

export interface ReviewRecord {
  sku: string;
  rating: number;
  title?: string;
  body?: string;
  status: ReviewStatus;
  moderationReason?: ModerationReason;
  author: ReviewAuthorChoice;
  photos: { key: string; width?: number; height?: number }[];
}
