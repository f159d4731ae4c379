/**
 * The survey view's part of the order (domain/survey-view.ts, issue 22): exactly the fields the survey
 * view reads, drawn from real order views (domain/order-view.ts), with the built-in survey unworded and
 * a merchant's survey kept as written.
 */
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../../contract/order-view.ts";
import { surveyOrderView } from "../../../worker/domain/survey-view.ts";
import { delivered, full, merchantSurvey } from "./order-view-fixtures.ts";

const THE_FIELDS = {
  top: ["feedback", "order", "shipments", "store", "surveys"],
  order: ["currency", "lines", "locale", "number", "total"],
  store: ["analytics", "branding", "defaultLocale", "messages", "name", "support"],
};

describe("the survey view's part of the order", () => {
  it("keeps exactly the fields the survey view reads, with their values", () => {
    const view = full();
    const part = surveyOrderView(view);
    expect(Object.keys(part).sort()).toEqual(THE_FIELDS.top);
    expect(Object.keys(part.order).sort()).toEqual(THE_FIELDS.order);
    expect(Object.keys(part.store).sort()).toEqual(THE_FIELDS.store);
    expect(part.order).toEqual({
      number: "AC-1001",
      currency: "EUR",
      locale: "fr-FR",
      total: 9500,
      lines: [
        { sku: "TENT-2", name: "Tent 2P" },
        { sku: "MUG", name: "Enamel mug" },
      ],
    });
    expect(part.shipments).toEqual([{ status: "delivered", lines: [{ sku: "TENT-2" }] }]);
    expect(part.feedback).toEqual({ survey: null, reviews: [] });
    expect(part.store).toEqual({
      name: "Acme Outdoors",
      branding: view.store.branding,
      support: { email: "help@shop.example" },
      defaultLocale: view.store.defaultLocale,
      messages: { fr: { surveyTitle: "Votre avis" } },
      analytics: view.store.analytics,
    });
    // Nothing of tracking, returns, links, updates, marketing or the confirmation's survey.
    const text = JSON.stringify(part);
    for (const absent of ["1ZP1", "Lyon", "returns", "tok", "ana@", "heard_from", "Thirty days", "placedAt"])
      expect(text).not.toContain(absent);
  });

  const cases: { name: string; view: () => OrderView; surveys: unknown }[] = [
    {
      name: "the built-in survey: every question and option unworded, ids, types and answers kept",
      view: () => full(),
      surveys: {
        post_delivery: {
          placement: "post_delivery",
          version: 0,
          builtIn: true,
          questions: [
            { id: "rating", type: "rating", text: null, optional: false },
            {
              id: "standout",
              type: "single_choice",
              text: null,
              optional: false,
              options: ["delivery_speed", "packaging", "product_quality", "price", "support", "website"].map((id) => ({ id, text: null })),
              other: true,
              randomize: false,
            },
            {
              id: "wants",
              type: "single_choice",
              text: null,
              optional: false,
              options: ["tip", "promotion", "demo", "none"].map((id) => ({ id, text: null })),
              other: false,
              randomize: false,
            },
            { id: "comment", type: "short_text", text: null, optional: true },
          ],
          answers: {},
          completed: false,
        },
      },
    },
    {
      name: "a merchant's survey: kept as written, in every language they wrote",
      view: () => ({ ...full(), surveys: { post_delivery: merchantSurvey } }),
      surveys: { post_delivery: merchantSurvey },
    },
    {
      name: "no post-delivery survey asked on this order: none",
      view: () => ({ ...full(), surveys: { confirmation: full().surveys!.confirmation! } }),
      surveys: {},
    },
    { name: "a view from before surveys (none at all): none", view: () => ({ ...full(), surveys: undefined }), surveys: {} },
  ];
  it.each(cases)("$name", ({ view, surveys }) => {
    expect(surveyOrderView(view()).surveys).toEqual(surveys);
  });

  it.each([
    { name: "no parcel on record", shipments: [], expected: [] },
    {
      name: "a parcel still on its way",
      shipments: [{ ...delivered, updates: delivered.updates.slice(0, 1) }],
      expected: [{ status: "in_transit", lines: [{ sku: "TENT-2" }] }],
    },
  ])("parcels: $name", ({ shipments, expected }) => {
    expect(surveyOrderView(full(shipments)).shipments).toEqual(expected);
  });

  it("carries the shopper's survey answers and reviews as the whole view does", () => {
    const view = full();
    const answered: OrderView = {
      ...view,
      feedback: {
        ...view.feedback,
        survey: { rating: 4, wants: "tip", stepsAnswered: 3, completed: true, editableUntil: "2026-12-09T10:00:00.000Z" },
        reviews: [{ sku: "TENT-2", rating: 5, status: "published", author: "name", photos: [] }],
      },
    };
    expect(surveyOrderView(answered).feedback).toEqual({ survey: answered.feedback.survey, reviews: answered.feedback.reviews });
  });
});
