/** Chromium sessions, contexts and watched pages for the end-to-end tests. */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";

export interface BrowserSession {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  const browser = await launchChromium();
  return {
    browser,
    async close() {
      // playwright-core gives each launch a fresh temporary profile of its own.
      await browser.close();
    },
  };
}

/** A page that remembers console errors, page errors and CSP violations, so a test can demand none. */
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, problems };
}

/** A shopper's phone, in the demo shop's part of the world. */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, locale: "en-US", timezoneId: "America/New_York" };

/**
 * One Chromium and one browser context for a test file, opened before its tests and closed after.
 * Answers the session and the context through getters (they exist only once `beforeAll` has run).
 */
export function browserPerFile(options: BrowserContextOptions = PHONE): { session(): BrowserSession; context(): BrowserContext } {
  let session: BrowserSession | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    session = await launchBrowser();
    context = await session.browser.newContext(options);
  });
  afterAll(async () => {
    await context?.close();
    await session?.close();
  });
  return { session: () => session!, context: () => context! };
}

/**
 * Holds back every views module the page asks for (the loader's skeleton stays up) until the answered
 * function is called. The worker's origin is routed, not the page's: see merchant-site.ts.
 */
export async function holdViewsModules(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/views/*.js", async (route) => {
    await held;
    // The page may have closed meanwhile: nothing is left to answer.
    await route.continue().catch(() => {});
  });
  return release;
}
