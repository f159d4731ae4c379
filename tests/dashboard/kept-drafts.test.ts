/** The survey edits kept in a tab: read back only when they are whole, and only over the version they were made on. */
import { afterEach, describe, expect, it } from "vitest";
import { keepDraft, keptDraft } from "../../dashboard/kept-drafts.ts";
import { addQuestion, fromDefinition } from "../../dashboard/survey-draft.ts";

const KEY = "doorstep:survey-draft:acme:post_delivery";
const draft = addQuestion(
  fromDefinition({ enabled: true, audience: "all", questions: [{ id: "rating", type: "rating", text: { en: "How was it?" } }] }),
  "single_choice",
);

afterEach(() => sessionStorage.clear());

describe("keptDraft", () => {
  const wholeQuestion = draft.questions[0]!;
  it.each([
    ["nothing kept", null],
    ["not JSON", "{draft"],
    ["no version", JSON.stringify({ draft })],
    ["a version that is not a number", JSON.stringify({ version: "0", draft })],
    ["no questions", JSON.stringify({ version: 0, draft: { enabled: true, audience: "all" } })],
    [
      "a question type this dashboard does not know",
      JSON.stringify({ version: 0, draft: { ...draft, questions: [{ ...wholeQuestion, type: "slider" }] } }),
    ],
    [
      "a question without English",
      JSON.stringify({ version: 0, draft: { ...draft, questions: [{ ...wholeQuestion, text: { de: "Wie?" } }] } }),
    ],
    [
      "an option without its id",
      JSON.stringify({
        version: 0,
        draft: { ...draft, questions: [{ ...draft.questions[1]!, options: [{ text: { en: "A" }, auto: true }] }] },
      }),
    ],
  ])("reads %s as nothing kept", (_, stored) => {
    if (stored !== null) sessionStorage.setItem(KEY, stored);
    expect(keptDraft(sessionStorage, "acme", "post_delivery", 0)).toBeUndefined();
  });

  it("brings back a draft made on the version saved now, with list keys of its own", () => {
    keepDraft(sessionStorage, "acme", "post_delivery", 3, draft);
    const kept = keptDraft(sessionStorage, "acme", "post_delivery", 3);
    expect(kept && "draft" in kept).toBe(true);
    const back = (kept as { draft: typeof draft }).draft;
    expect(back.questions.map(({ key: _, ...q }) => q)).toEqual(draft.questions.map(({ key: _, ...q }) => q));
    // Keys are this page's: none collides with a question the page adds next.
    expect(back.questions.map((q) => q.key)).not.toEqual(draft.questions.map((q) => q.key));
  });

  it("names the version an outdated copy was made on, and keeps each store and placement apart", () => {
    keepDraft(sessionStorage, "acme", "post_delivery", 1, draft);
    expect(keptDraft(sessionStorage, "acme", "post_delivery", 2)).toEqual({ staleVersion: 1 });
    expect(keptDraft(sessionStorage, "acme", "confirmation", 1)).toBeUndefined();
    expect(keptDraft(sessionStorage, "globex", "post_delivery", 1)).toBeUndefined();
  });

  it("forgets on request, and a storage that refuses the copy costs nothing but the copy", () => {
    keepDraft(sessionStorage, "acme", "post_delivery", 0, draft);
    keepDraft(sessionStorage, "acme", "post_delivery", 0);
    expect(sessionStorage.getItem(KEY)).toBeNull();
    const full = {
      setItem() {
        throw new DOMException("full", "QuotaExceededError");
      },
      removeItem() {},
    } as unknown as Storage;
    expect(() => keepDraft(full, "acme", "post_delivery", 0, draft)).not.toThrow();
  });
});
