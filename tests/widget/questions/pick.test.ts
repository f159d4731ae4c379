import { describe, expect, it } from "vitest";
import { ATTRIBUTION_CHANNELS } from "../../../contract/surveys.ts";
import { pickText, shuffled } from "../../../widget/views/questions/pick.ts";
import { isEmpty, resumeAt } from "../../../widget/views/questions/steps.ts";
import { EVERY_TYPE, shown } from "./fixtures.ts";

describe("the merchant's wording for the shopper's locale", () => {
  const text = { en: "How did it fit?", fr: "La taille vous va-t-elle ?", "fr-CA": "Le format vous va-t-il?", de: "" };
  it.each([
    ["fr-CA", "Le format vous va-t-il?"], // the full locale first
    ["fr-ca", "Le format vous va-t-il?"], // whatever its case
    ["fr-FR", "La taille vous va-t-elle ?"], // then the language
    ["fr", "La taille vous va-t-elle ?"],
    ["de-DE", "How did it fit?"], // an empty translation is no translation
    ["ar-EG", "How did it fit?"], // then English
    ["en-GB", "How did it fit?"],
  ])("%s reads %j", (locale, expected) => expect(pickText(text, locale)).toBe(expected));
});

describe("randomised options", () => {
  it("are the same order for the same token on every load, Other last", () => {
    const a = shuffled(ATTRIBUTION_CHANNELS, "tok_a:heard");
    expect(shuffled(ATTRIBUTION_CHANNELS, "tok_a:heard")).toEqual(a);
    expect(a.at(-1)).toBe("other");
    expect([...a].sort()).toEqual([...ATTRIBUTION_CHANNELS].sort());
  });

  it("differ between shoppers, and every channel leads for some of them", () => {
    const firsts = new Set<string>();
    const orders = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const order = shuffled(ATTRIBUTION_CHANNELS, `tok_${i}:heard`);
      firsts.add(order[0]!);
      orders.add(order.join());
      expect(order.at(-1)).toBe("other");
    }
    expect(orders.size).toBeGreaterThan(390);
    expect([...firsts].sort()).toEqual(ATTRIBUTION_CHANNELS.filter((c) => c !== "other").sort());
  });

  it("keep a list without Other as it is, only reordered", () => {
    expect(shuffled(["a", "b", "c"], "x").sort()).toEqual(["a", "b", "c"]);
  });
});

describe("where a reload resumes", () => {
  it.each([
    [{}, 0],
    [{ overall: 4 }, 1],
    [{ overall: 4, recommend: 9, fit: { choice: "right" } }, 3],
    // An earlier question left without an answer (skipped, optional) is where it resumes.
    [{ overall: 4, recommend: 9, fit: { choice: "right" }, heard: { choice: "search" } }, 3],
    [
      { overall: 4, recommend: 9, fit: { choice: "right" }, used_for: { choices: ["hiking"] }, anything: "x", heard: { choice: "tiktok" } },
      6,
    ],
  ])("answers %j → question %i", (answers, at) => expect(resumeAt(shown("post_delivery", EVERY_TYPE, answers))).toBe(at));
});

describe("an answer with nothing in it", () => {
  it.each([
    [undefined, true],
    ["   ", true],
    [{ choices: [] }, true],
    [0, false],
    ["ok", false],
    [{ choice: "other" }, false],
    [{ choices: ["a"] }, false],
  ])("%j empty: %s", (value, empty) => expect(isEmpty(value)).toBe(empty));
});
