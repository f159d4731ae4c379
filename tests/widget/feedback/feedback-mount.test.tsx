/**
 * The feedback views' `mount` inside a real shadow root, with `fetch` answering like the worker: the
 * survey's module (`views/survey.js`, which fetches the review form once the shopper answers) and the
 * review's (`views/review.js`, with the review form inside). Photos and the signature: review-extras.test.tsx.
 */
import { fireEvent, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { MountContext } from "../../../widget/context.ts";
import { mount as survey } from "../../../widget/views/survey.ts";
import { mount as review } from "../../../widget/views/review.ts";
import type { OrderView, SurveyOrderView } from "../../../contract/order-view.ts";
import { API, TOKEN, json, orderView } from "../fixtures.ts";

/** The survey's part of the order, as the worker answers `?view=survey` (worker/domain/survey-view.ts): only that. */
const surveyPart = ({ order, shipments, feedback, store, surveys }: OrderView): SurveyOrderView => ({
  order: {
    number: order.number,
    currency: order.currency,
    locale: order.locale,
    total: order.total,
    lines: order.lines.map(({ sku, name }) => ({ sku, name })),
  },
  shipments: shipments.map((s) => ({ status: s.status, lines: s.lines.map(({ sku }) => ({ sku })) })),
  feedback: { survey: feedback.survey, reviews: feedback.reviews },
  store: {
    name: store.name,
    branding: store.branding,
    support: store.support,
    defaultLocale: store.defaultLocale,
    messages: store.messages,
    analytics: store.analytics,
  },
  surveys: surveys?.post_delivery ? { post_delivery: surveys.post_delivery } : {},
});

/** `fetch` answering like the worker; the order only as the survey's part (a read of the whole view is not answered). */
function worker(order: OrderView = orderView()) {
  const posts: { path: string; body: unknown }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === `${API}/v1/o/${TOKEN}?view=survey`) return json(200, surveyPart(order));
    if (url === `${API}/v1/o/${TOKEN}`) return json(500, { error: { code: "whole_view", message: "the survey reads its part" } });
    const path = url.slice(`${API}/v1/o/${TOKEN}/`.length);
    const body = JSON.parse(String(init?.body)) as { rating?: number; standout?: unknown; wants?: string }[] & { rating?: number };
    posts.push({ path, body });
    if (path === "survey") return json(200, { stepsAnswered: 1, completed: false, sentiment: "positive" });
    if (path === "reviews") return json(200, { reviews: body });
    return json(200, { accepted: [], duplicates: [] });
  });
  vi.stubGlobal("fetch", fetch);
  return posts;
}

function start(view: "survey" | "review", ctx: Partial<MountContext> = {}) {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: "open" });
  const stop = (view == "survey" ? survey : review)(root, { view, api: API, storeId: "acme", token: TOKEN, host, ...ctx });
  return { root, view: within(root as unknown as HTMLElement), stop };
}

describe("survey view", () => {
  it("reads only the survey's part of the order (?view=survey), once; so does the review view", async () => {
    worker();
    const reads = () =>
      vi
        .mocked(fetch)
        .mock.calls.filter(([url, init]) => String(url).includes("/v1/o/") && !init?.method)
        .map(([url]) => String(url));
    const { view } = start("survey");
    await view.findByRole("button", { name: "4 · Good" });
    expect(reads()).toEqual([`${API}/v1/o/${TOKEN}?view=survey`]);
    await start("review").view.findByRole("heading", { name: "Review your items" });
    expect(reads()).toEqual([`${API}/v1/o/${TOKEN}?view=survey`, `${API}/v1/o/${TOKEN}?view=survey`]);
  });

  it("asks three questions one at a time, saves each answer, then invites a review", async () => {
    const posts = worker();
    const { view, root } = start("survey");
    fireEvent.click(await view.findByRole("button", { name: "4 · Good" }));
    await view.findByRole("heading", { name: "What stood out?" });
    // Focus lands on the new question.
    expect((root.activeElement as HTMLElement | null)?.textContent).toBe("What stood out?");
    fireEvent.input(view.getByLabelText("Tell us more (optional)"), { target: { value: "Arrived a day early" } });
    fireEvent.click(view.getByRole("button", { name: "Delivery speed" }));
    await view.findByRole("heading", { name: "Would you like anything from us?" });
    fireEvent.click(view.getByRole("button", { name: "A tip for using it" }));
    await view.findByRole("heading", { name: /Thank you/ });

    expect(posts.filter((p) => p.path === "survey").map((p) => p.body)).toEqual([
      { rating: 4 },
      { rating: 4, standout: { choice: "delivery_speed", text: "Arrived a day early" } },
      { rating: 4, standout: { choice: "delivery_speed", text: "Arrived a day early" }, wants: "tip" },
    ]);
    await view.findByRole("heading", { name: "Review your items" });
  });

  it("resumes where the shopper left off, and offers detractors a call back besides the review", async () => {
    const order = orderView();
    order.feedback.survey = { rating: 2, standout: { choice: "support" }, stepsAnswered: 2, completed: false };
    const posts = worker(order);
    const { view } = start("survey");
    await view.findByRole("heading", { name: "Would you like anything from us?" });
    fireEvent.click(view.getByRole("button", { name: "No, thanks" }));
    await view.findByRole("heading", { name: /We're sorry/ });
    fireEvent.input(view.getByLabelText("Phone number"), { target: { value: "+1 555 0100" } });
    fireEvent.click(view.getByRole("button", { name: "Send" }));
    await view.findByText("Thanks, we'll call you.");
    expect(posts.at(-1)!.body).toMatchObject({ rating: 2, callback: { phone: "+1 555 0100" } });
    // Everyone is invited to review, whatever they rated.
    await view.findByRole("heading", { name: "Review your items" });
  });
});

describe("review view", () => {
  it("collects stars, title and text per item and sends only rated items", async () => {
    const posts = worker();
    const { view } = start("review");
    const jacket = await view.findByRole("group", { name: "Rating for Trail Shell Jacket" });
    fireEvent.click(within(jacket).getByLabelText("4 of 5 stars"));
    fireEvent.input(within(jacket).getByLabelText("Title (optional)"), { target: { value: "Warm" } });
    fireEvent.click(view.getByRole("button", { name: "Submit reviews" }));
    await view.findByText(/Thanks for your reviews/);
    expect(posts.find((p) => p.path === "reviews")!.body).toEqual([{ sku: "JKT-1", rating: 4, title: "Warm" }]);
    expect(posts.some((p) => p.path === "events")).toBe(false);
  });

  it("asks only about items in a delivered parcel", async () => {
    const order = orderView();
    const [first, ...rest] = order.order.lines;
    const parcel = (sku: string, status: "delivered" | "in_transit") =>
      ({ id: sku, status, lines: [{ sku, name: sku, quantity: 1 }] }) as unknown as (typeof order.shipments)[number];
    order.shipments = [parcel(first!.sku, "delivered"), ...rest.map((l) => parcel(l.sku, "in_transit"))];
    worker(order);
    const { view } = start("review");
    await view.findByRole("group", { name: `Rating for ${first!.name}` });
    expect(view.getAllByRole("group", { name: /^Rating for/ })).toHaveLength(1);
    expect(rest.length).toBeGreaterThan(0);
  });

  it("speaks German from its language part", async () => {
    worker(orderView("EUR", "de-DE"));
    const { view } = start("review");
    await view.findByRole("heading", { name: "Bewerten Sie Ihre Artikel" });
  });
});
