/**
 * A merchant's survey through the views' own `mount`, inside a real shadow root: the survey view (the
 * post-delivery placement; the question module is fetched as the code asks for it) and the confirmation
 * view (the attribution question), with `fetch` answering as the contract says the worker does.
 */
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { ATTRIBUTION_CHANNELS } from "../../../contract/surveys.ts";
import type { MountContext } from "../../../widget/context.ts";
import { mount as confirmation } from "../../../widget/views/confirmation.tsx";
import { questionsEn } from "../../../widget/views/questions/messages.ts";
import { shuffled } from "../../../widget/views/questions/pick.ts";
import { mount as survey } from "../../../widget/views/survey.ts";
import { API, TOKEN } from "../fixtures.ts";
import { EVERY_TYPE, attributionOnly, orderWithSurveys, shown, surveyWorker } from "./fixtures.ts";

function start(view: "survey" | "confirmation", ctx: Partial<MountContext> = {}) {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: "open" });
  const events: { name: string; detail: unknown }[] = [];
  for (const name of ["survey-answer", "survey-submitted"])
    host.addEventListener(`doorstep:${name}`, (e) => events.push({ name, detail: (e as CustomEvent).detail }));
  const stop = (view == "survey" ? survey : confirmation)(root, { view, api: API, storeId: "acme", token: TOKEN, host, ...ctx });
  return { root, view: within(root as unknown as HTMLElement), events, stop };
}

const layer = () => (window as unknown as { dataLayer?: { event: string; doorstep: Record<string, unknown> }[] }).dataLayer;

describe("post-delivery: the merchant's questions, one at a time", () => {
  it("answers every type in turn, each saved as given, then the review form; dataLayer gets the ids only", async () => {
    const order = orderWithSurveys({ post_delivery: shown("post_delivery", structuredClone(EVERY_TYPE)) }, true);
    const posts = surveyWorker(order);
    const { view, root, events } = start("survey");

    await view.findByRole("heading", { name: "How was it overall?" });
    expect(view.getByText("Question 1 of 6")).toBeTruthy();
    // A required question without an answer says so, and sends nothing.
    fireEvent.click(view.getByRole("button", { name: "Next" }));
    expect(view.getByRole("alert").textContent).toBe("Please answer this question.");
    expect(view.getByRole("radiogroup", { name: "How was it overall?" }).getAttribute("aria-describedby")).toContain("-e");
    expect(posts).toEqual([]);
    fireEvent.click(view.getByRole("radio", { name: "4 · Good" }));
    expect(view.getByRole("alert").textContent).toBe("");
    fireEvent.click(view.getByRole("button", { name: "Next" }));

    await view.findByRole("heading", { name: "Would you recommend us?" });
    expect((root.activeElement as HTMLElement | null)?.textContent).toBe("Would you recommend us?");
    const nps = view.getByRole("radiogroup", { name: "Would you recommend us?" });
    expect(
      within(nps)
        .getAllByRole("radio")
        .map((r) => (r as HTMLInputElement).value),
    ).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    // The anchors describe the scale.
    expect(root.getElementById(nps.getAttribute("aria-describedby")!)!.textContent).toBe("0: Not at all likely 10: Extremely likely");
    fireEvent.click(view.getByRole("radio", { name: "9" }));
    fireEvent.click(view.getByRole("button", { name: "Next" }));

    await view.findByRole("heading", { name: "How did it fit?" });
    expect(view.getAllByRole("radio").map((r) => r.parentElement!.textContent)).toEqual(["Too small", "Just right", "Too large", "Other"]);
    fireEvent.click(view.getByRole("radio", { name: "Other" }));
    fireEvent.input(view.getByRole("textbox", { name: "Tell us more" }), { target: { value: "  Long in the arms  " } });
    fireEvent.click(view.getByRole("button", { name: "Next" }));

    await view.findByRole("heading", { name: "What do you use it for? (optional)" });
    expect(view.getByRole("group", { name: "What do you use it for? (optional)" }).getAttribute("aria-describedby")).toMatch(/-h$/);
    // Optional and untouched: the button says so.
    expect(view.getByRole("button", { name: "Skip" })).toBeTruthy();
    fireEvent.click(view.getByRole("checkbox", { name: "Travel" }));
    fireEvent.click(view.getByRole("checkbox", { name: "Hiking" }));
    fireEvent.click(view.getByRole("checkbox", { name: "Other" }));
    fireEvent.input(view.getByRole("textbox", { name: "Tell us more" }), { target: { value: "jane@example.com" } });
    fireEvent.click(view.getByRole("button", { name: "Next" }));

    await view.findByRole("heading", { name: "Anything else? (optional)" });
    // Back shows the answer given, and Next keeps it.
    fireEvent.click(view.getByRole("button", { name: "Back" }));
    await view.findByRole("heading", { name: "What do you use it for? (optional)" });
    expect((view.getByRole("checkbox", { name: "Hiking" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(view.getByRole("button", { name: "Next" }));
    await view.findByRole("heading", { name: "Anything else? (optional)" });
    fireEvent.input(view.getByRole("textbox", { name: "Anything else? (optional)" }), { target: { value: "Call me, Jane Doe" } });
    fireEvent.click(view.getByRole("button", { name: "Next" }));

    await view.findByRole("heading", { name: "How did you hear about us?" });
    expect(view.getByText("Question 6 of 6")).toBeTruthy();
    fireEvent.click(view.getByRole("button", { name: "TikTok" }));
    await view.findByRole("heading", { name: "Thank you! Your answers help us get better." });
    await view.findByRole("heading", { name: "Review your items" });

    expect(posts.map(({ questionId, value }) => [questionId, value])).toEqual([
      ["overall", 4],
      ["recommend", 9],
      ["fit", { choice: "other", text: "Long in the arms" }],
      ["used_for", { choices: ["hiking", "travel", "other"], text: "jane@example.com" }],
      ["used_for", { choices: ["hiking", "travel", "other"], text: "jane@example.com" }],
      ["anything", "Call me, Jane Doe"],
      ["heard", { choice: "tiktok" }],
    ]);
    expect(new Set(posts.map((p) => `${p.placement} ${p.version}`))).toEqual(new Set(["post_delivery 3"]));
    expect(layer()!.map((e) => [e.event, e.doorstep.question_id, e.doorstep.answer ?? e.doorstep.answered])).toEqual([
      ["doorstep_survey_answer", "overall", 4],
      ["doorstep_survey_answer", "recommend", 9],
      ["doorstep_survey_answer", "fit", "other"],
      ["doorstep_survey_answer", "used_for", "hiking,travel,other"],
      ["doorstep_survey_answer", "used_for", "hiking,travel,other"],
      ["doorstep_survey_answer", "anything", true],
      ["doorstep_survey_answer", "heard", "tiktok"],
    ]);
    expect(layer()!.every((e) => e.doorstep.order_value_band === "250_plus" && e.doorstep.placement === "post_delivery")).toBe(true);
    expect(JSON.stringify(layer())).not.toMatch(/jane|Jane|arms|Call me/);
    expect(events.filter((e) => e.name == "survey-answer").map((e) => e.detail)).toEqual(layer()!.map((e) => e.doorstep));
    expect(events.filter((e) => e.name == "survey-submitted")).toHaveLength(1);
    delete (window as { dataLayer?: unknown }).dataLayer;
  });

  it("resumes at the first unanswered question after a reload; pushes nothing with the setting off", async () => {
    const order = orderWithSurveys(
      { post_delivery: shown("post_delivery", structuredClone(EVERY_TYPE), { overall: 2, recommend: 3 }) },
      false,
    );
    const posts = surveyWorker(order);
    const { view, events } = start("survey");
    await view.findByRole("heading", { name: "How did it fit?" });
    expect(view.getByText("Question 3 of 6")).toBeTruthy();
    fireEvent.click(view.getByRole("button", { name: "Back" }));
    await view.findByRole("heading", { name: "Would you recommend us?" });
    expect((view.getByRole("radio", { name: "3" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(view.getByRole("radio", { name: "6" }));
    fireEvent.click(view.getByRole("button", { name: "Next" }));
    await view.findByRole("heading", { name: "How did it fit?" });
    expect(posts.map((p) => p.value)).toEqual([6]);
    expect(layer()).toBeUndefined();
    expect(events.map((e) => e.name)).toEqual(["survey-answer"]);
  });

  it("shows the worker's refusal and tells neither the page nor its analytics", async () => {
    const order = orderWithSurveys({ post_delivery: shown("post_delivery", structuredClone(EVERY_TYPE)) }, true);
    surveyWorker(order, ["overall"]);
    const { view, events } = start("survey");
    fireEvent.click(await view.findByRole("radio", { name: "5 · Excellent" }));
    fireEvent.click(view.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(view.getByRole("alert").textContent).toBe("That didn't save: That answer is not one of the options."));
    expect(view.getByRole("heading", { name: "How was it overall?" })).toBeTruthy();
    expect(layer()).toBeUndefined();
    expect(events).toEqual([]);
  });

  it("sends an answer once however often Next is pressed while it is on its way", async () => {
    const order = orderWithSurveys({ post_delivery: shown("post_delivery", structuredClone(EVERY_TYPE)) });
    const posts = surveyWorker(order);
    const { view } = start("survey");
    fireEvent.click(await view.findByRole("radio", { name: "3 · Okay" }));
    for (let i = 0; i < 3; i++) fireEvent.click(view.getByRole("button", { name: "Next" }));
    await view.findByRole("heading", { name: "Would you recommend us?" });
    expect(view.getByText("Question 2 of 6")).toBeTruthy();
    expect(posts).toHaveLength(1);
  });

  it("keeps the built-in three steps when the survey is the default", async () => {
    const order = orderWithSurveys({ post_delivery: { ...shown("post_delivery", []), builtIn: true, version: 0 } });
    surveyWorker(order);
    const { view } = start("survey");
    await view.findByRole("heading", { name: "How was your experience overall?" });
    expect(view.getByRole("button", { name: "4 · Good" })).toBeTruthy();
    expect(view.queryByText("Question 1 of 3")).toBeTruthy();
  });

  it("reads the merchant's words in the full locale, then the language, then English; the rest from the catalogue", async () => {
    const order = orderWithSurveys({ post_delivery: shown("post_delivery", structuredClone(EVERY_TYPE), { overall: 4 }) });
    surveyWorker(order);
    const de = start("survey", { locale: "de-CH" });
    await de.view.findByRole("heading", { name: "Würden Sie uns empfehlen?" });
    expect(de.view.getByText("Frage 2 von 6")).toBeTruthy();
    expect(de.view.getByText("0: Überhaupt nicht wahrscheinlich")).toBeTruthy();
    fireEvent.click(de.view.getByRole("button", { name: "Zurück" }));
    // No German for this one: English.
    await de.view.findByRole("heading", { name: "How was it overall?" });
    expect(de.view.getByRole("radio", { name: "4 · Gut" })).toBeTruthy();
    de.stop();

    order.surveys!.post_delivery!.answers = { overall: 4, recommend: 8 };
    const fr = start("survey", { locale: "fr-CA" });
    await fr.view.findByRole("heading", { name: "Le format vous va-t-il?" });
    expect(fr.view.getAllByRole("radio").map((r) => r.parentElement!.textContent)).toEqual([
      "Trop petit",
      "Parfait",
      "Trop grand",
      "Autre",
    ]);
    expect(fr.view.getByRole("button", { name: "Suivant" })).toBeTruthy();
  });
});

describe("confirmation: the attribution question as one tap", () => {
  it("saves a tap at once, presses it, and thanks politely; Other opens a labelled box with its own send", async () => {
    const order = orderWithSurveys({ confirmation: attributionOnly() }, true, undefined);
    const posts = surveyWorker(order);
    const { view, events } = start("confirmation");
    const group = await view.findByRole("group", { name: "How did you hear about us?" });
    const names = within(group)
      .getAllByRole("button")
      .map((b) => b.textContent);
    expect(names).toEqual(ATTRIBUTION_CHANNELS.map((c) => questionsEn[`ch_${c}`]));
    // One tap, no Next, no progress for a single question.
    expect(view.queryByRole("button", { name: "Next" })).toBeNull();
    expect(view.queryByText(/Question 1/)).toBeNull();
    fireEvent.click(view.getByRole("button", { name: "Podcast" }));
    // Its own polite status, apart from the checkout-feel cue's.
    const card = within(group.closest("section")!);
    await waitFor(() => expect(card.getByRole("status").textContent).toBe("Thanks for telling us!"));
    expect(view.getByRole("button", { name: "Podcast" }).getAttribute("aria-pressed")).toBe("true");

    fireEvent.click(view.getByRole("button", { name: "Other" }));
    expect(view.getByRole("button", { name: "Other" }).getAttribute("aria-pressed")).toBe("true");
    fireEvent.input(view.getByRole("textbox", { name: "Tell us more" }), { target: { value: "A stall at the market" } });
    fireEvent.click(view.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(posts).toHaveLength(2));
    expect(posts).toEqual([
      { placement: "confirmation", questionId: "attribution", version: 3, value: { choice: "podcast" } },
      { placement: "confirmation", questionId: "attribution", version: 3, value: { choice: "other", text: "A stall at the market" } },
    ]);
    await waitFor(() => expect(layer()).toHaveLength(2));
    expect(layer()![1]).toEqual({
      event: "doorstep_survey_answer",
      doorstep: {
        placement: "confirmation",
        question_id: "attribution",
        question_type: "attribution",
        survey_version: 3,
        answer: "other",
        order_value_band: "250_plus",
      },
    });
    expect(events.map((e) => e.name)).toEqual(["survey-answer", "survey-answer"]);
    delete (window as { dataLayer?: unknown }).dataLayer;
  });

  it("shuffles the channels per order token, the same on every load, Other last", async () => {
    surveyWorker(orderWithSurveys({ confirmation: attributionOnly(true) }));
    const order = () =>
      start("confirmation")
        .view.findByRole("group", { name: "How did you hear about us?" })
        .then((g) =>
          within(g)
            .getAllByRole("button")
            .map((b) => b.textContent),
        );
    const first = await order();
    expect(await order()).toEqual(first);
    expect(first).toEqual(shuffled(ATTRIBUTION_CHANNELS, `${TOKEN}:attribution`).map((c) => questionsEn[`ch_${c}`]));
    expect(first).not.toEqual(ATTRIBUTION_CHANNELS.map((c) => questionsEn[`ch_${c}`]));
    expect(first.at(-1)).toBe("Other");
  });

  it("is drawn with the receipt in one paint, not pushed in below it later", async () => {
    surveyWorker(orderWithSurveys({ confirmation: attributionOnly() }));
    const host = document.createElement("div");
    document.body.appendChild(host);
    const root = host.attachShadow({ mode: "open" });
    // As the view says it is ready: what its first render drew.
    const atReady = new Promise<boolean>((resolve) =>
      host.addEventListener("doorstep:ready", () => resolve(!!root.querySelector('.questions [aria-pressed="false"]'))),
    );
    confirmation(root, { view: "confirmation", api: API, storeId: "acme", token: TOKEN, host });
    expect(await atReady).toBe(true);
  });

  it("draws no question for an order without a confirmation survey", async () => {
    surveyWorker(orderWithSurveys({}));
    const { view } = start("confirmation");
    await view.findByRole("heading", { name: "How did checkout feel?" });
    expect(view.queryByRole("group", { name: "How did you hear about us?" })).toBeNull();
  });
});
