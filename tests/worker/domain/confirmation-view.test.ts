/**
 * The thank-you page's part of the order (domain/confirmation-view.ts, issue 22): exactly the fields the
 * confirmation view reads, drawn from a real order view (domain/order-view.ts), with the thank-you
 * page's survey and nothing of tracking, the post-delivery survey, feedback or the shopper's choices.
 */
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../../contract/order-view.ts";
import type { SurveyShown } from "../../../contract/surveys.ts";
import { confirmationOrderView } from "../../../worker/domain/confirmation-view.ts";
import { delivered, merchantSurvey, full as wholeView } from "./order-view-fixtures.ts";

/** The order's parcel still on its way: the view's tracking has a scan in Lyon. */
const full = () => wholeView([{ ...delivered, updates: delivered.updates.slice(0, 1) }]);

const heardFrom: SurveyShown = {
  placement: "confirmation",
  version: 0,
  builtIn: true,
  questions: [{ id: "heard_from", type: "attribution", text: null, optional: true, other: true, randomize: false }],
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
      surveys: { confirmation: heardFrom, post_delivery: merchantSurvey },
      expected: { confirmation: heardFrom },
    },
    { name: "only the post-delivery survey asked: none", surveys: { post_delivery: merchantSurvey }, expected: {} },
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
