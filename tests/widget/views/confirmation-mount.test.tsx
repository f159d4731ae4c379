/**
 * The confirmation chunk's `mount(root, ctx)` as the loader calls it: inside a real shadow root, with
 * `fetch` stubbed to answer like the worker (or to fail like a network).
 */
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { MountContext } from "../../../widget/context.ts";
import { ar } from "../../../widget/i18n/ar.ts";
import { fr } from "../../../widget/i18n/fr.ts";
import { fillIn } from "../../../widget/i18n/index.ts";
import { mount } from "../../../widget/views/confirmation.tsx";
import { API, TOKEN, json, orderView, storeConfig } from "../fixtures.ts";

type Route = (url: string, init?: RequestInit) => Response | Promise<Response>;

function stubFetch(route: Route) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => route(String(input), init));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

/** Answers like the worker for one order; events are accepted. */
const worker =
  (order = orderView()): Route =>
  (url, init) => {
    if (url === `${API}/v1/stores/acme/config`) return json(200, storeConfig());
    if (url === `${API}/v1/o/${TOKEN}` || url === `${API}/v1/o/${TOKEN}?offers=confirmation&view=confirmation`) return json(200, order);
    if (url === `${API}/v1/o/${TOKEN}/events` && init?.method === "POST") {
      const ids = (JSON.parse(String(init.body)) as { id: string }[]).map((e) => e.id);
      return json(200, { accepted: ids, duplicates: [] });
    }
    return json(404, { error: { code: "not_found", message: "Not found." } });
  };

/** Text as a reader compares it: any run of spaces (Intl writes no-break ones) as one. */
const normal = (text: string) => text.replace(/\s+/g, " ").trim();

function start(ctx: Partial<MountContext> = {}) {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: "open" });
  const events: CustomEvent[] = [];
  for (const name of ["ready", "error", "checkout-feel"]) host.addEventListener(`doorstep:${name}`, (e) => events.push(e as CustomEvent));
  const stop = mount(root, { view: "confirmation", api: API, storeId: "acme", token: TOKEN, host, ...ctx });
  return { host, root, view: within(root as unknown as HTMLElement), events, stop };
}

/** The bodies of every POST to the events endpoint, flattened. */
function sentEvents(fetch: ReturnType<typeof stubFetch>) {
  return fetch.mock.calls
    .filter(([url, init]) => String(url).endsWith("/events") && init?.method === "POST")
    .flatMap(([, init]) => JSON.parse(String(init!.body)) as { id: string; type: string; target?: string; at: string }[]);
}

describe("confirmation mount", () => {
  it("speaks in the store's own words where it set them, per language and locale", async () => {
    const order = orderView();
    order.store = storeConfig({
      messages: {
        en: { thanks: "Cheers, it's on its way!", help: "Questions?" },
        "en-US": { help: "Need a hand?" },
        de: { thanks: "Danke!" },
      },
    });
    stubFetch(worker(order));
    const { view } = start();
    await view.findByRole("heading", { name: "Cheers, it's on its way!" });
    // The locale's wording wins over the language's; what the store did not set stays as shipped.
    view.getByRole("heading", { name: "Need a hand?" });
    view.getByText("Your items");
  });

  it("draws the order in the shadow root, themes the host and reports ready", async () => {
    const fetch = stubFetch(worker());
    const { host, root, view, events } = start();
    await view.findByText("Thank you, your order is confirmed");
    expect(view.getByText("$1,271.15")).toBeTruthy();
    expect(view.getByRole("img", { name: "Acme Outfitters" })).toBeTruthy();
    expect(host.style.getPropertyValue("--ds-primary")).toBe("#0f5c4d");
    expect(host.style.getPropertyValue("--ds-radius")).toBe("12px");
    // One stylesheet for the root, adopted (no <style> element needed under a strict CSP).
    expect(root.adoptedStyleSheets.length + root.querySelectorAll("style").length).toBe(1);
    expect(events.map((e) => [e.type, e.bubbles, e.composed])).toEqual([["doorstep:ready", true, true]]);
    expect(events[0]!.detail).toEqual({ view: "confirmation", orderNumber: "1042" });
    // GETs are simple requests: no custom headers, so no CORS preflight.
    const order = fetch.mock.calls.find(([url]) => String(url).startsWith(`${API}/v1/o/${TOKEN}?`))!;
    expect(order[1]?.headers).toBeUndefined();
    await waitFor(() => expect(sentEvents(fetch).map((e) => [e.type, e.target])).toEqual([["view", "confirmation"]]));
    // One read: the order's answer carries the store's config and the confirmation's offers.
    const reads = fetch.mock.calls.filter(([, init]) => !init?.method).map(([url]) => String(url));
    expect(reads).toEqual([`${API}/v1/o/${TOKEN}?offers=confirmation&view=confirmation`]);
  });

  it("reads the order the loader already asked for, once; a retry asks again", async () => {
    const fetch = stubFetch(worker());
    const { view } = start({ order: Promise.resolve(json(200, orderView())) });
    await view.findByText("Thank you, your order is confirmed");
    expect(fetch.mock.calls.filter(([url]) => String(url).startsWith(`${API}/v1/o/${TOKEN}?`))).toHaveLength(0);

    vi.spyOn(console, "warn").mockImplementation(() => {});
    const failed = start({ order: Promise.reject(new TypeError("Failed to fetch")) });
    fireEvent.click(await failed.view.findByRole("button", { name: "Try again" }));
    await failed.view.findByText("Thank you, your order is confirmed");
    expect(fetch.mock.calls.filter(([url]) => String(url).startsWith(`${API}/v1/o/${TOKEN}?`))).toHaveLength(1);
  });

  it("sends the checkout feel once, as an event with a fresh id, and tells the host page", async () => {
    const fetch = stubFetch(worker());
    const { view, events } = start();
    const easy = await view.findByRole("button", { name: "Easy" });
    fireEvent.click(easy);
    fireEvent.click(easy);
    await waitFor(() => expect(sentEvents(fetch).filter((e) => e.type === "checkout_feel")).toHaveLength(1));
    const [feel] = sentEvents(fetch).filter((e) => e.type === "checkout_feel");
    expect(feel).toMatchObject({ type: "checkout_feel", target: "easy" });
    expect(feel!.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(new Date(feel!.at).toISOString()).toBe(feel!.at);
    const post = fetch.mock.calls.find(([url, init]) => String(url).endsWith("/events") && String(init?.body).includes("checkout_feel"))!;
    // A CORS-safelisted type: the browser sends the post without a preflight (the worker parses it as JSON).
    expect(post[1]).toMatchObject({ method: "POST", keepalive: true, headers: { "Content-Type": "text/plain" } });
    expect(easy.getAttribute("aria-pressed")).toBe("true");
    expect(view.getByRole("status").textContent).toBe("Thanks for telling us!");
    expect(events.filter((e) => e.type === "doorstep:checkout-feel").map((e) => e.detail)).toEqual([{ value: "easy" }]);
  });

  it("speaks the order's language unless the element names one", async () => {
    stubFetch(worker(orderView("EUR", "de-DE")));
    const german = start();
    await german.view.findByText("Vielen Dank, Ihre Bestellung ist bestätigt");
    expect(german.view.getByText("1.271,15 €") /* the query normalises the no-break space */).toBeTruthy();

    const english = start({ locale: "en-GB" });
    await english.view.findByText("Thank you, your order is confirmed");
    expect(english.view.getByText("€1,271.15")).toBeTruthy();
  });

  it("an unknown order shows a friendly, branded message and warns once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    stubFetch((url) =>
      url.includes("/config")
        ? json(200, storeConfig())
        : json(404, { error: { code: "order_not_found", message: "We could not find this order." } }),
    );
    const { view, events } = start({ token: "x".repeat(43) });
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain("We couldn't find this order");
    expect(view.queryByRole("button", { name: "Try again" })).toBeNull();
    expect(view.getByRole("img", { name: "Acme Outfitters" })).toBeTruthy();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[doorstep\] .*order_not_found/);
    expect(events.map((e) => [e.type, e.detail])).toEqual([
      ["doorstep:error", { view: "confirmation", code: "order_not_found", status: 404 }],
    ]);
  });

  it("a network failure becomes a message with a retry that works", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    let online = false;
    const fetch = stubFetch((url, init) => {
      if (!online) throw new TypeError("Failed to fetch");
      return worker()(url, init);
    });
    const { view } = start();
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain("We couldn't load your order right now");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain("[doorstep]");

    online = true;
    fireEvent.click(view.getByRole("button", { name: "Try again" }));
    await view.findByText("Thank you, your order is confirmed");
    expect(fetch).toHaveBeenCalledWith(`${API}/v1/o/${TOKEN}?offers=confirmation&view=confirmation`, expect.anything());
  });

  it("without a token it asks for the link instead of calling the API for an order", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const fetch = stubFetch(worker());
    const { view } = start({ token: undefined });
    expect((await view.findByRole("alert")).textContent).toContain("There's no order to show here");
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([`${API}/v1/stores/acme/config`]);
  });

  it("stops cleanly", async () => {
    stubFetch(worker());
    const { view, stop, root } = start();
    await view.findByText("Thank you, your order is confirmed");
    stop();
    expect(root.querySelector("h2")).toBeNull();
  });

  it("speaks Arabic right to left, with Intl's Arabic money, dates and plural", async () => {
    const order = orderView("EUR", "ar-EG");
    order.returns = { ...order.returns, until: undefined }; // not delivered yet: "days after delivery"
    stubFetch(worker(order));
    const { root, view } = start();
    await view.findByText(ar.thanks);
    // The view's root in the shadow root is mirrored and says its language; the .ds wrapper inherits both.
    const wrapper = root.querySelector(".ds")!.closest("[dir]")!;
    expect(wrapper.getAttribute("dir")).toBe("rtl");
    expect(wrapper.getAttribute("lang")).toBe("ar-EG");
    const text = normal(root.textContent ?? "");
    const money = new Intl.NumberFormat("ar-EG", { style: "currency", currency: "EUR" }).format(1271.15);
    expect(text).toContain(normal(money));
    const placed = new Date(order.order.placedAt).toLocaleDateString("ar-EG", { year: "numeric", month: "long", day: "numeric" });
    expect(text).toContain(normal(fillIn(ar.placedOn, { date: placed })));
    // Whatever Intl writes for ar-EG (Arabic-Indic digits in today's CLDR), the view writes too.
    expect(/[\u0660-\u0669]/.test(money)).toBe(/[\u0660-\u0669]/.test(text));
    // 30 is Arabic's "many": every category but "one" reads the Other form.
    expect(new Intl.PluralRules("ar-EG").select(30)).toBe("many");
    expect(text).toContain(normal(fillIn(ar.returnsDaysOther, { count: 30 })));
  });

  it("speaks French left to right when the order is French", async () => {
    stubFetch(worker(orderView("EUR", "fr-FR")));
    const { root, view } = start();
    await view.findByText(fr.thanks);
    const wrapper = root.querySelector(".ds")!.closest("[dir]")!;
    expect(wrapper.getAttribute("lang")).toBe("fr-FR");
    expect(wrapper.getAttribute("dir")).toBe("ltr");
    const money = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(1271.15);
    expect(normal(root.textContent ?? "")).toContain(normal(money));
    expect(view.getByRole("button", { name: fr.feelEasy })).toBeTruthy();
  });
});
