/**
 * The reviews view (`views/reviews.js`) as a product page shows it: `mount` inside a real shadow root,
 * `fetch` answering like the worker's public reviews API and JSON-LD. The summary, the histogram, the
 * list, paging and sorting, the empty and error states, the JSON-LD in the page's <head>, languages.
 */
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ProductReviewsAnswer, PublicReview } from "../../../contract/reviews.ts";
import type { MountContext } from "../../../widget/context.ts";
import { mount } from "../../../widget/views/reviews.tsx";
import { API, json, storeConfig } from "../fixtures.ts";

const SKU = "TRAIL-1";
const BASE = `${API}/v1/stores/acme/products/${SKU}`;

function review(n: number, overrides: Partial<PublicReview> = {}): PublicReview {
  return {
    id: `rv_${String(n).padStart(32, "0")}`,
    rating: 5,
    title: `Title ${n}`,
    body: `Words ${n}`,
    author: "Sam R.",
    authorKind: "name",
    createdAt: "2026-11-03T15:00:00.000Z",
    verifiedBuyer: true,
    photos: [],
    ...overrides,
  };
}

function answer(reviews: PublicReview[], overrides: Partial<ProductReviewsAnswer> = {}): ProductReviewsAnswer {
  return {
    sku: SKU,
    aggregate: { count: 23, average: 4.5, histogram: { "1": 1, "2": 1, "3": 2, "4": 5, "5": 14 } },
    sort: "newest",
    page: 1,
    pageSize: 10,
    pages: 3,
    reviews,
    ...overrides,
  };
}

const EMPTY = answer([], { aggregate: { count: 0, average: null, histogram: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } }, pages: 0 });

/** As the worker writes it: `<`, `>` and `&` as \u003c, \u003e and \u0026. */
const jsonLdText = (body: string) =>
  JSON.stringify({
    "@context": "https://schema.org",
    "@type": "Product",
    name: "Trail Shoe",
    sku: SKU,
    aggregateRating: { "@type": "AggregateRating", ratingValue: 4.5, reviewCount: 23, bestRating: 5, worstRating: 1 },
    review: [{ "@type": "Review", reviewBody: body }],
  });
const JSON_LD = jsonLdText("Fits <well> & grips").replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);

/** The worker: `pages` answers by "sort:page"; anything else about reviews fails with `failing`. */
function worker(pages: Record<string, ProductReviewsAnswer | number>, { jsonLd = JSON_LD } = {}) {
  const asked: string[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url.slice(API.length));
    if (url === `${API}/v1/stores/acme/config`) return json(200, storeConfig());
    if (url === `${BASE}/reviews.jsonld`) return new Response(jsonLd, { status: 200, headers: { "Content-Type": "application/ld+json" } });
    if (url.startsWith(`${BASE}/reviews?`)) {
      const q = new URL(url).searchParams;
      const found = pages[`${q.get("sort")}:${q.get("page")}`];
      if (typeof found === "number") return json(found, { error: { code: "storage_unavailable", message: "Try again." } });
      if (found) return json(200, found);
    }
    return json(404, { error: { code: "not_found", message: "Not found." } });
  });
  vi.stubGlobal("fetch", fetch);
  return { asked, fetch };
}

function start(data: Record<string, string> = { sku: SKU }, ctx: Partial<MountContext> = {}) {
  const host = document.createElement("div");
  Object.assign(host.dataset, { doorstep: "reviews", ...data });
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: "open" });
  const events: { name: string; detail: unknown }[] = [];
  for (const name of ["ready", "error"])
    host.addEventListener(`doorstep:${name}`, (e) => events.push({ name, detail: (e as CustomEvent).detail }));
  const stop = mount(root, { view: "reviews", api: API, storeId: "acme", locale: "en-US", host, ...ctx });
  return { host, root, view: within(root as unknown as HTMLElement), events, stop };
}

const jsonLdScripts = () => [...document.head.querySelectorAll<HTMLScriptElement>("script[data-doorstep-jsonld]")];

afterEach(() => {
  for (const s of jsonLdScripts()) s.remove();
  document.body.replaceChildren();
});

describe("reviews view", () => {
  it("draws the average, the count and a row per star that reads '5 stars: 14'", async () => {
    worker({ "newest:1": answer([review(1)]) });
    const { view, events } = start();
    await view.findByRole("heading", { name: "Customer reviews", level: 2 });
    expect(view.getByText("Rated 4.5 out of 5")).toBeTruthy();
    expect(view.getByText("23 reviews")).toBeTruthy();
    const histogram = view.getByRole("list", { name: "Reviews by rating" });
    expect(
      within(histogram)
        .getAllByRole("listitem")
        .map((li) => li.querySelector(".vh")!.textContent),
    ).toEqual(["5 stars: 14", "4 stars: 5", "3 stars: 2", "2 stars: 1", "1 star: 1"]);
    // The bars are drawn to scale, through CSSOM (a strict style-src allows it).
    expect(histogram.querySelector<HTMLElement>(".bar span")!.style.width).toBe(`${(14 / 23) * 100}%`);
    await waitFor(() => expect(events).toContainEqual({ name: "ready", detail: { view: "reviews", sku: SKU, count: 23, average: 4.5 } }));
  });

  it("lists each review: stars as text, title, signature, verified-buyer mark, date, lazy photos, the store's reply", async () => {
    worker({
      "newest:1": answer([
        review(1, {
          rating: 4,
          title: "Light and grippy",
          body: "Ran 40 km in them.\nNo blisters.",
          photos: [{ url: `${API}/v1/photos/ph_a`, width: 800, height: 600 }, { url: `${API}/v1/photos/ph_b` }],
          reply: { body: "Thanks for running with us!", createdAt: "2026-11-04T09:00:00.000Z" },
        }),
        review(2, { author: "Anonymous", authorKind: "anonymous", title: undefined }),
        review(3, { author: "Verified buyer", authorKind: "verified_buyer", rating: 1, title: "Too narrow" }),
      ]),
    });
    const { view } = start();
    const list = await view.findByRole("list", { name: "Reviews, page 1 of 3" });
    const [first, second, third] = within(list)
      .getAllByRole("listitem")
      .filter((li) => li.classList.contains("review"));
    const one = within(first!);
    expect(one.getByText("Rated 4 out of 5")).toBeTruthy();
    expect(one.getByRole("heading", { name: "Light and grippy", level: 3 })).toBeTruthy();
    expect(one.getByText("Sam R.")).toBeTruthy();
    expect(one.getByText("Verified buyer")).toBeTruthy();
    const date = first!.querySelector("time")!;
    expect([date.dateTime, date.textContent]).toEqual(["2026-11-03T15:00:00.000Z", "Nov 3, 2026"]);
    expect(one.getByText(/Ran 40 km in them\./).textContent).toBe("Ran 40 km in them.\nNo blisters.");
    const photos = one.getAllByRole("img");
    expect(photos.map((img) => [img.getAttribute("src"), img.getAttribute("alt"), img.getAttribute("loading")])).toEqual([
      [`${API}/v1/photos/ph_a`, "Customer photo 1 of 2", "lazy"],
      [`${API}/v1/photos/ph_b`, "Customer photo 2 of 2", "lazy"],
    ]);
    expect(one.getByText("Reply from Acme Outfitters")).toBeTruthy();
    expect(one.getByText("Thanks for running with us!")).toBeTruthy();
    // "Anonymous" is translated by its kind; a review without a name has the mark alone.
    expect(within(second!).getByText("Anonymous")).toBeTruthy();
    expect(within(second!).queryByRole("heading")).toBeNull();
    expect(within(third!).queryByText("Verified buyer", { selector: ".author" })).toBeNull();
    expect(within(third!).getByText("Rated 1 out of 5")).toBeTruthy();
    // The shopper's own words are marked for direction by themselves (an English review on an Arabic page).
    expect(one.getByRole("heading", { name: "Light and grippy" }).getAttribute("dir")).toBe("auto");
  });

  it("pages with Previous and Next, and moves the focus to the new page's list", async () => {
    const { asked } = worker({
      "newest:1": answer([review(1)]),
      "newest:2": answer([review(11)], { page: 2 }),
    });
    const { view, root } = start();
    const pages = await view.findByRole("navigation", { name: "Review pages" });
    expect(within(pages).getByText("Page 1 of 3")).toBeTruthy();
    expect((within(pages).getByRole("button", { name: "Previous" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(pages).getByRole("button", { name: "Next" }));
    const list = await view.findByRole("list", { name: "Reviews, page 2 of 3" });
    expect(within(list).getByText("Title 11")).toBeTruthy();
    expect(root.activeElement).toBe(list);
    expect(within(pages).getByText("Page 2 of 3")).toBeTruthy();
    expect((within(pages).getByRole("button", { name: "Previous" }) as HTMLButtonElement).disabled).toBe(false);
    expect(asked.filter((u) => u.includes("/reviews?"))).toEqual([
      `/v1/stores/acme/products/${SKU}/reviews?sort=newest&page=1`,
      `/v1/stores/acme/products/${SKU}/reviews?sort=newest&page=2`,
    ]);
  });

  it("sorts by the choice (first page again), keeping the focus on the control", async () => {
    const { asked } = worker({
      "newest:1": answer([review(1)]),
      "lowest:1": answer([review(9, { rating: 1, title: "Worst first" })], { sort: "lowest" }),
    });
    const { view, root } = start();
    const sort = (await view.findByLabelText("Sort by")) as HTMLSelectElement;
    expect([...sort.options].map((o) => [o.value, o.textContent])).toEqual([
      ["newest", "Newest"],
      ["highest", "Highest rating"],
      ["lowest", "Lowest rating"],
      ["photos", "With photos"],
    ]);
    sort.focus();
    fireEvent.change(sort, { target: { value: "lowest" } });
    await view.findByRole("heading", { name: "Worst first" });
    expect(asked.at(-1)).toBe(`/v1/stores/acme/products/${SKU}/reviews?sort=lowest&page=1`);
    expect(root.activeElement).toBe(sort);
    expect(sort.value).toBe("lowest");
  });

  it("says there are no reviews yet, and places no JSON-LD", async () => {
    const { asked } = worker({ "newest:1": EMPTY });
    const { view, events } = start();
    await view.findByText("No reviews yet.");
    expect(view.queryByRole("list")).toBeNull();
    expect(view.queryByLabelText("Sort by")).toBeNull();
    await waitFor(() => expect(events.map((e) => e.name)).toEqual(["ready"]));
    expect(jsonLdScripts()).toEqual([]);
    expect(asked.some((u) => u.endsWith(".jsonld"))).toBe(false);
  });

  it("shows an error with a retry when the reviews cannot be read, then the reviews", async () => {
    const pages: Record<string, ProductReviewsAnswer | number> = { "newest:1": 503 };
    worker(pages);
    const { view, events } = start();
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain("Reviews couldn't be loaded right now.");
    await waitFor(() =>
      expect(events).toContainEqual({ name: "error", detail: { view: "reviews", code: "storage_unavailable", status: 503 } }),
    );
    pages["newest:1"] = answer([review(1, { title: "Back again" })]);
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    await view.findByRole("heading", { name: "Back again" });
    expect(view.queryByRole("alert")).toBeNull();
    await waitFor(() => expect(events.map((e) => e.name)).toEqual(["error", "ready"]));
    // The reviews arrived after all: the JSON-LD follows.
    await waitFor(() => expect(jsonLdScripts()).toHaveLength(1));
  });

  it("keeps the page it has when the next one cannot be read, and says so", async () => {
    worker({ "newest:1": answer([review(1, { title: "Still here" })]), "newest:2": 500 });
    const { view } = start();
    fireEvent.click(await view.findByRole("button", { name: "Next" }));
    await view.findByRole("alert");
    expect(view.getByRole("heading", { name: "Still here" })).toBeTruthy();
  });

  it("speaks the shopper's language from its part, numbers and dates included, right to left for Arabic", async () => {
    worker({ "newest:1": answer([review(1, { rating: 1, authorKind: "anonymous", author: "Anonymous" })]) });
    const german = start({ sku: SKU }, { locale: "de-DE" });
    await german.view.findByRole("heading", { name: "Kundenbewertungen" });
    expect(german.view.getByText("Mit 4,5 von 5 Sternen bewertet")).toBeTruthy();
    expect(german.view.getByText("23 Bewertungen")).toBeTruthy();
    expect(german.view.getByText("1 Stern: 1")).toBeTruthy();
    expect(german.view.getByText("Anonym")).toBeTruthy();
    expect(german.view.getByText("03.11.2026")).toBeTruthy();
    expect(german.view.getByRole("button", { name: "Weiter" })).toBeTruthy();

    const arabic = start({ sku: SKU }, { locale: "ar-EG" });
    await arabic.view.findByRole("heading", { name: "آراء العملاء" });
    const box = arabic.root.querySelector<HTMLElement>("[lang]")!;
    expect([box.lang, box.dir]).toEqual(["ar-EG", "rtl"]);
  });

  it("themes the host from the store's branding", async () => {
    worker({ "newest:1": answer([review(1)]) });
    const { view, host } = start();
    await view.findByRole("heading", { name: "Customer reviews" });
    expect(host.style.getPropertyValue("--ds-primary")).toBe("#0f5c4d");
  });

  it("without data-sku, says so to the developer and draws nothing", async () => {
    worker({});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { root, events } = start({});
    expect(root.childNodes).toHaveLength(0);
    expect(events).toEqual([{ name: "error", detail: { view: "reviews", code: "no_sku" } }]);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[doorstep\] the reviews view needs data-sku/);
  });
});

describe("the product's JSON-LD in the host page's <head>", () => {
  it("is placed once there are published reviews, as the worker wrote it, and taken out with the view", async () => {
    worker({ "newest:1": answer([review(1)]) });
    const { view, stop } = start();
    await view.findByRole("heading", { name: "Customer reviews" });
    await waitFor(() => expect(jsonLdScripts()).toHaveLength(1));
    const [script] = jsonLdScripts();
    expect(script!.parentNode).toBe(document.head);
    expect(script!.type).toBe("application/ld+json");
    expect(script!.getAttribute("data-doorstep-jsonld")).toBe(SKU);
    expect(script!.textContent).toBe(JSON_LD);
    expect(JSON.parse(script!.textContent!)).toMatchObject({ "@type": "Product", sku: SKU, aggregateRating: { reviewCount: 23 } });
    stop();
    expect(jsonLdScripts()).toEqual([]);
  });

  it("is replaced, never doubled, when the view is drawn again for the same product", async () => {
    worker({ "newest:1": answer([review(1)]) });
    const first = start();
    await waitFor(() => expect(jsonLdScripts()).toHaveLength(1));
    const before = jsonLdScripts()[0];
    // Paging draws the view again: the script stays the one it was.
    fireEvent.click(await first.view.findByRole("button", { name: "Next" }));
    await first.view.findByRole("alert");
    expect(jsonLdScripts()).toEqual([before]);
    // A second mount for the same sku (a single-page app drawing the product again) replaces it.
    first.stop();
    start();
    await waitFor(() => expect(jsonLdScripts()).toHaveLength(1));
    expect(jsonLdScripts()[0]).not.toBe(before);
  });

  it("is left to the page with data-jsonld=off (a page that renders it on its server)", async () => {
    const { asked } = worker({ "newest:1": answer([review(1)]) });
    const { view, events } = start({ sku: SKU, jsonld: "off" });
    await view.findByRole("heading", { name: "Customer reviews" });
    await waitFor(() => expect(events.map((e) => e.name)).toEqual(["ready"]));
    expect(jsonLdScripts()).toEqual([]);
    expect(asked.some((u) => u.endsWith(".jsonld"))).toBe(false);
  });

  it("never holds a raw '<' (a review's words cannot close the script element in a serialised page)", async () => {
    worker({ "newest:1": answer([review(1)]) }, { jsonLd: jsonLdText("Nice</script><img src=x onerror=alert(1)>") });
    start();
    await waitFor(() => expect(jsonLdScripts()).toHaveLength(1));
    const text = jsonLdScripts()[0]!.textContent!;
    expect(text).not.toContain("<");
    expect(JSON.parse(text).review[0].reviewBody).toBe("Nice</script><img src=x onerror=alert(1)>");
  });

  it("is not placed when the worker's answer is not JSON", async () => {
    worker({ "newest:1": answer([review(1)]) }, { jsonLd: "<html>oops</html>" });
    const { view, events } = start();
    await view.findByRole("heading", { name: "Customer reviews" });
    await waitFor(() => expect(events.map((e) => e.name)).toEqual(["ready"]));
    await new Promise((r) => setTimeout(r, 20));
    expect(jsonLdScripts()).toEqual([]);
  });
});
