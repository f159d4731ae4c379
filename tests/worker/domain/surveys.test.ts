/** Surveys merchants shape (issue 25): the pure parts, table-tested. */
import { describe, expect, it } from "vitest";
import type { SurveyAnswerValue, SurveyQuestion } from "../../../contract/surveys.ts";
import { npsSignal, scoreSignal, surveySignal } from "../../../worker/domain/survey-signal.ts";
import { answersFor, checkAnswer, surveyAsked, surveyComplete } from "../../../worker/domain/surveys/answers.ts";
import { answeredOrders, attributionChannels, npsFigures } from "../../../worker/domain/surveys/reports.ts";
import { defaultDefinition, normalizeDefinition, signalQuestionId } from "../../../worker/domain/surveys/definition.ts";

describe("npsSignal: 9-10 promoters, 7-8 passives, 0-6 detractors", () => {
  it.each([
    [10, "positive", "cross_sell", true, false],
    [9, "positive", "cross_sell", true, false],
    [8, "neutral", "education", true, false],
    [7, "neutral", "education", true, false],
    [6, "negative", "remediation", false, true],
    [3, "negative", "remediation", false, true],
    [0, "negative", "remediation", false, true],
  ] as const)("%i → %s", (score, sentiment, nextAction, offersAllowed, alert) => {
    expect(npsSignal(score)).toEqual({ sentiment, nextAction, offersAllowed, alert });
  });
  it("tunes a passive's next step by what they want, as a 3-star rating does", () => {
    expect(npsSignal(7, "promotion").nextAction).toBe("light_incentive");
    expect(scoreSignal({ rating: 3 }, "promotion")).toEqual(surveySignal(3, "promotion"));
    expect(scoreSignal({ nps: 9 })).toEqual(surveySignal(5));
  });
});

const choice: SurveyQuestion = {
  id: "c",
  type: "single_choice",
  text: { en: "?" },
  options: [
    { id: "a", text: { en: "A" } },
    { id: "b", text: { en: "B" } },
  ],
  other: true,
};
const multi: SurveyQuestion = { ...choice, type: "multiple_choice", other: false } as SurveyQuestion;
const attribution: SurveyQuestion = { id: "h", type: "attribution", other: false };

describe("checkAnswer", () => {
  const cases: [string, SurveyQuestion, unknown, SurveyAnswerValue | null][] = [
    ["rating 5", { id: "r", type: "rating" }, 5, 5],
    ["rating 0", { id: "r", type: "rating" }, 0, null],
    ["rating 4.5", { id: "r", type: "rating" }, 4.5, null],
    ["nps 0", { id: "n", type: "nps" }, 0, 0],
    ["nps 10", { id: "n", type: "nps" }, 10, 10],
    ["nps 11", { id: "n", type: "nps" }, 11, null],
    ["nps as text", { id: "n", type: "nps" }, "9", null],
    ["short text, trimmed", { id: "t", type: "short_text" }, "  hi ", "hi"],
    ["blank text", { id: "t", type: "short_text" }, "   ", null],
    ["a choice", choice, { choice: "a" }, { choice: "a" }],
    ["other with words", choice, { choice: "other", text: " pink " }, { choice: "other", text: "pink" }],
    ["words without other", choice, { choice: "a", text: "pink" }, null],
    ["an unknown choice", choice, { choice: "z" }, null],
    ["choices for a single choice", choice, { choices: ["a"] }, null],
    ["several choices", multi, { choices: ["a", "b"] }, { choices: ["a", "b"] }],
    ["a choice twice", multi, { choices: ["a", "a"] }, null],
    ["other where it is not offered", multi, { choices: ["other"] }, null],
    ["no choices", multi, { choices: [] }, null],
    ["a channel", attribution, { choice: "podcast" }, { choice: "podcast" }],
    ["other where the merchant turned it off", attribution, { choice: "other" }, null],
  ];
  it.each(cases)("%s", (_what, question, value, expected) => {
    const checked = checkAnswer(question, value as SurveyAnswerValue);
    expect(checked.ok ? checked.value : null).toEqual(expected);
  });
});

describe("targeting and completion", () => {
  it.each([
    [true, "all", true, true],
    [true, "first_order", true, true],
    [true, "first_order", false, false],
    [true, "repeat_order", false, true],
    [true, "repeat_order", true, false],
    [false, "all", true, false],
  ] as const)("enabled %s, audience %s, first order %s → asked %s", (enabled, audience, first, asked) => {
    expect(surveyAsked({ enabled, audience }, first)).toBe(asked);
  });

  it("is complete when every required question is answered and something was said", () => {
    const questions = defaultDefinition("post_delivery").questions;
    expect(surveyComplete(questions, {})).toBe(false);
    expect(surveyComplete(questions, { rating: 4, standout: { choice: "price" } })).toBe(false);
    expect(surveyComplete(questions, { rating: 4, standout: { choice: "price" }, wants: { choice: "tip" } })).toBe(true);
    expect(surveyComplete(defaultDefinition("confirmation").questions, {})).toBe(false);
    expect(surveyComplete(defaultDefinition("confirmation").questions, { heard_from: { choice: "email" } })).toBe(true);
  });

  it("keeps only answers that fit the questions of this version", () => {
    const questions: SurveyQuestion[] = [{ id: "q", type: "short_text", text: { en: "?" } }];
    expect(answersFor(questions, { q: 7, other: "x" })).toEqual({});
    expect(answersFor(questions, { q: "fine" })).toEqual({ q: "fine" });
  });
});

describe("definitions", () => {
  it("names the first rating or NPS question as the signal's", () => {
    expect(
      signalQuestionId([
        { id: "t", type: "short_text" },
        { id: "n", type: "nps" },
        { id: "r", type: "rating" },
      ]),
    ).toBe("n");
    expect(signalQuestionId([{ id: "t", type: "short_text" }])).toBeNull();
  });
  it("normalises: flags spelled out, attribution offers other unless told, blank languages dropped", () => {
    expect(
      normalizeDefinition({
        enabled: true,
        audience: "all",
        questions: [
          { id: "h", type: "attribution" },
          {
            id: "c",
            type: "single_choice",
            text: { en: " Pick ", fr: "" },
            options: [
              { id: "a", text: { en: "A" } },
              { id: "b", text: { en: "B" } },
            ],
          },
        ],
      }).questions,
    ).toEqual([
      { id: "h", type: "attribution", optional: false, other: true, randomize: false },
      {
        id: "c",
        type: "single_choice",
        text: { en: "Pick" },
        optional: false,
        options: [
          { id: "a", text: { en: "A" } },
          { id: "b", text: { en: "B" } },
        ],
        other: false,
        randomize: false,
      },
    ]);
  });
});

describe("attributionChannels", () => {
  const order = (orderId: string, choice: string, total: number, currency = "USD", firstOrder = true, text?: string) => ({
    orderId,
    total,
    currency,
    firstOrder,
    value: text === undefined ? { choice } : { choice, text },
  });

  it("counts each order once per channel, sums revenue per currency, and the first-order share", () => {
    const rows = attributionChannels([
      order("o1", "instagram", 1000),
      order("o2", "instagram", 2500, "EUR", false),
      order("o3", "instagram", 500, "USD", false),
      order("o4", "search", 9900),
      // A second attribution answer of the same order is not counted again.
      order("o4", "tiktok", 9900),
    ]);
    expect(rows).toEqual([
      { channel: "instagram", orders: 3, revenue: { USD: 1500, EUR: 2500 }, firstOrderShare: 1 / 3 },
      { channel: "search", orders: 1, revenue: { USD: 9900 }, firstOrderShare: 1 },
    ]);
    expect(answeredOrders([order("o1", "email", 1), order("o1", "search", 1), order("o2", "nope", 1)])).toBe(1);
  });

  it("orders channels by orders, ties in the vocabulary's order", () => {
    expect(attributionChannels([order("a", "email", 1), order("b", "search", 1), order("c", "podcast", 1)]).map((r) => r.channel)).toEqual([
      "search",
      "podcast",
      "email",
    ]);
  });

  it("groups Other words case- and space-insensitively, most frequent first, at most 20", () => {
    const others = [
      order("1", "other", 100, "USD", true, "Farmers market"),
      order("2", "other", 100, "USD", true, "farmers  MARKET "),
      order("3", "other", 100, "USD", false, "A blog"),
      order("4", "other", 100, "USD", false),
      ...Array.from({ length: 25 }, (_, i) => order(`x${i}`, "other", 1, "GBP", false, `word ${String(i).padStart(2, "0")}`)),
    ];
    const [row] = attributionChannels(others);
    expect(row).toMatchObject({ channel: "other", orders: 29, revenue: { USD: 400, GBP: 25 } });
    expect(row!.otherTexts).toHaveLength(20);
    expect(row!.otherTexts!.slice(0, 3)).toEqual([
      { text: "Farmers market", count: 2 },
      { text: "A blog", count: 1 },
      { text: "word 00", count: 1 },
    ]);
  });
});

describe("npsFigures", () => {
  it.each([
    [[], { score: null, promoters: 0, passives: 0, detractors: 0, responses: 0 }],
    [[{ score: 10, n: 3 }], { score: 100, promoters: 3, passives: 0, detractors: 0, responses: 3 }],
    [[{ score: 0, n: 2 }], { score: -100, promoters: 0, passives: 0, detractors: 2, responses: 2 }],
    [
      [
        { score: 9, n: 5 },
        { score: 8, n: 3 },
        { score: 7, n: 1 },
        { score: 6, n: 1 },
      ],
      { score: 40, promoters: 5, passives: 4, detractors: 1, responses: 10 },
    ],
    [
      [
        { score: 10, n: 1 },
        { score: 5, n: 2 },
      ],
      { score: -33, promoters: 1, passives: 0, detractors: 2, responses: 3 },
    ],
  ])("%j", (scores, expected) => expect(npsFigures(scores)).toEqual(expected));
});
