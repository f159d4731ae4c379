import { beforeEach, describe, expect, it, vi } from "vitest";
import type { MountContext, MountView } from "../../../widget/context.ts";
import { createLoader, type LoaderConfig } from "../../../widget/loader/create-loader.ts";

function element(attrs: Record<string, string>) {
  const el = document.createElement("div");
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.body.appendChild(el);
  return el;
}

function setup(importViews?: (name: string) => ReturnType<LoaderConfig["importViews"]>) {
  const stop = vi.fn();
  const view = vi.fn<MountView>(() => stop);
  const load = vi.fn<LoaderConfig["importViews"]>(importViews ?? (async () => ({ mount: view })));
  const loader = createLoader({ api: "https://doorstep.test", store: "acme", nonce: "n0nce", importViews: load });
  return { loader, importViews: load, view, stop };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("loader", () => {
  // Each test's loader scans the page: it starts empty. Orders the loader asks for get no answer.
  beforeEach(() => {
    document.body.replaceChildren();
    vi.stubGlobal(
      "fetch",
      vi.fn(() => new Promise(() => {})),
    );
  });

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
      order: expect.any(Promise),
    });
  });

  it('says "loading" and "couldn\'t be loaded" in the shopper\'s language, marked with it (English for others)', async () => {
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
    for (const name of ["survey", "tracking", "lookup", "review", "offers", "reviews"]) loader.mount(element({ "data-doorstep": name }));
    await flush();
    expect(view.mock.calls.map(([, ctx]) => ctx.view)).toEqual(["survey", "tracking", "lookup", "review", "offers", "reviews"]);
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

  it("loads the view's own module when the page shows one module's views, and `app` for several found together", async () => {
    const { loader, importViews, view } = setup();
    element({ "data-doorstep": "survey" });
    loader.scan(document.body);
    await flush();
    expect(importViews.mock.calls.map(([name]) => name)).toEqual(["survey"]);

    // A thank-you page with the confirmation, its offers and a survey: one module with every view in it.
    document.body.replaceChildren();
    const several = setup();
    for (const name of ["confirmation", "offers", "survey", "lookup"]) element({ "data-doorstep": name });
    several.loader.scan(document.body);
    await flush();
    expect(new Set(several.importViews.mock.calls.map(([name]) => name))).toEqual(new Set(["app"]));
    expect(several.view.mock.calls.map(([, ctx]) => ctx.view)).toEqual(["confirmation", "offers", "survey", "lookup"]);
    expect(view).toHaveBeenCalledTimes(1);
  });

  it("loads the product page's reviews view from its own module always: `app` does not have it", async () => {
    const { loader, importViews } = setup();
    element({ "data-doorstep": "reviews", "data-sku": "TRAIL-1" });
    loader.scan(document.body);
    await flush();
    expect(importViews.mock.calls.map(([name]) => name)).toEqual(["reviews"]);

    // Beside a view of one other module: each its own module (the reviews do not make it "several").
    document.body.replaceChildren();
    const beside = setup();
    for (const name of ["reviews", "offers"]) element({ "data-doorstep": name });
    beside.loader.scan(document.body);
    await flush();
    expect(beside.importViews.mock.calls.map(([name]) => name)).toEqual(["reviews", "offers"]);

    // Beside views of several modules, and after `app` was asked for: still its own.
    document.body.replaceChildren();
    const several = setup();
    for (const name of ["confirmation", "reviews", "survey"]) element({ "data-doorstep": name });
    several.loader.scan(document.body);
    several.loader.mount(element({ "data-doorstep": "reviews" }));
    await flush();
    expect(several.importViews.mock.calls.map(([name]) => name)).toEqual(["app", "reviews", "app", "reviews"]);
  });

  it("asks for no order for the reviews view, even with a token in the page's URL", () => {
    const fetch = vi.fn(async () => new Response("{}"));
    vi.stubGlobal("fetch", fetch);
    const { loader } = setup(() => new Promise(() => {}));
    loader.mount(element({ "data-doorstep": "reviews", "data-sku": "TRAIL-1", "data-order": "tok_1" }));
    expect(fetch).not.toHaveBeenCalled();
  });

  it("stays with a module already asked for: the same view's, or `app`, which has them all", async () => {
    const { loader, importViews } = setup();
    loader.mount(element({ "data-doorstep": "tracking" }));
    loader.mount(element({ "data-doorstep": "lookup" }));
    await flush();
    // Each mount imports its module; the browser's module map fetches it once.
    expect(importViews.mock.calls.map(([name]) => name)).toEqual(["tracking", "tracking"]);
    loader.scan(element({ "data-doorstep": "review" }).parentElement!);
    await flush();
    // The review arrived after the others were mounted: alone in its batch, it gets its own module.
    expect(importViews.mock.calls.map(([name]) => name)).toEqual(["tracking", "tracking", "review"]);

    document.body.replaceChildren();
    const later = setup();
    for (const name of ["confirmation", "survey"]) element({ "data-doorstep": name });
    later.loader.scan(document.body);
    later.loader.mount(element({ "data-doorstep": "offers" }));
    await flush();
    expect(new Set(later.importViews.mock.calls.map(([name]) => name))).toEqual(new Set(["app"]));
  });

  it("asks for the order beside the view's module, and hands the view that answer", async () => {
    const answer = new Response("{}");
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => answer);
    vi.stubGlobal("fetch", fetch);
    const { loader, view } = setup();
    for (const [name, order] of [
      ["survey", "tok_1"],
      ["confirmation", "tok_2"],
      ["lookup", "tok_3"],
      ["offers", "tok_4"],
      ["tracking", ""],
    ]) {
      element({ "data-doorstep": name!, ...(order ? { "data-order": order } : {}) });
    }
    loader.scan(document.body);
    // Asked for at once, before any module has arrived; only by the views that draw an order.
    // The confirmation's read carries its offers (one answer for the view).
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([
      "https://doorstep.test/v1/o/tok_1?view=survey",
      "https://doorstep.test/v1/o/tok_2?offers=confirmation&view=confirmation",
    ]);
    expect(fetch.mock.calls[0]![1]).toEqual({ credentials: "omit" });
    await flush();
    const ctx = (name: string) => view.mock.calls.find(([, c]) => c.view === name)![1];
    expect(await ctx("survey").order).toBe(answer);
    expect(ctx("offers").order).toBeUndefined();
  });

  it("asks for a module again after it failed to arrive", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    let online = false;
    const { loader, importViews, view } = setup(async () => {
      if (!online) throw new TypeError("Failed to fetch dynamically imported module");
      return { mount: view };
    });
    loader.mount(element({ "data-doorstep": "survey" }));
    await flush();
    online = true;
    loader.mount(element({ "data-doorstep": "survey" }));
    await flush();
    expect(importViews).toHaveBeenCalledTimes(2);
    expect(view).toHaveBeenCalledTimes(1);
  });

  it("while the page is still being parsed, waits for the end of it and chooses the module for every view found", async () => {
    Object.defineProperty(document, "readyState", { value: "loading", configurable: true });
    try {
      const { loader, importViews } = setup();
      const first = element({ "data-doorstep": "confirmation" });
      loader.scan(document.body);
      // The skeleton shows at once; the module waits.
      expect(first.shadowRoot?.querySelector("[aria-busy='true']")).not.toBeNull();
      expect(importViews).not.toHaveBeenCalled();
      loader.scan(element({ "data-doorstep": "survey" }));
      Object.defineProperty(document, "readyState", { value: "interactive", configurable: true });
      document.dispatchEvent(new Event("DOMContentLoaded"));
      await flush();
      expect(importViews.mock.calls.map(([name]) => name)).toEqual(["app", "app"]);
    } finally {
      delete (document as { readyState?: string }).readyState;
    }
  });

  it("holds the room each view will take: the skeleton's height by the mount point's width", () => {
    const { loader } = setup(() => new Promise(() => {}));
    const css = (el: HTMLElement) => {
      const sheets = el.shadowRoot!.adoptedStyleSheets;
      return sheets.length ? [...sheets[0]!.cssRules].map((r) => r.cssText).join("") : el.shadowRoot!.querySelector("style")!.textContent!;
    };
    const survey = element({ "data-doorstep": "survey" });
    const lookup = element({ "data-doorstep": "tracking" });
    const tracking = element({ "data-doorstep": "tracking", "data-order": "tok_1" });
    const reviews = element({ "data-doorstep": "reviews", "data-sku": "TRAIL-1" });
    loader.scan(document.body);
    // The survey's first question: 359 px on a 390 px phone (a 356 px mount point), 261 px at 1280 px.
    expect(css(survey)).toMatch(/min-width: ?350px\)\s*\{\s*\.k\s*\{\s*height: 359px/);
    expect(css(survey)).toMatch(/min-width: ?540px\)\s*\{\s*\.k\s*\{\s*height: 261px/);
    // Tracking without an order is the lookup form: a short view.
    expect(css(lookup)).toMatch(/height: 481px/);
    // Tracking with an order: 2,173 px on that phone (a parcel on its way, updates with the news-and-offers box).
    expect(css(tracking)).toMatch(/min-width: ?350px\)\s*\{\s*\.k\s*\{\s*height: 2173px/);
    // A product's reviews: the summary, the sort control and the first review; side by side from 512 px.
    expect(css(reviews)).toMatch(/\.k\s*\{\s*height: 596px/);
    expect(css(reviews)).toMatch(/min-width: ?512px\)\s*\{\s*\.k\s*\{\s*height: 450px/);
    // Still for reduced motion; otherwise an opacity pulse, which the compositor runs.
    expect(css(survey)).toMatch(/prefers-reduced-motion: ?no-preference\)\s*\{\s*\.k\s*\{\s*animation/);
    expect(css(survey)).not.toMatch(/background-position/);
  });

  it("a page whose fetch throws still gets the view, which reports the failed read", async () => {
    vi.stubGlobal("fetch", () => {
      throw new Error("blocked");
    });
    const { loader, view } = setup();
    element({ "data-doorstep": "survey", "data-order": "tok_1" });
    loader.scan(document.body);
    await flush();
    expect(view).toHaveBeenCalledTimes(1);
    await expect(view.mock.calls[0]![1].order).rejects.toThrow("blocked");
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
