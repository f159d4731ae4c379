/**
 * `npm run soak`: the demo browsed like an impatient person for ten minutes (SOAK_SECONDS), in Chromium,
 * and one `wrangler dev` process alive the whole time (issue 16). It starts the demo exactly as
 * `npm run demo` does (its own free ports and a throwaway local D1), then visits every demo page in
 * turn: waits for the view on some visits, leaves mid-load on others, reloads, goes back and forward
 * while pages load, buys something now and then, opens the dashboard. Every few seconds it checks the
 * worker's process and health. Exits 1 if the worker died, stopped answering, or a view never drew.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { buildWidget } from "./lib/build.ts";
import { launchChromium } from "./lib/chromium.ts";
import { DEMO_STORE_ID, startDemo } from "./lib/demo-setup.ts";
import { freePort } from "./lib/free-port.ts";
import { createLoginLink } from "./lib/store-admin.ts";

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const persistTo = mkdtempSync(join(tmpdir(), "doorstep-soak-"));
let workerDied: string | undefined;

await buildWidget();
const demo = await startDemo({
  workerPort: await freePort(),
  storePort: await freePort(),
  storeHost: "127.0.0.1",
  persistTo,
  carrierEveryMs: 12_000,
  onWorkerExit: (report) => (workerDied = report),
});
const token = (orderId: string) => demo.seeded.find((o) => o.orderId === orderId)!.orderToken;
const shop = demo.storeUrl;

/** Demo pages and the Doorstep view each one draws (if any). */
const pages: { path: () => string; view?: string }[] = [
  { path: () => "/" },
  { path: () => "/products/summit-daypack" },
  { path: () => `/thank-you?order=${token("NW-1001")}`, view: "confirmation" },
  { path: () => `/orders/status?order=${token("NW-1001")}`, view: "tracking" },
  { path: () => `/orders/status?order=${token("NW-1002")}`, view: "tracking" },
  { path: () => `/orders/status?order=${token("NW-1003")}`, view: "tracking" },
  { path: () => `/orders/status?order=${token("NW-1004")}`, view: "tracking" },
  { path: () => "/orders/status", view: "tracking" },
  { path: () => `/feedback?order=${token("NW-1004")}`, view: "survey" },
  { path: () => "/returns" },
  { path: () => "/help" },
];

const counts = { visits: 0, drawn: 0, leftMidLoad: 0, reloads: 0, backForward: 0, orders: 0, dashboard: 0, healthChecks: 0 };
const drawnPerPage = new Map<string, number>();
const problems: string[] = [];

async function viewDrawn(page: Page, view: string): Promise<boolean> {
  try {
    await page.locator(`[data-doorstep="${view}"]`).evaluate(
      (el) =>
        new Promise<void>((resolve, reject) => {
          const done = () => el.shadowRoot?.querySelector(".ds") && !el.shadowRoot.querySelector("[aria-busy='true']");
          const timer = setInterval(() => done() && (clearInterval(timer), resolve()), 50);
          setTimeout(() => (clearInterval(timer), reject(new Error("not drawn"))), 15_000);
        }),
    );
    return true;
  } catch {
    return false;
  }
}

async function buy(page: Page) {
  await page.goto(`${shop}/products/beacon-headlamp`);
  await page.getByRole("button", { name: /add to cart/i }).click();
  await page.waitForURL(/\/cart$/);
  await page.getByLabel(/full name/i).fill("Soak Shopper");
  await page.getByLabel(/email/i).fill("soak@example.com");
  await Promise.all([page.waitForURL(/\/thank-you\?order=/), page.getByRole("button", { name: /place order/i }).click()]);
  if (await viewDrawn(page, "confirmation")) counts.orders++;
}

async function healthy(): Promise<boolean> {
  counts.healthChecks++;
  try {
    process.kill(demo.workerPid, 0);
    return (await fetch(`${demo.workerOrigin}/v1/health`, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}

const browser = await launchChromium();
const started = Date.now();
const deadline = started + seconds * 1000;
let unhealthy = 0;
const monitor = setInterval(() => void healthy().then((ok) => (ok ? undefined : unhealthy++)), 5_000);
console.log(`Soaking the demo for ${seconds} s (worker pid ${demo.workerPid}, shop ${shop})…`);
try {
  for (let round = 0; Date.now() < deadline && !workerDied; round++) {
    // A fresh context now and then, as a new visitor: nothing cached, nothing in localStorage.
    const context = await browser.newContext({ viewport: round % 2 ? { width: 390, height: 844 } : { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const [i, p] of pages.entries()) {
      if (Date.now() > deadline || workerDied) break;
      const url = `${shop}${p.path()}`;
      counts.visits++;
      const mode = (round + i) % 4;
      if (mode === 0 || !p.view) {
        await page.goto(url).catch((e: Error) => problems.push(`${url}: ${e.message}`));
        if (p.view && (await viewDrawn(page, p.view))) {
          counts.drawn++;
          drawnPerPage.set(p.path(), (drawnPerPage.get(p.path()) ?? 0) + 1);
        }
      } else if (mode === 1) {
        // Leave while the loader, the views module and the API answers are still on their way.
        await page.goto(url, { waitUntil: "commit" }).catch(() => undefined);
        await page.waitForTimeout(30 + ((round * 53 + i * 17) % 250));
        counts.leftMidLoad++;
      } else if (mode === 2) {
        await page.goto(url, { waitUntil: "commit" }).catch(() => undefined);
        await page.reload({ waitUntil: "commit" }).catch(() => undefined);
        await page.reload().catch(() => undefined);
        counts.reloads += 2;
        if (p.view && (await viewDrawn(page, p.view))) {
          counts.drawn++;
          drawnPerPage.set(p.path(), (drawnPerPage.get(p.path()) ?? 0) + 1);
        }
      } else {
        await page.goto(url, { waitUntil: "commit" }).catch(() => undefined);
        await page.goBack({ waitUntil: "commit" }).catch(() => undefined);
        await page.goForward({ waitUntil: "commit" }).catch(() => undefined);
        await page.waitForTimeout(100);
        counts.backForward += 2;
      }
    }
    if (round % 3 === 0 && Date.now() < deadline) await buy(page).catch((e: Error) => problems.push(`checkout: ${e.message}`));
    if (round % 5 === 0 && Date.now() < deadline) {
      const login = await createLoginLink(DEMO_STORE_ID, demo.workerOrigin, { persistTo });
      await page.goto(login.url).catch(() => undefined);
      await page.waitForTimeout(1_000);
      counts.dashboard++;
    }
    await context.close();
  }
} finally {
  clearInterval(monitor);
  await browser.close();
}
const finalHealth = !workerDied && (await healthy());
await demo.stop();
rmSync(persistTo, { recursive: true, force: true });

const neverDrawn = pages.filter((p) => p.view && !drawnPerPage.get(p.path())).map((p) => p.path().replace(/order=[^&]+/, "order=…"));
const report = {
  seconds: Math.round((Date.now() - started) / 1000),
  workerPid: demo.workerPid,
  workerAliveThroughout: !workerDied && unhealthy === 0 && finalHealth,
  failedHealthChecks: unhealthy,
  ...counts,
  neverDrawn,
  navigationProblems: problems.length,
};
console.log(JSON.stringify(report, null, 2));
if (workerDied) console.error(`✘ ${workerDied}`);
for (const problem of problems.slice(0, 10)) console.error(`  ${problem.replace(/order=[A-Za-z0-9_-]+/g, "order=…")}`);
process.exit(report.workerAliveThroughout && neverDrawn.length === 0 ? 0 : 1);
