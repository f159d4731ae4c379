/**
 * doorstep.js itself: reading its own tag, the global with its queue, elements added later. The view
 * chunks live on an address nothing answers, so views end in the "could not load" message.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

type Global = { Doorstep?: { mount(el: Element): void; unmount(el: Element): void; q?: unknown[][] } };
const w = window as unknown as Global;

async function runLoader(attrs: Record<string, string> = {}) {
  const script = document.createElement("script");
  script.setAttribute("src", "http://127.0.0.1:9/doorstep.js");
  for (const [name, value] of Object.entries(attrs)) script.setAttribute(name, value);
  Object.defineProperty(document, "currentScript", { value: script, configurable: true });
  vi.resetModules();
  await import("../../../widget/loader.ts");
}

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  // The orders the loader asks for beside the views get no answer (nothing listens on port 9).
  vi.stubGlobal(
    "fetch",
    vi.fn(() => new Promise(() => {})),
  );
  delete w.Doorstep;
  document.body.replaceChildren();
});
afterEach(async () => {
  // Let the refused chunk imports finish while console.warn is still silenced.
  await new Promise((resolve) => setTimeout(resolve, 50));
  Object.defineProperty(document, "currentScript", { value: null, configurable: true });
});

describe("doorstep.js", () => {
  it("mounts what is on the page and what arrives later", async () => {
    const first = document.createElement("div");
    first.setAttribute("data-doorstep", "confirmation");
    document.body.appendChild(first);
    await runLoader({ "data-store": "acme" });
    expect(first.shadowRoot?.querySelector("[aria-busy='true']")).not.toBeNull();
    // Nothing answers for the chunk: the shopper gets a message, the page gets no exception.
    await vi.waitFor(() => expect(first.shadowRoot!.querySelector("[role='alert']")).not.toBeNull());

    const later = document.createElement("section");
    later.innerHTML = `<div data-doorstep="tracking"></div>`;
    document.body.appendChild(later);
    await vi.waitFor(() => expect(later.firstElementChild!.shadowRoot).not.toBeNull());
  });

  it("replaces a queueing stub with the API and replays its calls", async () => {
    const el = document.createElement("div");
    document.body.appendChild(el);
    w.Doorstep = { q: [["mount", el, { view: "confirmation", order: "tok_q" }]], mount() {}, unmount() {} };
    await runLoader();
    expect(typeof w.Doorstep.mount).toBe("function");
    expect(w.Doorstep.q).toBeUndefined();
    expect(el.shadowRoot).not.toBeNull();
  });

  it("leaves a foreign window.Doorstep alone, with one warning", async () => {
    const foreign = { mount: "not ours" };
    (window as unknown as { Doorstep: unknown }).Doorstep = foreign;
    await runLoader();
    expect(w.Doorstep).toBe(foreign);
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(String(vi.mocked(console.warn).mock.calls[0]![0])).toMatch(/^\[doorstep\] window\.Doorstep/);
  });

  it("a second copy of the script steps aside", async () => {
    await runLoader();
    const api = w.Doorstep;
    await runLoader();
    expect(w.Doorstep).toBe(api);
    expect(String(vi.mocked(console.warn).mock.calls.at(-1)![0])).toMatch(/more than once/);
  });
});
