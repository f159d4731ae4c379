/**
 * The tracking view's part of the order (domain/tracking-view.ts, issue 22): the whole view but the
 * thank-you page's survey, the built-in post-delivery survey unworded and a merchant's kept as written.
 */
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../../contract/order-view.ts";
import { surveyOrderView } from "../../../worker/domain/survey-view.ts";
import { trackingOrderView } from "../../../worker/domain/tracking-view.ts";
import { full, merchantSurvey } from "./order-view-fixtures.ts";

describe("the tracking view's part of the order", () => {
  it("keeps everything of the whole view but its surveys, as the whole view has it", () => {
    const view = full();
    const { surveys, ...part } = trackingOrderView(view);
    const { surveys: _all, ...whole } = view;
    expect(part).toEqual(whole);
    expect(JSON.stringify(surveys)).not.toContain("heard_from");
  });

  const cases: { name: string; view: () => OrderView; surveys: unknown }[] = [
    {
      name: "the built-in survey: unworded, as the survey view's part has it",
      view: () => full(),
      surveys: { post_delivery: surveyOrderView(full()).surveys!.post_delivery },
    },
    {
      name: "a merchant's survey: kept as written",
      view: () => ({ ...full(), surveys: { confirmation: full().surveys!.confirmation!, post_delivery: merchantSurvey } }),
      surveys: { post_delivery: merchantSurvey },
    },
    {
      name: "only the thank-you page's survey asked: none",
      view: () => ({ ...full(), surveys: { confirmation: full().surveys!.confirmation! } }),
      surveys: {},
    },
    { name: "a view from before surveys: none", view: () => ({ ...full(), surveys: undefined }), surveys: {} },
  ];
  it.each(cases)("surveys: $name", ({ view, surveys }) => {
    expect(trackingOrderView(view()).surveys).toEqual(surveys);
  });

  it("the built-in survey's words are gone, its ids and answers kept", () => {
    const post = trackingOrderView(full()).surveys!.post_delivery!;
    expect(post.builtIn).toBe(true);
    expect(post.questions.map((q) => [q.id, q.text])).toEqual(full().surveys!.post_delivery!.questions.map((q) => [q.id, null]));
  });
});
