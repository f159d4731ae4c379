/**
 * Issue 22, goal 3: the README's tag keeps the merchant's page still with no room reserved by the page.
 *
 * An async script usually runs after the host page's first paint, and the view's skeleton then pushes
 * everything below its element down: a layout shift the merchant's Core Web Vitals pay for. The README's
 * tag (`async blocking="render"` in `<head>`) asks Chromium to hold the first paint until doorstep.js
 * has run, so the skeleton is in the first frame. Here doorstep.js is made to arrive late (the page
 * itself is tiny, so Chromium would paint it at once) and the views module never arrives, so only the
 * race is measured: the same page with the plain `async` tag shifts, the README's does not, and a
 * doorstep.js that cannot be fetched does not keep the page from painting. One whose host never
 * answers holds it only as long as the README's line after the tag lets it (3 s).
 */
import type { Page, Route } from "playwright-core";
import { afterEach, describe, expect, inject, it } from "vitest";
import { browserPerFile, holdViewsModules, watchedPage } from "./browser.ts";
import { RENDER_WAIT_CSP, RENDER_WAIT_LINE } from "../../contract/install.ts";
import { merchantSitePerFile } from "./merchant-site.ts";

const demo = inject("demo");
const browser = browserPerFile();
const site = merchantSitePerFile();
/** How late doorstep.js arrives: far later than Chromium needs to paint a page this small. */
const LATE_MS = 800;

/** A merchant's page: `tag` in `<head>`, a heading, the survey's element, then the page's own text below it. */
function pageWith(tag: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your order</title>
${tag}
</head>
<body>
<h1>Your order</h1>
<div data-doorstep="survey"></div>
<p id="below">The page's own text, below the widget's element: it must not move.</p>
</body>
</html>`;
}

const README_TAG = `<script async blocking="render" src="${demo.workerOrigin}/doorstep.js" data-store="demo"></script>`;
const PLAIN_TAG = `<script async src="${demo.workerOrigin}/doorstep.js" data-store="demo"></script>`;

/** Views modules still held when a test ends, let go so the page can close. */
const held: (() => void)[] = [];
afterEach(() => {
  for (const release of held.splice(0)) release();
});

interface Measured {
  /** Σ of the page's layout shifts (none follow input here). */
  cls: number;
  firstPaint: number;
  /** When the skeleton's element got its shadow root, from navigation. */
  mounted: number | null;
}

/**
 * Opens `html` with doorstep.js `LATE_MS` late (or failing) and every views module held back, waits
 * for the skeleton (or, when the script fails, for the page's own paint), and reads what moved.
 */
async function open(name: string, html: string, script: "late" | "fails"): Promise<{ page: Page; measured: Measured }> {
  const url = site.page(`/first-paint/${name}`, html);
  const { page } = await watchedPage(browser.context());
  await page.route(`${demo.workerOrigin}/doorstep.js`, async (route: Route) => {
    if (script == "fails") return route.abort("connectionrefused");
    await new Promise((resolve) => setTimeout(resolve, LATE_MS));
    await route.continue();
  });
  held.push(await holdViewsModules(page));
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: number[]; mounted: number | null };
    w.shifts = [];
    w.mounted = null;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
        if (!e.hadRecentInput) w.shifts.push(e.value);
    }).observe({ type: "layout-shift", buffered: true });
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      w.mounted ??= performance.now();
      return attach.call(this, init);
    };
  });
  await page.goto(url, { waitUntil: "commit" });
  if (script == "late") await page.locator('[data-doorstep="survey"]').locator('[role="status"]').waitFor();
  else await page.getByText("The page's own text").waitFor();
  // Two frames more, then a pause: a shift is reported after the frame that made it.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForTimeout(300);
  const measured = await page.evaluate(() => {
    const w = window as unknown as { shifts: number[]; mounted: number | null };
    const paint = performance.getEntriesByName("first-paint")[0];
    return { cls: w.shifts.reduce((a, b) => a + b, 0), firstPaint: paint?.startTime ?? Number.NaN, mounted: w.mounted };
  });
  return { page, measured };
}

describe("the script tag and the host page's first paint", () => {
  it("with the plain async tag, the page paints first and the skeleton pushes the page's text down", async () => {
    const { measured } = await open("plain", pageWith(PLAIN_TAG), "late");
    expect(measured.mounted).not.toBeNull();
    expect(measured.firstPaint).toBeLessThan(measured.mounted!);
    expect(measured.cls).toBeGreaterThan(0.02);
  });

  it("with the README's tag, the first paint waits for doorstep.js and nothing moves", async () => {
    const { page, measured } = await open("readme", pageWith(README_TAG), "late");
    expect(measured.mounted).not.toBeNull();
    expect(measured.firstPaint).toBeGreaterThan(measured.mounted!);
    expect(measured.cls).toBe(0);
    // The skeleton holds the view's room and says it is loading.
    const box = await page.locator('[data-doorstep="survey"]').boundingBox();
    expect(box!.height).toBeGreaterThan(200);
  });

  it("with the README's tag, a doorstep.js that cannot be fetched does not keep the page from painting", async () => {
    const { page, measured } = await open("unreachable", pageWith(README_TAG), "fails");
    expect(measured.firstPaint).toBeGreaterThan(0);
    expect(measured.mounted).toBeNull();
    expect(measured.cls).toBe(0);
    await expect(page.getByRole("heading", { name: "Your order" }).isVisible()).resolves.toBe(true);
  });

  it("with the README's tag and the line after it, a host that never answers holds the first paint 3 s, not for ever", async () => {
    // A strict shop: no inline script but the README's line, allowed by the hash the README gives.
    const csp = `default-src 'self'; script-src ${demo.workerOrigin} ${RENDER_WAIT_CSP}; connect-src ${demo.workerOrigin}`;
    const url = site.page("/first-paint/silent-host", pageWith(`${README_TAG}\n${RENDER_WAIT_LINE}`), { "Content-Security-Policy": csp });
    const { page, problems } = await watchedPage(browser.context());
    // doorstep.js's request is left unanswered (a network that drops it), until the test lets it fail.
    let letGo: () => void = () => {};
    const unanswered = new Promise<void>((resolve) => (letGo = resolve));
    held.push(letGo);
    await page.route(`${demo.workerOrigin}/doorstep.js`, async (route: Route) => {
      await unanswered;
      await route.abort("timedout");
    });
    await page.goto(url, { waitUntil: "commit" });
    await page.getByText("The page's own text").waitFor();
    const firstPaint = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const read = () => {
            const paint = performance.getEntriesByName("first-paint")[0];
            if (paint) resolve(paint.startTime);
            else setTimeout(read, 50);
          };
          read();
        }),
    );
    // Held as long as the line waits, then painted though doorstep.js never came.
    expect(firstPaint).toBeGreaterThanOrEqual(3000);
    expect(firstPaint).toBeLessThan(6000);
    await expect(page.getByRole("heading", { name: "Your order" }).isVisible()).resolves.toBe(true);
    expect(await page.locator("script[blocking]").count()).toBe(0);
    // The hash the README gives let the line run under the shop's policy; nothing else was refused.
    expect(problems).toEqual([]);
  });

  it("a returning shopper's first paint does not wait on the network for doorstep.js: it may be used stale while it is fetched again", async () => {
    const loader = await fetch(`${demo.workerOrigin}/doorstep.js`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get("Cache-Control")).toBe("public, max-age=300, stale-while-revalidate=86400");
    // The views modules are not: a stale loader loads today's views, never yesterday's chunks.
    const views = await fetch(`${demo.workerOrigin}/views/survey.js`);
    expect(views.headers.get("Cache-Control")).toBe("public, max-age=300");
  });
});
