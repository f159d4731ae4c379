/**
 * Offers as shoppers see them, through the views module (`views/app.js`) the loader imports: inside the
 * confirmation view and on their own, with `fetch` answering like the worker.
 */
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { mount } from "../../../widget/views/app.ts";
import type { OfferView } from "../../../contract/offers.ts";
import { API, TOKEN, json, orderView, storeConfig } from "../fixtures.ts";

const gaiter: OfferView = {
  sku: "GAITER",
  name: "Trail Gaiter",
  price: 2500,
  currency: "EUR",
  url: "https://shop.example/p/gaiter",
  imageUrl: "https://shop.example/img/gaiter.jpg",
  kind: "cross_sell",
  reason: { code: "co_purchase", text: "Often bought with your Trail Shell Jacket", params: { item: "Trail Shell Jacket" } },
};

function worker(offers: OfferView[], order = orderView()) {
  const asked: string[] = [];
  const sent: { type: string; target?: string }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url === `${API}/v1/stores/acme/config`) return json(200, storeConfig());
      const decision = { decisionId: "d1", arm: offers.length ? "treatment" : "holdout", offers };
      // The confirmation reads its offers in the order's answer (?offers=), the offers view on their own.
      if (url.startsWith(`${API}/v1/o/${TOKEN}?offers=`)) {
        asked.push(new URL(url).searchParams.get("offers")!);
        return json(200, { ...order, offers: decision });
      }
      if (url === `${API}/v1/o/${TOKEN}`) return json(200, order);
      if (url.startsWith(`${API}/v1/o/${TOKEN}/offers?`)) {
        asked.push(new URL(url).searchParams.get("placement")!);
        return json(200, decision);
      }
      if (url === `${API}/v1/o/${TOKEN}/events`) {
        const batch = JSON.parse(String(init!.body)) as { id: string; type: string; target?: string }[];
        sent.push(...batch);
        return json(200, { accepted: batch.map((e) => e.id), duplicates: [] });
      }
      return json(404, { error: { code: "not_found", message: "Not found." } });
    }),
  );
  return { asked, sent };
}

function start(view: string, data: Record<string, string> = {}) {
  const host = document.createElement("div");
  Object.assign(host.dataset, data);
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: "open" });
  const clicks: unknown[] = [];
  host.addEventListener("doorstep:offer-click", (e) => clicks.push((e as CustomEvent).detail));
  mount(root, { view, api: API, storeId: "acme", token: TOKEN, host });
  return { root, view: within(root as unknown as HTMLElement), clicks };
}

describe("offers", () => {
  it("come with the confirmation, in the shopper's language and the offer's currency, and a click is recorded", async () => {
    const { asked, sent } = worker([gaiter], orderView("EUR", "de-DE"));
    const { view, clicks, root } = start("confirmation");
    const link = await view.findByRole("link", { name: /Trail Gaiter/ });
    // Their stylesheet joined the view's, with them (views that draw no offers never carry it).
    expect(root.adoptedStyleSheets).toHaveLength(2);
    view.getByRole("heading", { name: "Für Sie ausgewählt" });
    expect(link.textContent).toMatch(/25,00\s€/);
    expect(link.textContent).toContain("Oft zusammen gekauft mit Trail Shell Jacket");
    expect(link.getAttribute("href")).toBe("https://shop.example/p/gaiter");
    expect(asked).toEqual(["confirmation"]);

    link.addEventListener("click", (e) => e.preventDefault());
    fireEvent.click(link);
    expect(clicks).toEqual([{ kind: "cross_sell", sku: "GAITER" }]);
    await waitFor(() => expect(sent.map((e) => `${e.type}:${e.target}`)).toContain("offer_click:cross_sell:GAITER"));
  });

  it("draw nothing at all for the holdout arm", async () => {
    worker([]);
    const { view, root } = start("confirmation");
    await view.findByText("Trail Shell Jacket", { exact: false });
    expect(view.queryByRole("heading", { name: "Picked for you" })).toBeNull();
    expect(root.adoptedStyleSheets).toHaveLength(1);
  });

  it("on their own, ranked for the page's placement; a detractor's only offer is help, by email", async () => {
    const support: OfferView = {
      sku: "support",
      name: "Get help with your order",
      price: 0,
      currency: "USD",
      url: "mailto:help@shop.example",
      kind: "support",
      reason: { code: "detractor_support", text: "We're sorry it wasn't right. Tell us, and we'll fix it." },
    };
    const { asked } = worker([support]);
    const { view } = start("offers", { placement: "survey" });
    const link = await view.findByRole("link", { name: /Get help with your order/ });
    expect(link.getAttribute("href")).toBe("mailto:help@shop.example");
    expect(link.textContent).not.toMatch(/\$/);
    expect(asked).toEqual(["survey"]);
  });

  it("show the worker's own sentence for a reason code this build does not know, and never a javascript: link", async () => {
    worker([{ ...gaiter, url: "javascript:alert(1)", reason: { code: "seasonal", text: "Ready for winter" } }]);
    const { view } = start("offers");
    const card = await view.findByText("Ready for winter");
    expect(card.closest("a")!.getAttribute("href")).toBeNull();
  });
});
