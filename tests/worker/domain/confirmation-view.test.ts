/**
 * The thank-you page's part of the order (domain/confirmation-view.ts, issue 22): exactly the fields the
 * confirmation view reads, drawn from a real order view (domain/order-view.ts), with the thank-you
 * page's survey and nothing of tracking, the post-delivery survey, feedback or the shopper's choices.
 */
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../../contract/order-view.ts";
import type { SurveyShown } from "../../../contract/surveys.ts";
import { confirmationOrderView } from "../../../worker/domain/confirmation-view.ts";
import { orderView } from "../../../worker/domain/order-view.ts";
import type { OrderRecord, ShipmentRecord, Store } from "../../../worker/domain/records.ts";
import { offerRules } from "../../../worker/schemas/offers.ts";
import { storeSettings } from "../../../worker/schemas/store.ts";

const NOW = new Date("2026-12-08T21:37:12.345Z");

const settings = storeSettings.parse({
  name: "Acme Outdoors",
  origins: ["https://shop.example"],
  support: { email: "help@shop.example" },
  returnPolicy: { days: 30, url: "https://shop.example/returns", summary: "Thirty days, free." },
  locales: ["en-US", "fr-FR"],
});
const store: Store = { id: "s1", ...settings, offerRules: offerRules.parse({}), primaryOrigin: "https://shop.example" };

const order: OrderRecord = {
  storeId: "s1",
  id: "o1",
  number: "AC-1001",
  customerId: "c1",
  placedAt: "2026-12-01T10:00:00Z",
  currency: "EUR",
  locale: "fr-FR",
  subtotal: 9000,
  total: 9500,
  lines: [{ sku: "TENT-2", name: "Tent 2P", quantity: 1, unitPrice: 7000, imageUrl: "https://shop.example/tent.jpg" }],
  fees: [{ label: "Shipping", amount: 500 }],
  discounts: [],
};

const inTransit: ShipmentRecord = {
  id: "p1",
  orderId: "o1",
  carrier: "UPS",
  trackingNumber: "1ZP1",
  lines: [{ sku: "TENT-2", quantity: 1 }],
  updates: [{ status: "in_transit", occurredAt: "2026-12-02T09:00:00Z", location: "Lyon", carrierDelay: false }],
};

const full = (): OrderView =>
  orderView({ order, store, token: "tok", shipments: [inTransit], preference: { channel: "email", contact: "ana@example.com" }, now: NOW });

const heardFrom: SurveyShown = {
  placement: "confirmation",
  version: 0,
  builtIn: true,
  questions: [{ id: "heard_from", type: "attribution", text: null, optional: true, other: true, randomize: false }],
  answers: {},
  completed: false,
};
const postDelivery: SurveyShown = {
  placement: "post_delivery",
  version: 2,
  builtIn: false,
  questions: [{ id: "nps", type: "nps", text: { en: "Would you recommend us?" }, optional: false }],
  answers: {},
  completed: false,
};

describe("the confirmation view's part of the order", () => {
  it("keeps exactly what the confirmation view reads, as the whole view has it", () => {
    const view = full();
    const part = confirmationOrderView(view);
    expect(Object.keys(part).sort()).toEqual(["delivery", "links", "order", "returns", "store", "storeId", "surveys"]);
    expect(part.order).toEqual(view.order);
    expect(part.delivery).toEqual(view.delivery);
    expect(part.returns).toEqual(view.returns);
    expect(part.links).toEqual(view.links);
    expect(part.store).toEqual(view.store);
    // Nothing of the parcel's tracking, the shopper's update choice or the feedback invitation.
    const text = JSON.stringify(part);
    for (const absent of ["1ZP1", "Lyon", "ana@", "opensAt", "marketing", "notices"]) expect(text).not.toContain(absent);
  });

  const cases: { name: string; surveys: OrderView["surveys"]; expected: unknown }[] = [
    {
      name: "both surveys asked: the thank-you page's only",
      surveys: { confirmation: heardFrom, post_delivery: postDelivery },
      expected: { confirmation: heardFrom },
    },
    { name: "only the post-delivery survey asked: none", surveys: { post_delivery: postDelivery }, expected: {} },
    { name: "only the thank-you page's: it", surveys: { confirmation: heardFrom }, expected: { confirmation: heardFrom } },
    { name: "a view from before surveys: none", surveys: undefined, expected: {} },
  ];
  it.each(cases)("surveys: $name", ({ surveys, expected }) => {
    expect(confirmationOrderView({ ...full(), surveys }).surveys).toEqual(expected);
  });

  it("leaves the offers to the route, which adds them to the part as to the whole view", () => {
    const offers = { decisionId: "dec_1", arm: "holdout" as const, offers: [] };
    expect(confirmationOrderView({ ...full(), offers }).offers).toBeUndefined();
  });
});
