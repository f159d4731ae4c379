import { describe, expect, it } from "vitest";
import { feedbackWindow } from "../../../worker/domain/feedback-window.ts";
import { surveyEditable, surveySignal } from "../../../worker/domain/survey-signal.ts";
import { feedbackTiming } from "../../../worker/schemas/store.ts";

describe("surveySignal", () => {
  it.each([
    [5, undefined, "positive", "cross_sell", true, false],
    [4, "none", "positive", "cross_sell", true, false],
    [3, "tip", "neutral", "education", true, false],
    [3, "promotion", "neutral", "light_incentive", true, false],
    [3, undefined, "neutral", "education", true, false],
    [2, "promotion", "negative", "remediation", false, true],
    [1, "demo", "negative", "remediation", false, true],
  ] as const)("rating %i wanting %s → %s / %s", (rating, wants, sentiment, nextAction, offersAllowed, alert) => {
    expect(surveySignal(rating, wants)).toEqual({ sentiment, nextAction, offersAllowed, alert });
  });
});

describe("surveyEditable", () => {
  const done = "2026-11-20T10:00:00.000Z";
  it.each([
    [undefined, "2027-01-01T00:00:00Z", true],
    [done, "2026-11-21T09:59:59Z", true],
    [done, "2026-11-21T10:00:00Z", true],
    [done, "2026-11-21T10:00:01Z", false],
  ])("completed %s, now %s → %s", (completedAt, now, expected) => {
    expect(surveyEditable(completedAt, new Date(now))).toBe(expected);
  });
});

describe("feedbackWindow", () => {
  const timing = feedbackTiming.parse({ useDays: { mattress: 30, tshirt: 2 }, defaultUseDays: 3, fallbackDays: 21 });
  const placedAt = "2026-11-01T12:00:00.000Z";
  it.each([
    ["a T-shirt, delivered", ["tshirt"], ["2026-11-04T15:00:00.000Z"], "2026-11-06T15:00:00.000Z", "delivered"],
    [
      "a mattress and a T-shirt wait for the mattress",
      ["mattress", "tshirt"],
      ["2026-11-04T15:00:00.000Z"],
      "2026-12-04T15:00:00.000Z",
      "delivered",
    ],
    ["unknown families use the default", [undefined, "socks"], ["2026-11-04T15:00:00.000Z"], "2026-11-07T15:00:00.000Z", "delivered"],
    ["every parcel must be delivered", ["tshirt"], ["2026-11-04T15:00:00.000Z", undefined], "2026-11-24T12:00:00.000Z", "fallback"],
    ["no parcel at all: the fallback", ["tshirt"], [], "2026-11-24T12:00:00.000Z", "fallback"],
    [
      "a very late delivery report never delays past the fallback",
      ["tshirt"],
      ["2026-11-30T09:00:00.000Z"],
      "2026-11-24T12:00:00.000Z",
      "fallback",
    ],
  ] as const)("%s", (_, families, deliveredAt, opensAt, basis) => {
    expect(feedbackWindow({ placedAt, families: [...families], deliveredAt: [...deliveredAt], timing })).toEqual({ opensAt, basis });
  });
});
