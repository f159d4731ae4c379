import { cleanup } from "@testing-library/preact";
import { afterEach, vi } from "vitest";

afterEach(() => {
  cleanup();
  // The event queue persists in localStorage by design; each test starts with an empty one.
  localStorage.clear();
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
    };
    const load = parts[name];
    if (!load) throw new Error(`no part named ${name}`);
    return load();
  },
}));
