/**
 * An accessibility audit in real Chromium: axe-core run over each Doorstep view and state as shoppers
 * meet them on the demo shop (confirmation, tracking in each parcel state, the lookup form, the survey
 * at each step, reviews, offers, an error, a product's reviews) and on a merchant's own page (the review,
 * offers and product reviews views placed alone, the thanks after a review, a review with photos and a
 * reply, a product without reviews, the loading skeleton), at 320 px and at 200% zoom (1280 px
 * at scale 2), against the WCAG 2.x A and AA rules, counting only what lies inside Doorstep's shadow roots;
 * then the demo shop's own pages and the merchant dashboard (its messages to the store's tools failing)
 * whole.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { demoStoreSettings } from "../../demo-store/settings.ts";
import { createLoginLink, parseSettings, updateStore } from "../../scripts/lib/store-admin.ts";
import { CATALOGUES } from "../../dashboard/catalogues.ts";
import { ar } from "../../dashboard/languages/ar.ts";
import { de } from "../../dashboard/languages/de.ts";
import { browserPerFile, holdViewsModules, watchedPage } from "./browser.ts";
import { merchantPost } from "./merchant.ts";
import { eventually, queryD1 } from "./d1.ts";
import { sql } from "../../worker/storage/statement.ts";
import { merchantSitePerFile } from "./merchant-site.ts";

const demo = inject("demo");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const browser = browserPerFile({ viewport: { width: 320, height: 720 }, locale: "en-US", timezoneId: "America/New_York", bypassCSP: true });
const token = (orderId: string) => demo.seeded.find((o) => o.orderId === orderId)!.orderToken;
const site = merchantSitePerFile();

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** Violations inside any [data-doorstep] element's shadow root (axe reports shadow targets as nested arrays). */
async function audit(page: Page, { text = true } = {}): Promise<Violation[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[]; passes: Violation[] }> } }
    ).axe;
    return axe.run(
      {
        include: [...document.querySelectorAll("[data-doorstep]")].map((el) => [
          el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + `[data-doorstep="${el.getAttribute("data-doorstep")}"]`,
        ]),
      },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } },
    );
  });
  // The audit reached inside the shadow root: rules passed on Doorstep's own elements (colour contrast
  // among them, where there is visible text: a loading skeleton has none).
  expect(result.passes.map((p) => p.id)).toContain(text ? "color-contrast" : "aria-allowed-attr");
  return result.violations;
}

const describeViolations = (v: Violation[]) =>
  v
    .map(
      (x) =>
        `${x.id} (${x.impact}): ${x.help}\n  ${x.nodes
          .map((n) => n.html)
          .slice(0, 3)
          .join("\n  ")}`,
    )
    .join("\n");

async function ready(page: Page, view: string) {
  await page.locator(`[data-doorstep="${view}"]`).evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        const done = () => el.shadowRoot?.querySelector(".ds") && !el.shadowRoot.querySelector("[aria-busy='true']");
        if (done()) return resolve();
        const timer = setInterval(() => done() && (clearInterval(timer), resolve()), 50);
      }),
  );
  // Any animation in the view finished (the view no longer fades in): audit what stays, not a frame of one.
  await page.locator(`[data-doorstep="${view}"]`).evaluate((el) => Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished)));
}

const pages: { name: string; url: () => string; view: string; then?: (page: Page) => Promise<void> }[] = [
  { name: "confirmation with offers", url: () => `${demo.storeUrl}/thank-you?order=${token("NW-1001")}`, view: "confirmation" },
  { name: "tracking, in transit", url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1001")}`, view: "tracking" },
  { name: "tracking, two parcels (German)", url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1002")}`, view: "tracking" },
  { name: "tracking, delayed", url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1003")}`, view: "tracking" },
  {
    name: "tracking, delivered with the survey open",
    url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1004")}`,
    view: "tracking",
  },
  {
    // Delivery updates by text, and the separate news-and-offers box below the choice, ticked (not saved).
    name: "tracking, update opt-in by text message with the news-and-offers box ticked",
    url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1001")}`,
    view: "tracking",
    then: async (page) => {
      const root = page.locator('[data-doorstep="tracking"]');
      await root.getByRole("radio", { name: "Text message" }).check();
      await root.getByRole("checkbox", { name: /news and offers by text message/ }).check();
      await root.getByLabel("Mobile number").waitFor();
    },
  },
  {
    // A lifecycle message's review link: the review form at once (no survey), the item's group focused.
    name: "tracking, opened by a review link",
    url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1004")}&ds_m=review_invitation&ds_review=summit-daypack&ds_stars=4`,
    view: "tracking",
    then: async (page) => {
      await page
        .locator('[data-doorstep="tracking"]')
        .getByRole("group", { name: /Summit Daypack/ })
        .waitFor();
    },
  },
  { name: "lookup form", url: () => `${demo.storeUrl}/orders/status`, view: "tracking" },
  {
    name: "lookup, refused",
    url: () => `${demo.storeUrl}/orders/status`,
    view: "tracking",
    then: async (page) => {
      const root = page.locator('[data-doorstep="tracking"]');
      await root.getByLabel("Order number").fill("NW-9999");
      await root.getByLabel("Email address").fill("nobody@example.com");
      await root.getByRole("button", { name: "Find my order" }).click();
      await root
        .getByRole("alert")
        .filter({ hasText: /couldn't find/ })
        .waitFor();
    },
  },
  { name: "survey, first question", url: () => `${demo.storeUrl}/feedback?order=${token("NW-1002")}`, view: "survey" },
  {
    name: "survey, second question",
    url: () => `${demo.storeUrl}/feedback?order=${token("NW-1002")}`,
    view: "survey",
    then: async (page) => {
      const root = page.locator('[data-doorstep="survey"]');
      await root.getByRole("button", { name: /^4 · / }).click();
      await root.getByRole("heading", { name: "Was hat Ihnen gefallen?" }).waitFor();
    },
  },
  { name: "error: a wrong link", url: () => `${demo.storeUrl}/thank-you?order=${"A".repeat(43)}`, view: "confirmation" },
  // A product's reviews on its page (the demo store's history has published reviews of every product).
  { name: "reviews on a product page", url: () => `${demo.storeUrl}/products/summit-daypack`, view: "reviews" },
  {
    name: "reviews on a product page, sorted lowest rating first",
    url: () => `${demo.storeUrl}/products/summit-daypack`,
    view: "reviews",
    then: async (page) => {
      const root = page.locator('[data-doorstep="reviews"]');
      await Promise.all([page.waitForResponse((r) => r.url().includes("sort=lowest")), root.getByLabel("Sort by").selectOption("lowest")]);
      await root.locator("section[aria-busy='false']").waitFor({ state: "attached" });
    },
  },
];

/** A merchant's page with the pasted snippet and one Doorstep element (the review and offers views are placed alone). */
const merchantPage = (name: string, attributes: string) =>
  site.page(
    `/a11y/${name}`,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${name}</title>
<script async src="${demo.workerOrigin}/doorstep.js" data-store="demo"></script></head>
<body><main><h1>Your order</h1><div ${attributes}></div></main></body></html>`,
  );

/** A new order of the demo store's, nobody else's to review (a review saved here must not change another test's data). */
async function freshOrder(): Promise<string> {
  const { orderToken } = await merchantPost("/v1/orders", {
    id: `A11Y-${Date.now()}`,
    placedAt: new Date().toISOString(),
    currency: "USD",
    customer: { id: `a11y-${Date.now()}`, email: "a11y@example.com" },
    lines: [
      { sku: "summit-daypack", name: "Summit Daypack 18L", quantity: 1, unitPrice: 8900 },
      { sku: "trail-sock-3pack", name: "Trail Sock 3-Pack", quantity: 1, unitPrice: 2400 },
    ],
    total: 11300,
  });
  return orderToken!;
}

/**
 * A product of its own (nobody else reviews it) with one published review carrying a photo (a real JPEG)
 * and the store's reply, written through the API as the shopper's form and the merchant would.
 */
async function reviewedWithPhoto(): Promise<string> {
  const stamp = Date.now();
  const sku = `a11y-photo-${stamp}`;
  const { orderToken } = await merchantPost("/v1/orders", {
    id: `A11Y-PH-${stamp}`,
    placedAt: new Date().toISOString(),
    currency: "USD",
    customer: { id: `a11y-ph-${stamp}`, email: "a11y@example.com", firstName: "Ada", lastName: "Lovelace" },
    lines: [{ sku, name: "Ridge Trekking Poles", quantity: 1, unitPrice: 5900 }],
    total: 5900,
  });
  const shopper = `${demo.workerOrigin}/v1/o/${orderToken}/reviews`;
  const review = [{ sku, rating: 4, title: "Sturdy and light", body: "Held up in a storm on the ridge." }];
  const saved = await fetch(shopper, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(review) });
  expect(saved.ok).toBe(true);
  const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 70, g: 120, b: 160 } } })
    .jpeg()
    .toBuffer();
  const photo = await fetch(`${shopper}/${sku}/photos`, {
    method: "POST",
    headers: { "Content-Type": "image/jpeg" },
    body: new Uint8Array(jpeg),
  });
  expect(photo.status).toBe(201);
  const { reviews } = (await (await fetch(`${demo.workerOrigin}/v1/stores/demo/products/${sku}/reviews`)).json()) as {
    reviews: { id: string }[];
  };
  const reply = await fetch(`${demo.workerOrigin}/v1/admin/reviews/${reviews[0]!.id}/reply`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${demo.apiKey}` },
    body: JSON.stringify({ body: "Thank you, Ada: glad they kept you upright." }),
  });
  expect(reply.ok).toBe(true);
  return sku;
}

async function expectNoViolations(page: Page, options?: { text?: boolean }) {
  const violations = await audit(page, options);
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe("accessibility audit of views placed alone on a merchant's page", () => {
  it("the review view, then its thanks once a review is sent", async () => {
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(merchantPage("review", `data-doorstep="review" data-order="${await freshOrder()}"`));
    await ready(page, "review");
    const root = page.locator('[data-doorstep="review"]');
    await root
      .getByRole("heading", { name: /review/i })
      .first()
      .waitFor();
    await expectNoViolations(page);

    // Four stars for the daypack, with a title, sent: the form thanks the shopper in its status line.
    // The radio itself is visually hidden under its star: a shopper's click lands on the star.
    await root
      .getByRole("group", { name: /Summit Daypack/ })
      .locator("label")
      .filter({ hasText: "★" })
      .nth(3)
      .click();
    expect(await root.getByRole("radio", { name: "4 of 5 stars" }).first().isChecked()).toBe(true);
    await root
      .getByRole("group", { name: /Summit Daypack/ })
      .getByLabel(/title/i)
      .fill("Comfortable all day");
    await root.getByRole("button", { name: /send|submit|post/i }).click();
    await root.getByRole("status").filter({ hasText: /thank/i }).waitFor();
    await expectNoViolations(page);
    expect(problems).toEqual([]);
  });

  it("the product reviews view: a review with a photo and the store's reply", async () => {
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(merchantPage("reviews-photos", `data-doorstep="reviews" data-sku="${await reviewedWithPhoto()}"`));
    await ready(page, "reviews");
    const root = page.locator('[data-doorstep="reviews"]');
    const photo = root.getByRole("img", { name: "Customer photo 1 of 1" });
    await photo.waitFor();
    await photo.evaluate((img: HTMLImageElement) => img.decode());
    await root.getByText("Reply from Northwind Outfitters").waitFor();
    await expectNoViolations(page);
    expect(problems).toEqual([]);
  });

  it("the product reviews view for a product without reviews yet", async () => {
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(merchantPage("reviews-none", `data-doorstep="reviews" data-sku="a11y-none-${Date.now()}"`));
    await ready(page, "reviews");
    await page.locator('[data-doorstep="reviews"]').getByText("No reviews yet.").waitFor();
    await expectNoViolations(page);
    expect(problems).toEqual([]);
  });

  it("the offers view with data-placement", async () => {
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(merchantPage("offers", `data-doorstep="offers" data-placement="confirmation" data-order="${token("NW-1001")}"`));
    await ready(page, "offers");
    await page.locator('[data-doorstep="offers"]').getByRole("link").first().waitFor();
    await expectNoViolations(page);
    expect(problems).toEqual([]);
  });

  for (const view of ["confirmation", "review", "reviews"]) {
    it(`the loading skeleton of the ${view} view, held while the view's code is on its way`, async () => {
      const { page } = await watchedPage(browser.context());
      const release = await holdViewsModules(page);
      await page.goto(
        merchantPage(`loading-${view}`, `data-doorstep="${view}" data-order="${token("NW-1001")}" data-sku="summit-daypack"`),
      );
      const skeleton = page.locator(`[data-doorstep="${view}"] [aria-busy="true"]`);
      await skeleton.waitFor({ state: "attached" });
      expect(await skeleton.getAttribute("role")).toBe("status");
      // Hidden from sight, not from assistive tech: the status says what is happening.
      expect(await page.locator(`[data-doorstep="${view}"]`).ariaSnapshot()).toContain("Loading…");
      await expectNoViolations(page, { text: false });
      // Let the view arrive: the skeleton gives way to it.
      release();
      await ready(page, view);
      await page.unroute("**/views/*.js");
    });
  }
});

describe("accessibility audit (axe-core, WCAG 2.x A and AA)", () => {
  it("tracking with delay notices (a stalled parcel, a delay the store reported): no violations at 320 px", async () => {
    const id = `A11Y-DELAY-${Date.now()}`;
    const day = 86_400_000;
    const sku = "summit-daypack";
    const { orderToken } = await merchantPost("/v1/orders", {
      id,
      placedAt: new Date(Date.now() - 6 * day).toISOString(),
      currency: "USD",
      customer: { id: `a11y-${id}`, email: "a11y@example.com" },
      lines: [{ sku, name: "Summit Daypack 18L", quantity: 2, unitPrice: 8900 }],
      total: 17800,
    });
    for (const n of [1, 2])
      await merchantPost(`/v1/orders/${id}/shipments`, {
        id: `${id}-${n}`,
        carrier: "UPS",
        trackingNumber: `1ZA11Y${Date.now()}${n}`,
        lines: [{ sku, quantity: 1 }],
      });
    // Parcel 1: last scanned four days ago, so it has stalled. Parcel 2: the store reports bad weather.
    await merchantPost(`/v1/shipments/${id}-1/events`, {
      id: "t",
      status: "in_transit",
      occurredAt: new Date(Date.now() - 4 * day).toISOString(),
    });
    await merchantPost(`/v1/shipments/${id}-2/events`, {
      id: "t",
      status: "in_transit",
      occurredAt: new Date(Date.now() - day).toISOString(),
    });
    await merchantPost(`/v1/shipments/${id}-2/events`, {
      id: "w",
      status: "delayed",
      reason: "weather",
      estimatedTo: new Date(Date.now() + 3 * day).toISOString().slice(0, 10),
      occurredAt: new Date().toISOString(),
    });
    const { page } = await watchedPage(browser.context());
    await page.goto(`${demo.storeUrl}/orders/status?order=${orderToken}`);
    await ready(page, "tracking");
    const banner = page.locator('[data-doorstep="tracking"]').getByRole("status").filter({ hasText: "No carrier scan since" });
    await banner.waitFor();
    expect(await banner.innerText()).toContain("Delayed by bad weather.");
    const violations = await audit(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  for (const p of pages) {
    it(`${p.name}: no violations at 320 px`, async () => {
      const { page } = await watchedPage(browser.context());
      await page.goto(p.url());
      await ready(page, p.view);
      await p.then?.(page);
      const violations = await audit(page);
      expect(violations, describeViolations(violations)).toEqual([]);
      // Usable at 320 px: nothing wider than the viewport.
      const wide = await page.evaluate(() => {
        const out: string[] = [];
        const visit = (root: Document | ShadowRoot) =>
          root.querySelectorAll("*").forEach((el) => {
            if (el.getBoundingClientRect().right > window.innerWidth + 1)
              out.push(`${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? "").slice(0, 40)}`);
            if (el.shadowRoot) visit(el.shadowRoot);
          });
        visit(document);
        return out;
      });
      expect(wide, wide.join("\n")).toEqual([]);
    });
  }

  it("at 200% zoom (1280 px wide, device scale 2) the confirmation has no violations and no horizontal scroll", async () => {
    const context = await browser
      .session()
      .browser.newContext({ viewport: { width: 640, height: 900 }, deviceScaleFactor: 2, locale: "en-US", bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${demo.storeUrl}/thank-you?order=${token("NW-1001")}`);
    await ready(page, "confirmation");
    const violations = await audit(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await context.close();
  });
});

describe("the shopper's motion and colour preferences", () => {
  /** Animations running in the mount point's shadow root (the skeleton's pulse). */
  const animations = (page: Page, view: string) =>
    page.locator(`[data-doorstep="${view}"]`).evaluate((el) => el.shadowRoot!.getAnimations().length);

  for (const reducedMotion of ["reduce", "no-preference"] as const) {
    it(`prefers-reduced-motion: ${reducedMotion} — the skeleton pulses ${reducedMotion === "reduce" ? "not at all" : "while it waits"}, and the view appears without a fade`, async () => {
      const context = await browser.session().browser.newContext({ viewport: { width: 320, height: 720 }, reducedMotion });
      const page = await context.newPage();
      const release = await holdViewsModules(page);
      await page.goto(merchantPage("motion", `data-doorstep="confirmation" data-order="${token("NW-1001")}"`));
      await page.locator('[data-doorstep="confirmation"] [aria-busy="true"]').waitFor({ state: "attached" });
      expect((await animations(page, "confirmation")) > 0).toBe(reducedMotion === "no-preference");
      release();
      // The moment the view replaces the skeleton: no fade runs, whatever the preference (Chromium ran the
      // view's opacity fade on the page's main thread, frame by frame: widget/ui/base.css).
      await page.locator('[data-doorstep="confirmation"]').evaluate(
        (el) =>
          new Promise<void>((resolve) => {
            const timer = setInterval(() => el.shadowRoot?.querySelector(".ds") && (clearInterval(timer), resolve()), 10);
          }),
      );
      expect(await animations(page, "confirmation")).toBe(0);
      await context.close();
    });
  }

  describe('prefers-color-scheme: dark, for a store on branding.colorScheme "auto"', () => {
    const target = { persistTo: demo.persistTo };
    const original = parseSettings(demoStoreSettings(demo.storeUrl));
    beforeAll(async () => {
      // The demo brand with the dark palette derived (no colours given): the harder case for contrast.
      // The merchant's own page (for the review view placed alone) stays among the store's origins.
      const siteOrigin = new URL(site.page("/a11y/dark-probe", "")).origin;
      await updateStore(
        "demo",
        { ...original, origins: [...original.origins, siteOrigin], branding: { ...original.branding, colorScheme: "auto" } },
        target,
      );
    });
    // Put back by the last test here, and in any case by merchantSitePerFile at the end of the file.

    const darkPages = [
      { name: "confirmation", url: () => `${demo.storeUrl}/thank-you?order=${token("NW-1001")}`, view: "confirmation" },
      { name: "tracking, delayed", url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1003")}`, view: "tracking" },
      { name: "survey", url: () => `${demo.storeUrl}/feedback?order=${token("NW-1002")}`, view: "survey" },
      {
        name: "review form",
        url: () => merchantPage("dark-review", `data-doorstep="review" data-order="${token("NW-1004")}"`),
        view: "review",
      },
      {
        name: "offers",
        url: () => merchantPage("dark-offers", `data-doorstep="offers" data-placement="confirmation" data-order="${token("NW-1001")}"`),
        view: "offers",
      },
      { name: "a product's reviews", url: () => `${demo.storeUrl}/products/summit-daypack`, view: "reviews" },
      {
        name: "lookup, refused (its message in the status colour)",
        url: () => `${demo.storeUrl}/orders/status`,
        view: "tracking",
        then: async (page: Page) => {
          const root = page.locator('[data-doorstep="tracking"]');
          await root.getByLabel("Order number").fill("NW-9999");
          await root.getByLabel("Email address").fill("nobody@example.com");
          await root.getByRole("button", { name: "Find my order" }).click();
          await root
            .getByRole("alert")
            .filter({ hasText: /couldn't find/ })
            .waitFor();
        },
      },
    ];
    for (const p of darkPages) {
      it(`${p.name}: drawn in the served dark palette, no violations (colour contrast included)`, async () => {
        const { branding } = (await (await fetch(`${demo.workerOrigin}/v1/stores/demo/config`)).json()) as {
          branding: { dark?: { backgroundColor: string; textColor: string } };
        };
        expect(branding.dark).toBeDefined();
        // A context of its own: the config is cached for a minute, and the other tests' copy is light.
        const context = await browser
          .session()
          .browser.newContext({ viewport: { width: 320, height: 720 }, colorScheme: "dark", bypassCSP: true });
        const page = await context.newPage();
        await page.goto(p.url());
        await ready(page, p.view);
        await p.then?.(page);
        const drawn = await page.locator(`[data-doorstep="${p.view}"]`).evaluate((el) => {
          const style = getComputedStyle(el.shadowRoot!.querySelector(".ds")!);
          return { background: style.backgroundColor, color: style.color, scheme: style.colorScheme };
        });
        const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
        // "light dark": the browser draws native controls (radios, fields) dark too.
        expect(drawn).toEqual({
          background: rgb(branding.dark!.backgroundColor),
          color: rgb(branding.dark!.textColor),
          scheme: "light dark",
        });
        await expectNoViolations(page);
        await context.close();
      });
    }

    it("a light-only store stays light in a dark browser", async () => {
      await updateStore("demo", original, target);
      const context = await browser.session().browser.newContext({ viewport: { width: 320, height: 720 }, colorScheme: "dark" });
      const page = await context.newPage();
      await page.goto(`${demo.storeUrl}/thank-you?order=${token("NW-1001")}`);
      await ready(page, "confirmation");
      const drawn = await page.locator('[data-doorstep="confirmation"]').evaluate((el) => {
        const style = getComputedStyle(el.shadowRoot!.querySelector(".ds")!);
        return { background: style.backgroundColor, scheme: style.colorScheme };
      });
      expect(drawn).toEqual({ background: "rgb(251, 250, 247)", scheme: "light" });
      await context.close();
    });
  });
});

/** Violations anywhere on the page: the demo shop's own markup as well as Doorstep's shadow roots. */
async function auditWholePage(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
  });
  return result.violations;
}

describe("accessibility audit of the demo shop's own pages (what a newcomer sees around the widget)", () => {
  const shopPages: { name: string; path: () => string; view?: string; then?: (page: Page) => Promise<void> }[] = [
    { name: "home", path: () => "/" },
    { name: "a product", path: () => "/products/summit-daypack", view: "reviews" },
    {
      name: "the cart with an item",
      path: () => "/products/summit-daypack",
      then: async (page) => {
        await page.getByRole("button", { name: /add to cart/i }).click();
        await page.waitForURL(/\/cart$/);
      },
    },
    { name: "thank-you", path: () => `/thank-you?order=${token("NW-1001")}`, view: "confirmation" },
    { name: "order status", path: () => `/orders/status?order=${token("NW-1003")}`, view: "tracking" },
    { name: "order status without a token (lookup)", path: () => "/orders/status", view: "tracking" },
    { name: "feedback", path: () => `/feedback?order=${token("NW-1002")}`, view: "survey" },
    { name: "returns", path: () => "/returns" },
    { name: "help", path: () => "/help" },
    { name: "not found", path: () => "/no-such-page" },
  ];
  for (const p of shopPages) {
    for (const width of [320, 1280]) {
      it(`${p.name} at ${width} px: no violations`, async () => {
        const { page, problems } = await watchedPage(browser.context());
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${demo.storeUrl}${p.path()}`);
        if (p.view) await ready(page, p.view);
        await p.then?.(page);
        const violations = await auditWholePage(page);
        expect(violations, describeViolations(violations)).toEqual([]);
        expect(problems.filter((x) => !x.includes("404"))).toEqual([]);
        await page.close();
      });
    }
  }
});

describe("accessibility audit of the merchant dashboard", () => {
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${demo.workerOrigin}${path}`, {
      ...init,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${demo.apiKey}` },
    });

  it("the dashboard with messages to Klaviyo failing, at 320 px and at 1280 px: no violations", async () => {
    // Klaviyo connected with a key the stand-in refuses (401, for good), and an order whose confirmation
    // goes out now: the section has counts, failures and the connection's last error to show.
    expect((await call("/v1/admin/connections/klaviyo", { method: "PUT", body: JSON.stringify({ apiKey: "pk_revoked_a11y" }) })).ok).toBe(
      true,
    );
    try {
      const id = `A11Y-${Date.now()}`;
      await merchantPost("/v1/orders", {
        id,
        placedAt: new Date().toISOString(),
        currency: "USD",
        customer: { id: `a11y-${id}`, email: "audit@example.com" },
        lines: [{ sku: "beacon-headlamp", name: "Beacon 400 Headlamp", family: "lighting", quantity: 1, unitPrice: 3900 }],
        total: 3900,
      });
      expect((await call("/v1/admin/moments/run?days=1", { method: "POST" })).ok).toBe(true);
      // A widget event the queue gave up on (issue 23), kept as a dead letter: the section that lists
      // it, and its "Send again", are audited and used below.
      const eventId = `a11y_dead_${Date.now()}`;
      const body = {
        v: 1,
        storeId: "demo",
        orderId: id,
        customerId: `a11y-${id}`,
        receivedAt: new Date().toISOString(),
        event: { id: eventId, type: "click", target: "support", at: new Date().toISOString() },
      };
      await queryD1(
        sql(
          `INSERT INTO dead_letters (id, store_id, queue, reason, detail, body, at) VALUES (?, 'demo', 'doorstep-events-dead', 'retries_exhausted', ?, ?, ?)`,
          `dl-${eventId}`,
          "Writing this event kept failing; the queue gave up retrying it.",
          JSON.stringify(body),
          new Date().toISOString(),
        ),
      );

      const { url } = await createLoginLink("demo", demo.workerOrigin, { persistTo: demo.persistTo });
      const { page, problems } = await watchedPage(browser.context());
      await page.setViewportSize({ width: 320, height: 900 });
      await page.goto(url);
      const section = page.getByRole("region", { name: "Messages to your tools" });
      await section.getByRole("table", { name: "Messages that failed or are being retried, newest first" }).waitFor();
      await section.getByText("Klaviyo refused the API key", { exact: false }).first().waitFor();
      await page.getByRole("heading", { name: "Open detractor alerts" }).waitFor();
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        const violations = await auditWholePage(page);
        expect(violations, `${width} px: ${describeViolations(violations)}`).toEqual([]);
        // On a phone the section stays within the screen: its tables scroll sideways on their own.
        expect(await section.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
        // For a person to look at (tests/.tmp is not committed).
        await section.screenshot({ path: `tests/.tmp/dashboard-messages-${width}.png` });
      }
      // The kept message, sent again from the dashboard, lands in D1 through the queue's consumer.
      const kept = page.getByRole("region", { name: "Messages Doorstep could not write" });
      await kept.getByRole("button", { name: `Send again: Shopper activity on order ${id}: click (support)` }).click();
      await kept.page().getByRole("status").filter({ hasText: "sent again." }).waitFor();
      const violations = await auditWholePage(page);
      expect(violations, `after the replay: ${describeViolations(violations)}`).toEqual([]);
      await eventually(
        () => queryD1(sql(`SELECT id FROM widget_events WHERE store_id = 'demo' AND id = ?`, eventId)),
        (rows) => rows.length === 1,
      );
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      // The demo store goes back to no Klaviyo for the other tests; what was refused stays on record.
      await call("/v1/admin/connections/klaviyo", { method: "DELETE" });
    }
  });

  it.each([
    ["English", "en-US", CATALOGUES, "ltr"],
    ["German", "de-DE", de, "ltr"],
    ["Arabic", "ar-EG", ar, "rtl"],
  ] as const)(
    "the dashboard in %s, for a browser that asks for %s: its words, the page marked with the language and its direction, no violations",
    async (_name, locale, words, dir) => {
      const { url } = await createLoginLink("demo", demo.workerOrigin, { persistTo: demo.persistTo });
      const context = await browser.session().browser.newContext({ viewport: { width: 320, height: 900 }, locale, bypassCSP: true });
      try {
        const { page, problems } = await watchedPage(context);
        await page.goto(url);
        await page.getByRole("navigation", { name: words.app.screensLabel }).waitFor();
        await page.getByRole("heading", { name: words.app.openDetractorAlerts }).waitFor();
        expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([locale.slice(0, 2), dir]);
        // The tab is named in the language too (a screen reader announces it first).
        expect(await page.title()).toBe(words.app.pageTitle);
        for (const width of [320, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          const violations = await auditWholePage(page);
          expect(violations, `${width} px: ${describeViolations(violations)}`).toEqual([]);
          // Mirrored or not, nothing pushes the page wider than the screen.
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
          await page.screenshot({ path: `tests/.tmp/dashboard-${locale}-${width}.png`, fullPage: true });
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it("the owner's settings, webhook endpoints, API keys, surveys, connections, people and order screens, at 320 px and at 1280 px: no violations", async () => {
    const { url } = await createLoginLink("demo", demo.workerOrigin, { persistTo: demo.persistTo });
    const { page, problems } = await watchedPage(browser.context());
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(url);
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    const screens = [
      { button: "Settings", ready: () => page.getByRole("button", { name: "Save settings" }) },
      { button: "Webhook endpoints", ready: () => page.getByRole("button", { name: "Add endpoint" }) },
      { button: "API keys", ready: () => page.getByRole("table", { name: "The store's keys" }) },
      { button: "Surveys", ready: () => page.getByRole("button", { name: "Save the thank-you page survey" }) },
      // Issue 26: the connections page with a connect form open, sign-in links by role, and an order open in the panel.
      {
        button: "Connections",
        ready: async () => {
          await page.getByRole("button", { name: "Connect EasyPost" }).click();
          return page.getByRole("form", { name: "Connect EasyPost" });
        },
      },
      { button: "People", ready: () => page.getByRole("button", { name: "Make sign-in link" }) },
      {
        button: "Orders",
        ready: async () => {
          const order = demo.seeded[0]!.orderId;
          await page.getByRole("textbox", { name: "Order number" }).fill(order);
          await page.getByRole("button", { name: "Find", exact: true }).click();
          return page.getByRole("heading", { name: /^Order / });
        },
      },
    ];
    for (const screen of screens) {
      await nav.getByRole("button", { name: screen.button }).click();
      await (await screen.ready()).waitFor();
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        const violations = await auditWholePage(page);
        expect(violations, `${screen.button}, ${width} px: ${describeViolations(violations)}`).toEqual([]);
        // Usable at 320 px: nothing wider than the viewport (the wide tables scroll on their own).
        const wider = await page.evaluate(() =>
          [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".scroll"))
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
            .slice(0, 5),
        );
        expect(wider, `${screen.button} at ${width} px`).toEqual([]);
      }
      await page.setViewportSize({ width: 320, height: 900 });
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
