/**
 * Each view's skeleton beside the view itself: the height of the mount point while the view's module
 * is held back (the loader's skeleton) and once the view has drawn, on the bench's product page at a
 * 390 px phone and at 1280 px, unthrottled (heights do not depend on speed). A skeleton as tall as its
 * view is what keeps the page below it still when the view arrives.
 */
import type { Browser, Page } from "playwright-core";

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

/** What the skeleton wait looks for: the loader's skeleton (`.p`) or, if the module won the race, the view's root. */
const MOUNTED = ".p or .ds";
/**
 * What the drawn wait looks for: the view's root and nothing still saying it is busy. Only
 * `aria-busy="true"` is busy: Preact writes `aria-busy={false}` as `aria-busy="false"` (an aria-* attribute
 * is not a boolean one), so the reviews view, which says it is not busy, carries the attribute once drawn;
 * waiting for no `[aria-busy]` at all timed out on it (the clean-clone bench run of da0da09).
 */
const DRAWN = '.ds, and no [aria-busy="true"]';

const mounted = () => !!document.querySelector("[data-doorstep]")?.shadowRoot?.querySelector(".p, .ds");
const drawn = () => {
  const root = document.querySelector("[data-doorstep]")?.shadowRoot;
  return !!root?.querySelector(".ds") && !root.querySelector('[aria-busy="true"]');
};

/** Waits for `ready` in the page; a timeout says what was waited for, so the bench's note can name it. */
async function waitFor(page: Page, ready: () => boolean, what: string): Promise<void> {
  try {
    await page.waitForFunction(ready, null, { timeout: 20_000 });
  } catch (error) {
    throw new Error(`waited 20 s for ${what}: ${(error as Error).message.split("\n")[0]!.replace(/\.$/, "")}`);
  }
}

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
    if (hold) await waitFor(page, mounted, `the skeleton (${MOUNTED}) in the mount point's shadow root`);
    else {
      await waitFor(page, drawn, `the drawn view (${DRAWN})`);
      // The offers' 800 ms and the images.
      await page.waitForTimeout(1500);
    }
    return await page.evaluate(() => Math.round(document.querySelector("[data-doorstep]")!.getBoundingClientRect().height));
  } finally {
    await context.close();
  }
}

/**
 * Every case of HEIGHT_CASES at both viewports. A case that fails (a view that never draws) is left out
 * and said in `failures` (which case, what was waited for), so one view's regression does not cost the
 * others' rows.
 */
export async function measureViewHeights(
  browser: Browser,
  pages: { bareUrl: string; doorstepOrigin: string },
  token: (orderId: string) => string,
  log: (line: string) => void = () => {},
  failures: string[] = [],
): Promise<ViewHeight[]> {
  const out: ViewHeight[] = [];
  for (const viewport of VIEWPORTS) {
    for (const { view, order, sku } of HEIGHT_CASES) {
      const what = sku ? `${view} (${sku}: a full page)` : order ? view : `${view} (no order: lookup form)`;
      const name = `${what}${order ? ` ${order}` : ""} at ${viewport.width} px`;
      try {
        const t = order ? token(order) : undefined;
        const skeletonPx = await heightOf(browser, pages.bareUrl, pages.doorstepOrigin, viewport, view, t, true, sku);
        const drawnPx = await heightOf(browser, pages.bareUrl, pages.doorstepOrigin, viewport, view, t, false, sku);
        out.push({ view: what, order: order || "–", width: viewport.width, skeletonPx, drawnPx });
        log(`heights: ${name}: skeleton ${skeletonPx} px, drawn ${drawnPx} px`);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
        log(`heights: ${name} not measured: ${(error as Error).message}`);
      }
    }
  }
  return out;
}
