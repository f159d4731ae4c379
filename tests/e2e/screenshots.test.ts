/**
 * Screenshots of every view at 320 px and 1280 px, in English and in Arabic (right to left), into
 * docs/screenshots/ (the README shows some) when `npm run screenshots` asks for them
 * (DOORSTEP_SCREENSHOTS=docs). The end-to-end suite takes them too, so a view that stops drawing fails
 * here, but into tests/.tmp/: the orders' dates change every run, so every file would differ by a few
 * bytes and every test run would leave docs/ changed. Each page is a merchant's page (see
 * merchant-site.ts) with the snippet a merchant pastes and one element.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { ROOT } from "../../scripts/lib/wrangler.ts";
import { browserPerFile } from "./browser.ts";
import { merchantSitePerFile } from "./merchant-site.ts";

const demo = inject("demo");
const OUT = join(ROOT, process.env.DOORSTEP_SCREENSHOTS === "docs" ? "docs/screenshots" : "tests/.tmp/screenshots");
const browser = browserPerFile({ viewport: { width: 320, height: 900 }, locale: "en-US", timezoneId: "America/New_York" });
const site = merchantSitePerFile();
const token = (orderId: string) => demo.seeded.find((o) => o.orderId === orderId)!.orderToken;

const VIEWS: { view: string; order?: string; extra?: string }[] = [
  { view: "confirmation", order: "NW-1001" },
  { view: "tracking", order: "NW-1002" },
  { view: "lookup" },
  { view: "survey", order: "NW-1004" },
  { view: "review", order: "NW-1004" },
  { view: "offers", order: "NW-1001", extra: 'data-placement="confirmation"' },
];
const LANGUAGES = ["en-US", "ar-EG"];
const WIDTHS = [320, 1280];

function page(view: string, locale: string, order?: string, extra = "") {
  const dir = locale.startsWith("ar") ? "rtl" : "ltr";
  return `<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<script async src="${demo.workerOrigin}/doorstep.js" data-store="demo"></script>
<style>body{margin:0;background:#f4f2ec;font-family:system-ui,sans-serif}main{max-width:760px;margin:0 auto;padding:16px}</style></head>
<body><main><div data-doorstep="${view}" data-locale="${locale}" ${order ? `data-order="${token(order)}"` : ""} ${extra}></div></main></body></html>`;
}

async function drawn(p: Page, view: string) {
  await p.locator(`[data-doorstep="${view}"]`).evaluate(
    (el) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
          if (el.shadowRoot?.querySelector(".ds") && !el.shadowRoot.querySelector("[aria-busy='true']")) {
            clearInterval(timer);
            resolve();
          } else if (Date.now() - started > 15_000) {
            clearInterval(timer);
            reject(new Error("view never drew"));
          }
        }, 50);
      }),
  );
}

describe("screenshots", () => {
  mkdirSync(OUT, { recursive: true });
  for (const locale of LANGUAGES) {
    for (const { view, order, extra } of VIEWS) {
      it(`${view}, ${locale}`, async () => {
        const p = await browser.context().newPage();
        await p.goto(site.page(`/shots/${view}-${locale}`, page(view, locale, order, extra)));
        await drawn(p, view);
        await p.evaluate(() => document.fonts.ready);
        const root = p.locator(`[data-doorstep="${view}"]`);
        expect(
          await root.evaluate(
            (el) => el.shadowRoot?.firstElementChild?.getAttribute("dir") ?? el.shadowRoot?.querySelector("[dir]")?.getAttribute("dir"),
          ),
        ).toBe(locale.startsWith("ar") ? "rtl" : "ltr");
        for (const width of WIDTHS) {
          await p.setViewportSize({ width, height: 900 });
          await p.waitForTimeout(150);
          await p.screenshot({ path: join(OUT, `${view}-${locale.slice(0, 2)}-${width}.png`), fullPage: true });
        }
        await p.close();
      });
    }
  }
});
