/**
 * Each view's skeleton beside the view itself: the height of the mount point while the view's module
 * is held back (the loader's skeleton) and once the view has drawn, on the bench's product page at a
 * 390 px phone and at 1280 px, unthrottled (heights do not depend on speed). A skeleton as tall as its
 * view is what keeps the page below it still when the view arrives.
 */
import type { Browser } from "playwright-core";

export interface ViewHeight {
  view: string;
  /** Which demo order (or none: the lookup form). */
  order: string;
  width: number;
  skeletonPx: number;
  drawnPx: number;
}

export const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

/**
 * The views measured, each with the demo order it draws (the same orders as the page set's), or the
 * product whose reviews it draws (the demo history's, a full page of them: the skeleton holds the part
 * before the list, so the drawn view is taller by design).
 */
export const HEIGHT_CASES: { view: string; order: string; sku?: string }[] = [
  { view: "survey", order: "NW-1004" },
  { view: "review", order: "NW-1004" },
  { view: "confirmation", order: "NW-1003" },
  { view: "tracking", order: "NW-1001" },
  { view: "tracking", order: "" },
  { view: "offers", order: "NW-1001" },
  { view: "reviews", order: "", sku: "summit-daypack" },
];

/**
 * Puts one mount point into the bare page's empty container and loads doorstep.js as the snippet
 * would, then reads the mount point's height: with every views module held back (the skeleton stays),
 * or once the view says ready and a moment after (offers drawn, images in).
 */
async function heightOf(
  browser: Browser,
  bareUrl: string,
  doorstepOrigin: string,
  viewport: { width: number; height: number },
  view: string,
  token: string | undefined,
  hold: boolean,
  sku?: string,
): Promise<number> {
  const context = await browser.newContext({ viewport, locale: "en-US", timezoneId: "America/New_York" });
  try {
    const page = await context.newPage();
    if (hold) await page.route("**/views/*.js", () => {});
    await page.goto(bareUrl, { waitUntil: "load" });
    await page.evaluate(
      ({ view, token, origin, sku }) => {
        const el = document.createElement("div");
        el.dataset.doorstep = view;
        if (token) el.dataset.order = token;
        if (sku) el.dataset.sku = sku;
        if (view === "offers") el.dataset.placement = "confirmation";
        document.getElementById("bench-widget")!.appendChild(el);
        const script = document.createElement("script");
        script.src = `${origin}/doorstep.js`;
        script.dataset.store = "demo";
        document.head.appendChild(script);
      },
      { view, token, origin: doorstepOrigin, sku },
    );
    const mounted = () => document.querySelector("[data-doorstep]")?.shadowRoot?.querySelector(".p, .ds");
    if (hold) await page.waitForFunction(mounted, null, { timeout: 20_000 });
    else {
      await page.waitForFunction(
        () => {
          const root = document.querySelector("[data-doorstep]")?.shadowRoot;
          return !!root?.querySelector(".ds") && !root.querySelector("[aria-busy]");
        },
        null,
        { timeout: 20_000 },
      );
      // The offers' 800 ms and the images.
      await page.waitForTimeout(1500);
    }
    return await page.evaluate(() => Math.round(document.querySelector("[data-doorstep]")!.getBoundingClientRect().height));
  } finally {
    await context.close();
  }
}

export async function measureViewHeights(
  browser: Browser,
  pages: { bareUrl: string; doorstepOrigin: string },
  token: (orderId: string) => string,
  log: (line: string) => void = () => {},
): Promise<ViewHeight[]> {
  const out: ViewHeight[] = [];
  for (const viewport of VIEWPORTS) {
    for (const { view, order, sku } of HEIGHT_CASES) {
      const t = order ? token(order) : undefined;
      const skeletonPx = await heightOf(browser, pages.bareUrl, pages.doorstepOrigin, viewport, view, t, true, sku);
      const drawnPx = await heightOf(browser, pages.bareUrl, pages.doorstepOrigin, viewport, view, t, false, sku);
      const what = sku ? `${view} (${sku}: a full page)` : order ? view : `${view} (no order: lookup form)`;
      out.push({ view: what, order: order || "–", width: viewport.width, skeletonPx, drawnPx });
      log(`heights at ${viewport.width} px: ${what}${order ? ` ${order}` : ""} skeleton ${skeletonPx} px, drawn ${drawnPx} px`);
    }
  }
  return out;
}
