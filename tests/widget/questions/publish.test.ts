import { describe, expect, it } from "vitest";
import type { ShownQuestion, SurveyAnswerValue } from "../../../contract/surveys.ts";
import { answerDetail, publish } from "../../../widget/views/questions/publish.ts";
import { EVERY_TYPE } from "./fixtures.ts";

const q = (id: string) => EVERY_TYPE.find((x) => x.id === id)!;
const SECRET = "jane.doe@example.com, call me on 0612345678";

describe("the safe detail of an answer", () => {
  it.each<[string, SurveyAnswerValue, Record<string, unknown>]>([
    ["overall", 4, { question_type: "rating", answer: 4 }],
    ["recommend", 0, { question_type: "nps", answer: 0 }],
    ["fit", { choice: "right" }, { question_type: "single_choice", answer: "right" }],
    ["fit", { choice: "other", text: SECRET }, { question_type: "single_choice", answer: "other" }],
    ["used_for", { choices: ["hiking", "other"], text: SECRET }, { question_type: "multiple_choice", answer: "hiking,other" }],
    ["anything", SECRET, { question_type: "short_text", answered: true }],
    ["heard", { choice: "other", text: SECRET }, { question_type: "attribution", answer: "other" }],
    ["heard", { choice: "tiktok" }, { question_type: "attribution", answer: "tiktok" }],
  ])("%s %j", (id, value, expected) => {
    const detail = answerDetail("post_delivery", 3, q(id) as ShownQuestion, value, 127115, "USD");
    expect(detail).toEqual({ placement: "post_delivery", question_id: id, survey_version: 3, order_value_band: "250_plus", ...expected });
    // Whatever the shopper typed stays out, whole or in part.
    expect(JSON.stringify(detail)).not.toMatch(/jane|doe|0612|call me/);
  });

  it.each([
    [2499, "USD", "under_25"],
    [2500, "EUR", "25_50"],
    [9999, "GBP", "50_100"],
    [24999, "USD", "100_250"],
    // JPY has no minor units: 4,000 yen is under 25 of its major unit only if read as cents.
    [4000, "JPY", "250_plus"],
    [24, "JPY", "under_25"],
    // Three minor digits: 30.000 dinars.
    [30000, "KWD", "25_50"],
  ])("a total of %i %s is in the band %s", (total, currency, band) => {
    expect(answerDetail("confirmation", 1, q("heard") as ShownQuestion, { choice: "search" }, total, currency).order_value_band).toBe(band);
  });
});

describe("telling the page", () => {
  const detail = answerDetail("confirmation", 1, q("heard") as ShownQuestion, { choice: "podcast" }, 5000, "USD");

  it("pushes to dataLayer when the store turned it on, keeping what the page had there", () => {
    const w = window as unknown as { dataLayer?: unknown[] };
    w.dataLayer = [{ event: "gtm.js" }];
    const host = document.createElement("div");
    const heard: unknown[] = [];
    host.addEventListener("doorstep:survey-answer", (e) => heard.push((e as CustomEvent).detail));
    publish(host, detail, true);
    expect(w.dataLayer).toEqual([
      { event: "gtm.js" },
      {
        event: "doorstep_survey_answer",
        doorstep: {
          placement: "confirmation",
          question_id: "heard",
          question_type: "attribution",
          survey_version: 1,
          answer: "podcast",
          order_value_band: "50_100",
        },
      },
    ]);
    expect(heard).toEqual([detail]);
    delete w.dataLayer;
  });

  it("makes a dataLayer when the page has none; pushes nothing when the setting is off (the DOM event still goes)", () => {
    const w = window as unknown as { dataLayer?: unknown[] };
    const host = document.createElement("div");
    const heard: unknown[] = [];
    host.addEventListener("doorstep:survey-answer", (e) => heard.push((e as CustomEvent).detail));
    publish(host, detail, false);
    expect(w.dataLayer).toBeUndefined();
    expect(heard).toHaveLength(1);
    publish(host, detail, true);
    expect(w.dataLayer).toHaveLength(1);
    delete w.dataLayer;
  });
});
