import { cleanup } from "@testing-library/preact";
import { afterEach, vi } from "vitest";

afterEach(() => {
  cleanup();
  // The event queue persists in localStorage by design; each test starts with an empty one.
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
