/**
 * The survey editor: questions added, removed and moved by buttons, wording per language, option ids
 * following the English text until saved or typed, the checks before sending, the server's messages by
 * field, the version saving makes, and an analyst's read-only view.
 */
import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SurveyDefinition, SurveyDefinitionInput, SurveyReset } from "../../contract/surveys.ts";
import {
  addQuestion,
  checkDraft,
  fromDefinition,
  idFrom,
  moveQuestion,
  setOptionId,
  setOptionText,
  toInput,
} from "../../dashboard/survey-draft.ts";
import { SurveysScreen } from "../../dashboard/surveys.tsx";
import type { Access } from "../../dashboard/access.ts";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

// Each test is a fresh tab: no unsaved edits kept by the one before (kept-drafts.ts).
afterEach(() => (cleanup(), vi.unstubAllGlobals(), sessionStorage.clear()));

const BUILT_IN: SurveyDefinition = {
  placement: "confirmation",
  version: 0,
  enabled: true,
  audience: "all",
  signalQuestionId: null,
  questions: [{ id: "attribution", type: "attribution", other: true }],
};

const settings = { storeId: "acme", brandingAdjusted: [], settings: { defaultLocale: "en", locales: ["en", "de"] } };

/** The admin API as the worker answers it; PUT answered by `put` (a new version by default), DELETE by `reset`. */
function stub(definition: SurveyDefinition = BUILT_IN, put?: (body: SurveyDefinitionInput) => Response, reset?: () => Response) {
  const calls: { method: string; url: string; body?: SurveyDefinitionInput }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      if (url === "/v1/admin/settings") return json(200, settings);
      if (method === "DELETE")
        return reset?.() ?? json(200, { changed: true, replacedVersion: definition.version, survey: BUILT_IN } satisfies SurveyReset);
      if (method === "PUT")
        return (
          put?.(body) ??
          json(200, {
            ...body,
            placement: "confirmation",
            version: definition.version + 1,
            updatedAt: "2026-12-06T10:00:00.000Z",
            signalQuestionId: null,
          })
        );
      return json(200, definition);
    }),
  );
  return calls;
}

const OWNER: Access = { role: "owner", scopes: ["admin:read", "settings:write"] };
const ANALYST: Access = { role: "analyst", scopes: ["admin:read"] };

describe("the survey draft", () => {
  it("derives option ids from the English text, unique, until the merchant types one or it is saved", () => {
    expect(idFrom("Café & Crème!")).toBe("cafe_creme");
    expect(idFrom("  ")).toBe("");
    let q = addQuestion(fromDefinition({ enabled: true, audience: "all", questions: [] }), "multiple_choice").questions[0]!;
    q = setOptionText(q, 0, "en", "Gift wrapping");
    q = setOptionText(q, 1, "en", "Gift wrapping");
    expect(q.options.map((o) => o.id)).toEqual(["gift_wrapping", "gift_wrapping_2"]);
    q = setOptionId(q, 1, "wrap");
    q = setOptionText(q, 1, "en", "Wrapped as a gift");
    q = setOptionText(q, 0, "de", "Geschenkverpackung");
    expect(q.options.map((o) => o.id)).toEqual(["gift_wrapping", "wrap"]);
    // Saved options never follow their text again: answers already name them.
    const saved = fromDefinition(toInput({ enabled: true, audience: "all", questions: [q] })).questions[0]!;
    expect(setOptionText(saved, 0, "en", "Gift box").options[0]!.id).toBe("gift_wrapping");
    expect(toInput({ enabled: true, audience: "all", questions: [q] }).questions[0]).toEqual({
      id: "multiple_choice",
      type: "multiple_choice",
      text: { en: "" },
      options: [
        { id: "gift_wrapping", text: { en: "Gift wrapping", de: "Geschenkverpackung" } },
        { id: "wrap", text: { en: "Wrapped as a gift" } },
      ],
      other: false,
      randomize: false,
    });
  });

  it("moves within bounds and checks the obvious before sending", () => {
    let d = fromDefinition({ enabled: true, audience: "all", questions: [] });
    for (const t of ["nps", "rating", "short_text", "single_choice", "rating", "nps"] as const) d = addQuestion(d, t);
    expect(d.questions.map((q) => q.id)).toEqual(["nps", "rating", "short_text", "single_choice", "rating_2", "nps_2"]);
    expect(moveQuestion(d, 0, -1)).toBe(d);
    expect(
      moveQuestion(d, 0, 1)
        .questions.map((q) => q.id)
        .slice(0, 2),
    ).toEqual(["rating", "nps"]);
    const problems = checkDraft(d);
    expect(problems.questions).toBe("At most 5 questions.");
    expect(problems["questions.0.text.en"]).toBe("The English wording is required.");
    expect(problems["questions.3.options.0.text.en"]).toBe("The English text is required.");
    expect(problems["questions.3.options.0.id"]).toBe("Lowercase letters, digits and _ only.");
    // The attribution question needs no wording: the built-in one speaks every language.
    expect(checkDraft(fromDefinition(BUILT_IN))).toEqual({});
  });
});

describe("the survey editor", () => {
  it("adds, fills, reorders and removes questions with buttons, and saves a new version", async () => {
    const calls = stub();
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    await view.findByText(/The built-in survey \(version 0\)/);
    expect(view.getByText(/Wording in German is optional: where it is missing, shoppers read the English./)).toBeTruthy();

    fireEvent.click(view.getByRole("button", { name: "Add a question" }));
    const type = view.getByLabelText("Question 2: type") as HTMLSelectElement;
    // Focus goes to the new question, for a keyboard user.
    await waitFor(() => expect(document.activeElement).toBe(type));
    fireEvent.change(type, { target: { value: "nps" } });
    const english = view.getAllByLabelText("English")[0] as HTMLInputElement;
    fireEvent.input(english, { target: { value: "How likely are you to recommend us?" } });
    fireEvent.input(view.getAllByLabelText("German (optional)")[1]!, { target: { value: "Wie wahrscheinlich…?" } });

    fireEvent.click(view.getByRole("button", { name: "Move up, question 2" }));
    await waitFor(() =>
      expect(view.getAllByRole("heading", { level: 4 }).map((h) => h.textContent)).toEqual([
        "Question 1 · NPS, 0 to 10",
        "Question 2 · How did you hear about us?",
      ]),
    );
    // Moved to the top, its "Move up" is off: the keyboard stays on the question, on "Move down".
    await waitFor(() => expect(document.activeElement?.getAttribute("aria-label")).toBe("Move down, question 1"));

    fireEvent.click(view.getByRole("button", { name: "Add a question" }));
    fireEvent.click(view.getByRole("button", { name: "Remove question 3" }));
    expect(view.getAllByRole("heading", { level: 4 })).toHaveLength(2);

    fireEvent.click(view.getByRole("button", { name: "Save the thank-you page survey" }));
    await view.findByText("Saved as version 1.");
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.url).toBe("/v1/admin/surveys/confirmation");
    expect(put.body).toEqual({
      enabled: true,
      audience: "all",
      questions: [
        { id: "nps", type: "nps", text: { en: "How likely are you to recommend us?", de: "Wie wahrscheinlich…?" } },
        { id: "attribution", type: "attribution", other: true, randomize: false },
      ],
    });
    expect(view.getByText(/^Version 1, saved .*Saving creates version 2\./)).toBeTruthy();
  });

  it("refuses a sixth question and a missing English wording before sending anything", async () => {
    const calls = stub();
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    await view.findByText(/version 0/);
    for (let i = 0; i < 4; i++) fireEvent.click(view.getByRole("button", { name: "Add a question" }));
    expect(view.getByText("5 of 5")).toBeTruthy();
    fireEvent.click(view.getByRole("button", { name: "Add a question" }));
    expect(view.getByRole("alert").textContent).toBe("A survey has at most 5 questions: remove one first.");
    expect(view.getAllByRole("heading", { level: 4 })).toHaveLength(5);

    fireEvent.click(view.getByRole("button", { name: /^Save/ }));
    await view.findByText("Some fields need a look before saving.");
    const english = view.getAllByLabelText("English")[0] as HTMLInputElement;
    expect(english.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(english.getAttribute("aria-describedby")!)!.textContent).toBe("The English wording is required.");
    expect(calls.filter((c) => c.method === "PUT")).toEqual([]);
  });

  it("shows the server's refusal next to the field it names", async () => {
    stub(
      {
        ...BUILT_IN,
        version: 3,
        updatedAt: "2026-12-01T09:00:00.000Z",
        questions: [
          {
            id: "colour",
            type: "single_choice",
            text: { en: "Favourite colour?" },
            options: [
              { id: "red", text: { en: "Red" } },
              { id: "blue", text: { en: "Blue" } },
            ],
          },
        ],
      },
      () =>
        json(422, {
          error: {
            code: "invalid_values",
            message: "Some values are invalid: questions.0.options.1.id, audience.",
            details: [
              { path: "questions.0.options.1.id", message: "is used by another option" },
              { path: "audience", message: "is not one of all, first_order, repeat_order" },
            ],
          },
        }),
    );
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    await view.findByText(/^Version 3, saved/);
    // Saved options keep their ids whatever their text becomes.
    const idField = view.getByLabelText("Option 2, id in reports") as HTMLInputElement;
    fireEvent.input(view.getByLabelText("Option 2, English"), { target: { value: "Navy blue" } });
    expect(idField.value).toBe("blue");
    fireEvent.click(view.getByRole("button", { name: /^Save/ }));
    await waitFor(() => expect(idField.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(`${idField.id}-problem`)!.textContent).toBe("is used by another option");
    // A path no field shows is listed with the summary.
    expect(view.getByRole("alert").textContent).toContain("audience: is not one of all, first_order, repeat_order");
  });

  it("is read-only for an analyst: the survey shown, nothing to change or save", async () => {
    stub({ ...BUILT_IN, version: 2, updatedAt: "2026-12-01T09:00:00.000Z" });
    const view = render(<SurveysScreen credential="dss_x" access={ANALYST} />);
    await view.findByText("You can read this survey; only the store's owner can change it.");
    expect(view.getAllByRole("heading", { level: 4 }).map((h) => h.textContent)).toEqual(["Question 1 · How did you hear about us?"]);
    // Every field sits in one disabled fieldset (Chromium greys and locks them: tests/e2e/surveys-dashboard).
    expect(view.getByLabelText("Question 1: type").closest("fieldset:disabled")).toBeTruthy();
    expect(view.getByLabelText("Ask this survey").closest("fieldset")!.disabled).toBe(true);
    expect(view.queryByRole("button", { name: /^Save/ })).toBeNull();
    expect(view.queryByRole("button", { name: "Add a question" })).toBeNull();
    expect(view.queryByRole("button", { name: /^Move|^Remove/ })).toBeNull();
  });

  it("loads the after-delivery survey when its placement is chosen", async () => {
    const calls = stub();
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    await view.findByText(/version 0/);
    fireEvent.click(view.getByRole("button", { name: "After delivery" }));
    await view.findByRole("heading", { name: "After delivery survey" });
    expect(calls.map((c) => c.url)).toContain("/v1/admin/surveys/post_delivery");
  });
});

describe("unsaved edits", () => {
  const KEY = "doorstep:survey-draft:acme:confirmation";
  const leaving = () => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  };

  it("are kept through a switch of placement, come back with a notice, and are discarded on request", async () => {
    stub();
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    await view.findByText(/The built-in survey \(version 0\)/);
    expect(view.queryByRole("button", { name: "Discard unsaved changes" })).toBeNull();
    expect(leaving()).toBe(false);

    fireEvent.click(view.getByRole("button", { name: "Add a question" }));
    fireEvent.input(view.getAllByLabelText("English")[0]!, { target: { value: "Anything else?" } });
    await waitFor(() => expect(JSON.parse(sessionStorage.getItem(KEY)!).version).toBe(0));
    expect(view.getByRole("button", { name: "Discard unsaved changes" })).toBeTruthy();
    // Closing the tab would lose them: the browser asks first.
    expect(leaving()).toBe(true);

    fireEvent.click(view.getByRole("button", { name: "After delivery" }));
    await view.findByRole("heading", { name: "After delivery survey" });
    expect(leaving()).toBe(false);
    fireEvent.click(view.getByRole("button", { name: "Thank-you page" }));
    await view.findByText("Your unsaved changes from earlier in this tab are back. Save them, or discard them to see version 0 again.");
    expect(view.getAllByRole("heading", { level: 4 })).toHaveLength(2);
    expect((view.getAllByLabelText("English")[0] as HTMLInputElement).value).toBe("Anything else?");

    fireEvent.click(view.getByRole("button", { name: "Discard unsaved changes" }));
    await view.findByText("Unsaved changes discarded: version 0 as saved.");
    expect(view.getAllByRole("heading", { level: 4 })).toHaveLength(1);
    expect(view.queryByText(/are back/)).toBeNull();
    await waitFor(() => expect(sessionStorage.getItem(KEY)).toBeNull());
    expect(leaving()).toBe(false);
  });

  it("are forgotten once saved, and an edit undone by hand is no edit", async () => {
    stub();
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    await view.findByText(/version 0/);
    const audience = view.getByLabelText("Who is asked") as HTMLSelectElement;
    fireEvent.change(audience, { target: { value: "first_order" } });
    await waitFor(() => expect(sessionStorage.getItem(KEY)).not.toBeNull());
    fireEvent.change(audience, { target: { value: "all" } });
    await waitFor(() => expect(sessionStorage.getItem(KEY)).toBeNull());
    expect(view.queryByRole("button", { name: "Discard unsaved changes" })).toBeNull();

    fireEvent.change(audience, { target: { value: "repeat_order" } });
    await waitFor(() => expect(sessionStorage.getItem(KEY)).not.toBeNull());
    fireEvent.click(view.getByRole("button", { name: "Save the thank-you page survey" }));
    await view.findByText("Saved as version 1.");
    await waitFor(() => expect(sessionStorage.getItem(KEY)).toBeNull());
    expect(leaving()).toBe(false);
  });

  it("made on an older version are not put over the one saved since, and the editor says so", async () => {
    const older = { ...fromDefinition(BUILT_IN), audience: "repeat_order" };
    sessionStorage.setItem(KEY, JSON.stringify({ version: 1, draft: older }));
    stub({ ...BUILT_IN, version: 2, audience: "first_order", updatedAt: "2026-12-06T10:00:00.000Z" });
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    await view.findByText("Your unsaved changes to version 1 were not brought back: version 2 has been saved since.");
    expect((view.getByLabelText("Who is asked") as HTMLSelectElement).value).toBe("first_order");
    await waitFor(() => expect(sessionStorage.getItem(KEY)).toBeNull());
  });

  it("are neither kept nor brought back for an analyst", async () => {
    sessionStorage.setItem(KEY, JSON.stringify({ version: 0, draft: { ...fromDefinition(BUILT_IN), audience: "repeat_order" } }));
    stub();
    const view = render(<SurveysScreen credential="dss_x" access={ANALYST} />);
    await view.findByText(/version 0/);
    expect((view.getByLabelText("Who is asked") as HTMLSelectElement).value).toBe("all");
    expect(view.queryByText(/unsaved changes/)).toBeNull();
  });
});

describe("going back to the built-in survey", () => {
  const MINE: SurveyDefinition = { ...BUILT_IN, version: 2, updatedAt: "2026-12-01T09:00:00.000Z" };

  it("asks before resetting, cancels with Escape back to the action, then resets and announces it", async () => {
    const calls = stub(MINE);
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    await view.findByText(/^Version 2, saved/);
    const action = view.getByRole("button", { name: "Use the built-in survey" });

    // The confirmation step: a named group, its explanation read with it, focus moved into it.
    fireEvent.click(action);
    const step = await view.findByRole("group", { name: "Use the built-in thank-you page survey instead of version 2?" });
    await waitFor(() => expect(document.activeElement).toBe(document.getElementById("sq-reset-title")));
    expect(document.getElementById(step.getAttribute("aria-describedby")!)!.textContent).toContain(
      "Version 2 stays in the history with the answers given to it",
    );
    expect(view.getByRole("button", { name: "Keep version 2" })).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    await waitFor(() => expect(view.queryByRole("group", { name: /^Use the built-in/ })).toBeNull());
    await waitFor(() => expect(document.activeElement?.id).toBe("sq-reset"));
    expect(calls.filter((c) => c.method === "DELETE")).toEqual([]);

    fireEvent.click(view.getByRole("button", { name: "Use the built-in survey" }));
    fireEvent.click(await view.findByRole("button", { name: "Yes, use the built-in survey" }));
    await view.findByText("The built-in survey is asked again. Version 2 stays in the history with the answers given to it.");
    expect(view.getByRole("status").textContent).toBe(
      "The built-in survey is asked again. Version 2 stays in the history with the answers given to it.",
    );
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.url)).toEqual(["/v1/admin/surveys/confirmation"]);
    // The editor now shows the built-in survey; the action is gone with the store's own survey, focus on the heading.
    expect(view.getByText(/The built-in survey \(version 0\)/)).toBeTruthy();
    expect(view.queryByRole("button", { name: "Use the built-in survey" })).toBeNull();
    await waitFor(() => expect(document.activeElement?.id).toBe("survey-title"));
  });

  it("says so when the built-in survey was already asked", async () => {
    stub(MINE, undefined, () => json(200, { changed: false, replacedVersion: null, survey: BUILT_IN } satisfies SurveyReset));
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    fireEvent.click(await view.findByRole("button", { name: "Use the built-in survey" }));
    fireEvent.click(await view.findByRole("button", { name: "Yes, use the built-in survey" }));
    await view.findByText("The built-in survey was already asked: nothing changed.");
  });

  it("keeps the step open with the server's refusal read out", async () => {
    stub(MINE, undefined, () =>
      json(403, { error: { code: "insufficient_scope", message: "This credential lacks the settings:write scope." } }),
    );
    const view = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    fireEvent.click(await view.findByRole("button", { name: "Use the built-in survey" }));
    fireEvent.click(await view.findByRole("button", { name: "Yes, use the built-in survey" }));
    expect((await view.findByRole("alert")).textContent).toBe("This credential lacks the settings:write scope.");
    expect(view.getByRole("group", { name: /^Use the built-in/ })).toBeTruthy();
    expect(view.getByText(/^Version 2, saved/)).toBeTruthy();
  });

  it("is offered only while the store's own survey is asked, and never to an analyst", async () => {
    stub();
    const builtIn = render(<SurveysScreen credential="dss_x" access={OWNER} />);
    await builtIn.findByText(/version 0/);
    expect(builtIn.queryByRole("button", { name: "Use the built-in survey" })).toBeNull();
    cleanup();
    stub(MINE);
    const analyst = render(<SurveysScreen credential="dss_x" access={ANALYST} />);
    await analyst.findByText(/^Version 2, saved/);
    expect(analyst.queryByRole("button", { name: "Use the built-in survey" })).toBeNull();
  });
});
