/**
 * The thank-you page's default survey (the attribution question alone) is drawn by the confirmation view
 * itself: the question module (survey-questions.tsx, a chunk of its own in the build) is never imported
 * for it, in English or in another language; a survey the merchant built with other questions still is.
 * The module is observed, not replaced: the factory below hands back the real module and only notes that
 * something imported it (Vitest runs it on the first import, the bundle's dynamic `import()`).
 */
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { ATTRIBUTION_CHANNELS } from "../../../contract/surveys.ts";
import { mount as confirmation } from "../../../widget/views/confirmation.tsx";
import { fr } from "../../../widget/views/questions/messages/fr.ts";
import { API, TOKEN } from "../fixtures.ts";
import { EVERY_TYPE, attributionOnly, orderWithSurveys, shown, surveyWorker } from "./fixtures.ts";

const imported = vi.hoisted(() => ({ questionModule: 0 }));
vi.mock("../../../widget/views/questions/survey-questions.tsx", async (original) => {
  imported.questionModule++;
  return original();
});

function start(locale?: string) {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: "open" });
  const events: unknown[] = [];
  host.addEventListener("doorstep:survey-answer", (e) => events.push((e as CustomEvent).detail));
  const ready = new Promise<void>((resolve) => host.addEventListener("doorstep:ready", () => resolve()));
  confirmation(root, { view: "confirmation", api: API, storeId: "acme", token: TOKEN, host, locale });
  return { root, view: within(root as unknown as HTMLElement), events, ready };
}

// In this order: the first two would see the module imported by the third.
describe("the thank-you page's attribution question without the question module", () => {
  it("draws the default survey with the receipt, saves a tap and tells the page, never importing the module", async () => {
    const posts = surveyWorker(orderWithSurveys({ confirmation: attributionOnly() }));
    const { view, events, ready, root } = start();
    await ready;
    // In the first paint, beside the checkout-feel cue.
    expect(root.querySelector('.questions [aria-pressed="false"]')).not.toBeNull();
    const group = view.getByRole("group", { name: "How did you hear about us?" });
    fireEvent.click(within(group).getByRole("button", { name: "Instagram" }));
    await waitFor(() =>
      expect(posts).toEqual([{ placement: "confirmation", questionId: "attribution", version: 3, value: { choice: "instagram" } }]),
    );
    await waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({ question_id: "attribution", question_type: "attribution", answer: "instagram" });
    expect(imported.questionModule).toBe(0);
  });

  it("reads the channels from the questions part in another language, still without the module", async () => {
    surveyWorker(orderWithSurveys({ confirmation: attributionOnly() }));
    const { view } = start("fr-FR");
    const group = await view.findByRole("group", { name: fr.attribution });
    expect(
      within(group)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(ATTRIBUTION_CHANNELS.map((c) => fr[`ch_${c}`]));
    expect(imported.questionModule).toBe(0);
  });

  it("imports the module for a survey the merchant built with other questions", async () => {
    surveyWorker(orderWithSurveys({ confirmation: shown("confirmation", structuredClone(EVERY_TYPE.slice(0, 1))) }));
    const { view, ready } = start();
    await ready;
    expect(view.getByRole("radiogroup", { name: "How was it overall?" })).toBeTruthy();
    expect(imported.questionModule).toBe(1);
  });
});
