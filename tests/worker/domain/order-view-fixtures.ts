/**
 * One order with its store and a delivered parcel, and its whole view (domain/order-view.ts): what the
 * tests of a view's part of the order (survey-view, confirmation-view, tracking-view) reduce.
 */
import type { SurveyShown } from "../../../contract/surveys.ts";
import type { OrderRecord, ShipmentRecord, Store } from "../../../worker/domain/records.ts";
import { orderView } from "../../../worker/domain/order-view.ts";
import { offerRules } from "../../../worker/schemas/offers.ts";
import { storeSettings } from "../../../worker/schemas/store.ts";

export const NOW = new Date("2026-12-08T21:37:12.345Z");

const settings = storeSettings.parse({
  name: "Acme Outdoors",
  origins: ["https://shop.example"],
  branding: { logoUrl: "https://shop.example/logo.svg" },
  support: { email: "help@shop.example" },
  returnPolicy: { days: 30, url: "https://shop.example/returns", summary: "Thirty days, free." },
  locales: ["en-US", "fr-FR"],
  messages: { fr: { surveyTitle: "Votre avis" } },
});
export const store: Store = { id: "s1", ...settings, offerRules: offerRules.parse({}), primaryOrigin: "https://shop.example" };

export const order: OrderRecord = {
  storeId: "s1",
  id: "o1",
  number: "AC-1001",
  customerId: "c1",
  placedAt: "2026-12-01T10:00:00Z",
  currency: "EUR",
  locale: "fr-FR",
  subtotal: 9000,
  total: 9500,
  lines: [
    {
      sku: "TENT-2",
      name: "Tent 2P",
      quantity: 1,
      unitPrice: 7000,
      imageUrl: "https://shop.example/tent.jpg",
      url: "https://shop.example/tent",
    },
    { sku: "MUG", name: "Enamel mug", quantity: 2, unitPrice: 1000 },
  ],
  fees: [{ label: "Shipping", amount: 500 }],
  discounts: [],
};

export const delivered: ShipmentRecord = {
  id: "p1",
  orderId: "o1",
  carrier: "UPS",
  trackingNumber: "1ZP1",
  lines: [{ sku: "TENT-2", quantity: 1 }],
  updates: [
    { status: "in_transit", occurredAt: "2026-12-02T09:00:00Z", location: "Lyon", carrierDelay: false },
    { status: "delivered", occurredAt: "2026-12-03T15:00:00Z", location: "Paris", carrierDelay: false },
  ],
};

/** The whole view of the order with these parcels (the delivered one by default), the shopper updated by email. */
export const full = (shipments: ShipmentRecord[] = [delivered]) =>
  orderView({ order, store, token: "tok", shipments, preference: { channel: "email", contact: "ana@example.com" }, now: NOW });

/** A merchant's post-delivery survey, as the order view shows it: kept as written in every part. */
export const merchantSurvey: SurveyShown = {
  placement: "post_delivery",
  version: 3,
  builtIn: false,
  questions: [
    { id: "nps", type: "nps", text: { en: "Would you recommend us?", fr: "Nous recommanderiez-vous ?" }, optional: false },
    {
      id: "fit",
      type: "single_choice",
      text: { en: "How did it fit?" },
      optional: true,
      options: [{ id: "small", text: { en: "Small" } }],
      other: false,
      randomize: true,
    },
  ],
  answers: { nps: 9 },
  completed: false,
};
