/**
 * An accessibility audit in real Chromium: axe-core run over each Doorstep view and state as shoppers
 * meet them on the demo shop (confirmation, tracking in each parcel state, the lookup form, the survey
 * at each step, reviews, offers, an error), at 320 px and at 200% zoom (1280 px at scale 2), against the
 * WCAG 2.x A and AA rules, counting only what lies inside Doorstep's shadow roots.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { browserPerFile, watchedPage } from "./browser.ts";

const demo = inject("demo");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const browser = browserPerFile({ viewport: { width: 320, height: 720 }, locale: "en-US", timezoneId: "America/New_York", bypassCSP: true });
const token = (orderId: string) => demo.seeded.find((o) => o.orderId === orderId)!.orderToken;

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** Violations inside any [data-doorstep] element's shadow root (axe reports shadow targets as nested arrays). */
async function audit(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[]; passes: Violation[] }> } }).axe;
    return axe.run(
      { include: [...document.querySelectorAll("[data-doorstep]")].map((el) => [el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + `[data-doorstep="${el.getAttribute("data-doorstep")}"]`]) },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } },
    );
  });
  // The audit reached inside the shadow root: rules passed on Doorstep's own elements (colour contrast among them).
  expect(result.passes.map((p) => p.id)).toContain("color-contrast");
  return result.violations;
}

const describeViolations = (v: Violation[]) => v.map((x) => `${x.id} (${x.impact}): ${x.help}\n  ${x.nodes.map((n) => n.html).slice(0, 3).join("\n  ")}`).join("\n");

async function ready(page: Page, view: string) {
  await page.locator(`[data-doorstep="${view}"]`).evaluate(
    (el) => new Promise<void>((resolve) => {
      const done = () => el.shadowRoot?.querySelector(".ds") && !el.shadowRoot.querySelector("[aria-busy='true']");
      if (done()) return resolve();
      const timer = setInterval(() => done() && (clearInterval(timer), resolve()), 50);
    }),
  );
  // The view fades in (unless the shopper asked for reduced motion): audit what stays, not a frame of the fade.
  await page.locator(`[data-doorstep="${view}"]`).evaluate((el) => Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished)));
}

const pages: { name: string; url: () => string; view: string; then?: (page: Page) => Promise<void> }[] = [
  { name: "confirmation with offers", url: () => `${demo.storeUrl}/thank-you?order=${token("NW-1001")}`, view: "confirmation" },
  { name: "tracking, in transit", url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1001")}`, view: "tracking" },
  { name: "tracking, two parcels (German)", url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1002")}`, view: "tracking" },
  { name: "tracking, delayed", url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1003")}`, view: "tracking" },
  { name: "tracking, delivered with the survey open", url: () => `${demo.storeUrl}/orders/status?order=${token("NW-1004")}`, view: "tracking" },
  { name: "lookup form", url: () => `${demo.storeUrl}/orders/status`, view: "tracking" },
  { name: "lookup, refused", url: () => `${demo.storeUrl}/orders/status`, view: "tracking", then: async (page) => {
    const root = page.locator('[data-doorstep="tracking"]');
    await root.getByLabel("Order number").fill("NW-9999");
    await root.getByLabel("Email address").fill("nobody@example.com");
    await root.getByRole("button", { name: "Find my order" }).click();
    await root.getByRole("alert").filter({ hasText: /couldn't find/ }).waitFor();
  } },
  { name: "survey, first question", url: () => `${demo.storeUrl}/feedback?order=${token("NW-1002")}`, view: "survey" },
  { name: "survey, second question", url: () => `${demo.storeUrl}/feedback?order=${token("NW-1002")}`, view: "survey", then: async (page) => {
    const root = page.locator('[data-doorstep="survey"]');
    await root.getByRole("button", { name: /^4 · / }).click();
    await root.getByRole("heading", { name: "Was hat Ihnen gefallen?" }).waitFor();
  } },
  { name: "error: a wrong link", url: () => `${demo.storeUrl}/thank-you?order=${"A".repeat(43)}`, view: "confirmation" },
];

describe("accessibility audit (axe-core, WCAG 2.x A and AA)", () => {
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
            if (el.getBoundingClientRect().right > window.innerWidth + 1) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? "").slice(0, 40)}`);
            if (el.shadowRoot) visit(el.shadowRoot);
          });
        visit(document);
        return out;
      });
      expect(wide, wide.join("\n")).toEqual([]);
    });
  }

  it("at 200% zoom (1280 px wide, device scale 2) the confirmation has no violations and no horizontal scroll", async () => {
    const context = await browser.session().browser.newContext({ viewport: { width: 640, height: 900 }, deviceScaleFactor: 2, locale: "en-US", bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${demo.storeUrl}/thank-you?order=${token("NW-1001")}`);
    await ready(page, "confirmation");
    const violations = await audit(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await context.close();
  });
});
