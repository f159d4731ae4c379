import { describe, expect, it, vi } from "vitest";
import type { MountContext, MountView } from "../../../widget/context.ts";
import { createLoader, type LoaderConfig } from "../../../widget/loader/create-loader.ts";

function element(attrs: Record<string, string>) {
  const el = document.createElement("div");
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.body.appendChild(el);
  return el;
}

function setup(importViews?: LoaderConfig["importViews"]) {
  const stop = vi.fn();
  const view = vi.fn<MountView>(() => stop);
  const load = vi.fn<LoaderConfig["importViews"]>(importViews ?? (async () => ({ mount: view })));
  const loader = createLoader({ api: "https://doorstep.test", store: "acme", nonce: "n0nce", importViews: load });
  return { loader, importViews: load, view, stop };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("loader", () => {
  it("shows a busy placeholder at once, then hands the view its context", async () => {
    const { loader, view, importViews } = setup();
    const el = element({ "data-doorstep": "confirmation", "data-order": "tok_123", "data-locale": "de-DE" });
    loader.scan(document.body);

    expect(el.shadowRoot).not.toBeNull();
    const placeholder = el.shadowRoot!.querySelector("[aria-busy='true']");
    expect(placeholder?.textContent).toBe("Wird geladen…");
    expect(importViews).toHaveBeenCalledTimes(1);

    await flush();
    expect(view).toHaveBeenCalledTimes(1);
    const [root, ctx] = view.mock.calls[0]!;
    expect(root).toBe(el.shadowRoot);
    expect(ctx).toEqual<MountContext>({
      view: "confirmation",
      api: "https://doorstep.test",
      storeId: "acme",
      token: "tok_123",
      locale: "de-DE",
      nonce: "n0nce",
      host: el,
      fail: expect.any(Function),
    });
  });

  it("says \"loading\" and \"couldn't be loaded\" in the shopper's language, marked with it (English for others)", async () => {
    const cases = [
      ["fr-CA", "fr", "Chargement…", /Échec du chargement/],
      ["es-MX", "es", "Cargando…", /Error al cargar/],
      ["ar-EG", "ar", "جارٍ التحميل…", /تعذّر التحميل/],
      ["de-AT", "de", "Wird geladen…", /Laden fehlgeschlagen/],
      ["ja-JP", "en", "Loading…", /couldn't be loaded/],
    ] as const;
    for (const [locale, lang, loading, failed] of cases) {
      const { loader } = setup(() => new Promise(() => {}));
      const el = element({ "data-doorstep": "tracking", "data-locale": locale });
      loader.mount(el);
      const box = el.shadowRoot!.querySelector<HTMLElement>("[aria-busy='true']")!;
      expect([box.textContent, box.lang, box.dir]).toEqual([loading, lang, "auto"]);
      // The views module shows the same message through the context when a view fails to draw.
      const failing = setup(async () => ({ mount: (_root, ctx) => (ctx.fail?.(), () => {}) }));
      const other = element({ "data-doorstep": "tracking", "data-locale": locale });
      failing.loader.mount(other);
      await flush();
      const alert = other.shadowRoot!.querySelector<HTMLElement>("[role='alert']")!;
      expect(alert.textContent).toMatch(failed);
      expect(alert.lang).toBe(lang);
    }
  });

  it("reads the token from the page URL when the element has none", async () => {
    history.replaceState(null, "", "/thank-you?order=tok_from_url");
    const { loader, view } = setup();
    loader.mount(element({ "data-doorstep": "confirmation" }));
    await flush();
    expect(view.mock.calls[0]![1].token).toBe("tok_from_url");
    expect(view.mock.calls[0]![1].locale).toBeUndefined();
    history.replaceState(null, "", "/");
  });

  it("mounts an element once, and unmounts it", async () => {
    const { loader, view, stop } = setup();
    const el = element({ "data-doorstep": "confirmation" });
    loader.mount(el);
    loader.mount(el);
    await flush();
    expect(view).toHaveBeenCalledTimes(1);
    loader.unmount(el);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(el.shadowRoot!.childNodes).toHaveLength(0);
  });

  it("sweeps elements that left the document", async () => {
    const { loader, stop } = setup();
    const el = element({ "data-doorstep": "confirmation" });
    loader.mount(el);
    await flush();
    el.remove();
    loader.sweep();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("hands every known view to the views module, quietly", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { loader, view } = setup();
    for (const name of ["survey", "tracking", "lookup", "review", "offers"]) loader.mount(element({ "data-doorstep": name }));
    await flush();
    expect(view.mock.calls.map(([, ctx]) => ctx.view)).toEqual(["survey", "tracking", "lookup", "review", "offers"]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("warns once about an unknown view and still shows something", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { loader, view } = setup();
    loader.mount(element({ "data-doorstep": "recommendations" }));
    await flush();
    expect(view).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[doorstep\] unknown view "recommendations"/);
  });

  it("when the view's code cannot be loaded: a message, one warning, an error event, nothing thrown", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { loader } = setup(() => Promise.reject(new TypeError("Failed to fetch dynamically imported module")));
    const el = element({ "data-doorstep": "confirmation" });
    const errors: unknown[] = [];
    el.addEventListener("doorstep:error", (e) => errors.push((e as CustomEvent).detail));
    loader.mount(el);
    await flush();
    expect(el.shadowRoot!.querySelector("[role='alert']")?.textContent).toMatch(/couldn't be loaded/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(errors).toEqual([{ view: "confirmation", code: "load_failed" }]);
  });

  it("does not throw for things that cannot host a shadow root", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { loader } = setup();
    // Browsers refuse shadow roots on <img>, <a>, <input>…
    const img = document.createElement("img");
    img.attachShadow = () => {
      throw new DOMException("Operation is not supported", "NotSupportedError");
    };
    img.setAttribute("data-doorstep", "confirmation");
    document.body.appendChild(img);
    expect(() => loader.mount(img)).not.toThrow();
    expect(() => loader.mount(null as unknown as Element)).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
