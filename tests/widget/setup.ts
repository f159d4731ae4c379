import { cleanup } from "@testing-library/preact";
import { afterEach, vi } from "vitest";

afterEach(() => {
  cleanup();
  // The event queue persists in localStorage by design; each test starts with an empty one.
  // (Not in the operator tests that run in Node: they have no storage to clear.)
  if (typeof localStorage !== "undefined") localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// In the browser, parts (other languages) are fetched from the worker by URL; here
// they come from source, by the same names, so views are tested with what those URLs serve.
vi.mock("../../widget/parts.ts", () => ({
  importPart: async (_api: string, name: string) => {
    const parts: Record<string, () => Promise<unknown>> = {
      "common.de": () => import("../../widget/i18n/de.ts"),
      "tracking.de": () => import("../../widget/views/tracking/messages/de.ts"),
      "feedback.de": () => import("../../widget/views/feedback/messages/de.ts"),
      "review-extras.de": () => import("../../widget/views/feedback/extras/messages/de.ts"),
      "reviews.de": () => import("../../widget/views/reviews/messages/de.ts"),
      "questions.de": () => import("../../widget/views/questions/messages/de.ts"),
      "common.fr": () => import("../../widget/i18n/fr.ts"),
      "tracking.fr": () => import("../../widget/views/tracking/messages/fr.ts"),
      "feedback.fr": () => import("../../widget/views/feedback/messages/fr.ts"),
      "review-extras.fr": () => import("../../widget/views/feedback/extras/messages/fr.ts"),
      "reviews.fr": () => import("../../widget/views/reviews/messages/fr.ts"),
      "questions.fr": () => import("../../widget/views/questions/messages/fr.ts"),
      "common.es": () => import("../../widget/i18n/es.ts"),
      "tracking.es": () => import("../../widget/views/tracking/messages/es.ts"),
      "feedback.es": () => import("../../widget/views/feedback/messages/es.ts"),
      "review-extras.es": () => import("../../widget/views/feedback/extras/messages/es.ts"),
      "reviews.es": () => import("../../widget/views/reviews/messages/es.ts"),
      "questions.es": () => import("../../widget/views/questions/messages/es.ts"),
      "common.ar": () => import("../../widget/i18n/ar.ts"),
      "tracking.ar": () => import("../../widget/views/tracking/messages/ar.ts"),
      "feedback.ar": () => import("../../widget/views/feedback/messages/ar.ts"),
      "review-extras.ar": () => import("../../widget/views/feedback/extras/messages/ar.ts"),
      "reviews.ar": () => import("../../widget/views/reviews/messages/ar.ts"),
      "questions.ar": () => import("../../widget/views/questions/messages/ar.ts"),
    };
    const load = parts[name];
    if (!load) throw new Error(`no part named ${name}`);
    return load();
  },
}));
