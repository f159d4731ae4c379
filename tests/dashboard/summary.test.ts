import { describe, expect, it } from "vitest";
import type { AdminMetrics } from "../../contract/admin.ts";
import { speak } from "../../dashboard/language.ts";
import { weeklySummary } from "../../dashboard/summary.ts";

type Day = AdminMetrics["daily"][number];

const day = (i: number, over: Partial<Day> = {}): Day => ({
  day: `2026-11-${String(i + 1).padStart(2, "0")}`,
  orders: 0,
  confirmationViews: 0,
  trackingViews: 0,
  surveyShown: 0,
  surveyResponses: 0,
  surveyCompleted: 0,
  responses: 0,
  average: null,
  csat: null,
  npsStyle: null,
  reviews: 0,
  reviewAverage: null,
  offerImpressions: 0,
  offerClicks: 0,
  offerConversions: 0,
  clickThrough: null,
  ...over,
});

describe("weeklySummary", () => {
  it("compares the last seven days with the seven before, in words", () => {
    const before = Array.from({ length: 7 }, (_, i) => day(i, { orders: 2, surveyResponses: 1, responses: 1, csat: i < 5 ? 1 : 0 }));
    const week = Array.from({ length: 7 }, (_, i) =>
      day(i + 7, {
        orders: i < 3 ? 4 : 1,
        trackingViews: 3,
        surveyResponses: 2,
        responses: 2,
        csat: 0.5,
        offerClicks: 1,
        offerConversions: i === 0 ? 1 : 0,
      }),
    );
    expect(weeklySummary([...before, ...week])).toEqual([
      "16 orders (+14% on the week before), 21 tracking-page visits.",
      // 5 of 7 happy before (71%), 7 of 14 now (50%).
      "14 survey answers, 50% satisfied (−21 points).",
      "7 offer clicks led to 1 order.",
    ]);
  });

  it("says so when a week had no answers, and stays quiet for ranges under a week", () => {
    const quiet = Array.from({ length: 14 }, (_, i) => day(i));
    expect(weeklySummary(quiet)).toEqual([
      "0 orders (as the week before), 0 tracking-page visits.",
      "No survey answers this week.",
      "0 offer clicks led to 0 orders.",
    ]);
    expect(weeklySummary(quiet.slice(0, 6))).toEqual([]);
  });

  it("says one of a thing in the singular, and writes figures in the merchant's digits", () => {
    const before = Array.from({ length: 7 }, (_, i) => day(i, { orders: i === 0 ? 1 : 0 }));
    const week = Array.from({ length: 7 }, (_, i) =>
      day(i + 7, {
        orders: i === 0 ? 1 : 0,
        trackingViews: i === 0 ? 1_204 : 0,
        surveyResponses: i === 0 ? 1 : 0,
        responses: i === 0 ? 1 : 0,
        csat: i === 0 ? 1 : null,
        offerClicks: i === 0 ? 1 : 0,
      }),
    );
    expect(weeklySummary([...before, ...week])).toEqual([
      "1 order (as the week before), 1,204 tracking-page visits.",
      "1 survey answer, 100% satisfied.",
      "1 offer click led to 0 orders.",
    ]);
  });

  // Satisfaction moved from `from`% to `to`%: 100 answers on the first day of each week.
  const answered = (i: number, percent: number) =>
    day(i, { surveyResponses: i % 7 ? 0 : 100, responses: i % 7 ? 0 : 100, csat: i % 7 ? null : percent / 100 });
  const moved = (from: number, to: number) => Array.from({ length: 14 }, (_, i) => answered(i, i < 7 ? from : to));

  it("says a change of one point in the singular", () => {
    expect(weeklySummary(moved(50, 51))[1]).toBe("100 survey answers, 51% satisfied (+1 point).");
    expect(weeklySummary(moved(50, 49))[1]).toBe("100 survey answers, 49% satisfied (−1 point).");
    expect(weeklySummary(moved(50, 53))[1]).toBe("100 survey answers, 53% satisfied (+3 points).");
  });

  // Last: speaking Arabic changes the catalogues for the rest of this file.
  it("words points in Arabic so that every count reads right (a noun after a figure changes with it)", async () => {
    await speak("ar");
    expect(weeklySummary(moved(50, 51))[1]).toBe("عدد إجابات الاستبيان: 100، 51% راضون (ارتفاع، 1 نقطة).");
    // Two points take the dual, three to ten the plural, eleven and more the singular: a count-neutral label.
    expect(weeklySummary(moved(50, 52))[1]).toBe("عدد إجابات الاستبيان: 100، 52% راضون (ارتفاع، عدد النقاط: 2).");
    expect(weeklySummary(moved(62, 50))[1]).toBe("عدد إجابات الاستبيان: 100، 50% راضون (انخفاض، عدد النقاط: 12).");
  });
});
