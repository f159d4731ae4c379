/**
 * Hardening (issue #9, parts 4 and 5): hostile host pages and hostile content, in real Chromium.
 *
 * Each hostile page is served, with its own headers (a CSP for one), by a merchant site of the file's
 * own (merchant-site.ts), whose origin the demo store lists for the file's duration: the worker's CORS
 * then treats it as a page of the store, like a merchant's theme gone wrong. The widget must render or fail politely, never break the page, and say what went
 * wrong in at most one `[doorstep]` console warning.
 * Hostile content (markup and script in merchant branding, order lines and shopper answers) must show
 * as text in the widget and the dashboard, and a formula must stay text in the CSV export.
 */
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { demoStoreSettings } from "../../demo-store/settings.ts";
import { createLoginLink, parseSettings, updateStore } from "../../scripts/lib/store-admin.ts";
import type { StoreSettings } from "../../worker/schemas/store.ts";
import { browserPerFile, PHONE, watchedPage } from "./browser.ts";
import { merchantPost } from "./merchant.ts";
import { merchantSitePerFile } from "./merchant-site.ts";

const demo = inject("demo");
const browser = browserPerFile();
const seeded = demo.seeded[0]!;
const target = { persistTo: demo.persistTo };
/** The demo store's settings as the e2e setup made them; put back after this file (other files share the store). */
const original = parseSettings(demoStoreSettings(demo.storeUrl));
/** The nonce on the snippet's script tag; a strict policy names it for any `<style>` the widget makes. */
const NONCE = "aG9zdGlsZS1ub25jZQ";

interface HostileCase {
  /** Markup in `<head>` before the snippet: the page's own styles and scripts that run first. */
  before?: string;
  /** Markup at the end of `<body>`, after the widget's element. */
  after?: string;
  /** The page's Content-Security-Policy header, if any. */
  csp?: string;
  view?: string;
  token?: string;
}

interface OpenedPage {
  page: Page;
  /** Console errors, page errors and CSP violations (from watchedPage). */
  problems: string[];
  /** Console warnings that start with `[doorstep]`. */
  warnings: string[];
  /** Messages of dialogs that opened (alert, confirm, prompt); each is dismissed. */
  dialogs: string[];
  /** The widget's element (its shadow root holds the view). */
  host: Locator;
}

/** The cases' pages, served on a loopback port of their own as a merchant's server would. */
const site = merchantSitePerFile();

const withHostileOrigin = (settings: StoreSettings): StoreSettings => ({ ...settings, origins: [...settings.origins, site.origin()] });

/** A merchant's page: the snippet in `<head>`, a heading, the widget's element, a button of the page's own. */
function hostileHtml({ before = "", after = "", view = "confirmation" }: HostileCase): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Thank you</title>
${before}
<script async src="${demo.workerOrigin}/doorstep.js" data-store="demo" nonce="${NONCE}"></script>
</head>
<body>
<h1>Thank you!</h1>
<div data-doorstep="${view}"></div>
<button type="button" id="own">The page's own button</button>
${after}
</body>
</html>`;
}

/** Opens the case at `<site>/hostile/<name>?order=…`, recording warnings, dialogs and doorstep events. */
async function openHostile(name: string, spec: HostileCase, context: BrowserContext = browser.context()): Promise<OpenedPage> {
  const url = site.page(`/hostile/${name}`, hostileHtml(spec), spec.csp ? { "Content-Security-Policy": spec.csp } : {});
  const { page, problems } = await watchedPage(context);
  const warnings: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "warning" && msg.text().startsWith("[doorstep]")) warnings.push(msg.text());
  });
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Before any of the page's scripts (and untouched by its CSP): what the widget tells the page.
  await page.addInitScript(() => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as unknown as { doorstepEvents: typeof seen }).doorstepEvents = seen;
    for (const type of ["doorstep:ready", "doorstep:error"])
      document.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  });
  await page.goto(`${url}?order=${encodeURIComponent(spec.token ?? seeded.orderToken)}`);
  return { page, problems, warnings, dialogs, host: page.locator(`[data-doorstep="${spec.view ?? "confirmation"}"]`) };
}

/** The `doorstep:*` events the page heard so far. */
const doorstepEvents = (page: Page) =>
  page.evaluate(() => (window as unknown as { doorstepEvents: { type: string; detail: unknown }[] }).doorstepEvents);

/** The confirmation is on screen (visible, not just in the DOM) with the seeded order's number. */
async function confirmationShown(host: Locator, orderId = seeded.orderId) {
  await host.getByRole("heading", { level: 2 }).first().waitFor();
  await host.locator(".order-no").getByText(orderId, { exact: false }).waitFor();
}

/** How the widget's wrapper, heading and order number look: what a page's CSS must not change. */
function look(host: Locator) {
  return host.evaluate((el) => {
    const root = el.shadowRoot!;
    const pick = (selector: string) => {
      const node = root.querySelector(selector);
      if (!node) return null;
      const s = getComputedStyle(node);
      const box = node.getBoundingClientRect();
      return {
        display: s.display,
        visibility: s.visibility,
        color: s.color,
        fontSize: s.fontSize,
        fontFamily: s.fontFamily,
        textTransform: s.textTransform,
        visible: box.width > 0 && box.height > 0,
      };
    };
    return { host: getComputedStyle(el).display, wrapper: pick(".ds"), heading: pick(".hero h2"), orderNo: pick(".order-no") };
  });
}

describe("hostile host pages", () => {
  it("aggressive global CSS (all: unset, display: none, red 40px, all !important) does not reach the widget", async () => {
    // The same view on a plain page: what the hostile page must not change.
    const plain = await openHostile("plain", {});
    await confirmationShown(plain.host);
    const expected = await look(plain.host);
    expect(expected.heading).toMatchObject({ display: "block", visible: true });
    expect(plain.problems).toEqual([]);

    const hostile = await openHostile("aggressive-css", {
      before: `<style>
  div:empty { display: none; }
  * { all: unset !important; }
  *::before, *::after { content: "!" !important; color: red !important; }
  html { font-size: 40px !important; }
  div, section, h2, p, span { display: none !important; color: red !important; font-size: 40px !important;
    font-family: "Comic Sans MS", cursive !important; text-transform: uppercase !important; visibility: hidden !important; }
</style>`,
    });
    await confirmationShown(hostile.host);
    const seen = await look(hostile.host);
    expect(seen).toEqual(expected);
    expect(seen.heading!.color).not.toBe("rgb(255, 0, 0)");
    expect(seen.heading!.fontSize).not.toBe("40px");
    // The page's own elements did get the styles, so the rules were in force.
    expect(await hostile.page.locator("#own").evaluate((el) => getComputedStyle(el).fontFamily)).not.toBe(expected.heading!.fontFamily);
    expect(hostile.problems).toEqual([]);
    expect(hostile.warnings).toEqual([]);
  });

  it("a strict CSP (worker-only script-src, no unsafe-inline or unsafe-eval) raises no violation", async () => {
    const csp = [
      "default-src 'none'",
      `script-src ${demo.workerOrigin}`,
      `connect-src ${demo.workerOrigin}`,
      `img-src ${demo.workerOrigin} ${demo.storeUrl} data:`,
      `style-src ${demo.workerOrigin} 'nonce-${NONCE}'`,
      "base-uri 'none'",
    ].join("; ");
    const { page, host, problems, warnings } = await openHostile("strict-csp", {
      csp,
      // Proof that the policy is in force: this inline script must be refused.
      after: `<script>window.inlineRan = true</script>`,
    });
    await confirmationShown(host);
    // Offers arrive after the order; let them, and the events the view sends, happen under the policy.
    await expect.poll(async () => (await doorstepEvents(page)).map((e) => e.type)).toContain("doorstep:ready");
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    // The refusal of the page's own inline script, as the violation event and as Chromium's message.
    const refusedInline = (p: string) => /script-src-elem inline|Executing inline script violates/.test(p);
    expect(problems.filter(refusedInline).length).toBeGreaterThan(0);
    expect(problems.filter((p) => !refusedInline(p))).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("frozen built-in prototypes: the widget renders or fails politely, and the page lives on", async () => {
    const { page, host, problems, warnings } = await openHostile("frozen-prototypes", {
      before: `<script>Object.freeze(Object.prototype); Object.freeze(Array.prototype); Object.freeze(Function.prototype);</script>`,
      after: `<script>
  window.pageAlive = true;
  document.getElementById("own").addEventListener("click", () => { window.ownClicks = (window.ownClicks || 0) + 1; });
</script>`,
    });
    // It renders (failing politely would be allowed; today nothing in it writes to a built-in prototype).
    await confirmationShown(host);
    expect((await doorstepEvents(page)).map((e) => e.type)).toEqual(["doorstep:ready"]);
    // Still frozen: the widget did not thaw or patch the page's built-ins.
    expect(
      await page.evaluate(() => [Object.isFrozen(Object.prototype), Object.isFrozen(Array.prototype), Object.isFrozen(Function.prototype)]),
    ).toEqual([true, true, true]);
    expect(await page.evaluate(() => (window as unknown as { pageAlive?: boolean }).pageAlive)).toBe(true);
    await page.locator("#own").click();
    expect(await page.evaluate(() => (window as unknown as { ownClicks?: number }).ownClicks)).toBe(1);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("a page whose fetch throws: the widget says it cannot load, tells the page, and throws nothing", async () => {
    const { page, host, problems, warnings } = await openHostile("broken-fetch", {
      before: `<script>
  window.fetchCalls = 0;
  window.fetch = function () { window.fetchCalls++; throw new Error("blocked"); };
</script>`,
      after: `<script>window.pageAlive = true;</script>`,
    });
    await host.getByRole("alert").waitFor();
    expect(await host.getByRole("alert").textContent()).toMatch(/couldn't|could not|unavailable|try again/i);
    // The widget really called the page's fetch: the case exercised what it claims.
    expect(await page.evaluate(() => (window as unknown as { fetchCalls: number }).fetchCalls)).toBeGreaterThan(0);
    const events = await doorstepEvents(page);
    expect(events.map((e) => e.type)).toEqual(["doorstep:error"]);
    expect(events[0]!.detail).toMatchObject({ view: "confirmation" });
    // Give anything retrying in the background time to fail too, as quietly.
    await page.waitForTimeout(2500);
    expect(await page.evaluate(() => (window as unknown as { pageAlive?: boolean }).pageAlive)).toBe(true);
    expect(problems).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it("a page that already has its own window.Doorstep keeps it, and the widget still mounts with one warning", async () => {
    const { page, host, problems, warnings } = await openHostile("taken-global", {
      before: `<script>window.Doorstep = { something: "else" }; window.pagesOwn = window.Doorstep;</script>`,
    });
    await confirmationShown(host);
    const own = await page.evaluate(() => {
      const w = window as unknown as { Doorstep: unknown; pagesOwn: unknown };
      return { same: w.Doorstep === w.pagesOwn, value: JSON.stringify(w.Doorstep) };
    });
    expect(own).toEqual({ same: true, value: JSON.stringify({ something: "else" }) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[doorstep\] window\.Doorstep is already taken/);
    expect(problems).toEqual([]);
  });
});

/** Markup and script where a merchant's server, an operator or a shopper could put them. */
const HOSTILE = {
  storeName: "Northwind <b>Outfitters</b><script>window.pwned=1</script>",
  hours: "<img src=x onerror=window.pwned=1>Mon–Fri",
  returnSummary: "<script>alert(6)</script>Returns are easy.",
  orderId: `H<img src=x onerror=alert(3)>${Date.now()}`,
  lines: ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>"],
  feeLabel: "<b onmouseover=alert(4)>Shipping</b>",
  standoutText: "<img src=x onerror=window.pwned=1>",
  formula: '=HYPERLINK("http://evil")',
  reviewTitle: "<img src=x onerror=window.pwned=1>Great",
  reviewBody: "@SUM(1+1)*cmd|' /C calc'!A0",
  reviewTitle2: "+1 <script>window.pwned=3</script>",
  detractorComment: "<img src=x onerror=window.pwned=1><script>window.pwned=2</script>",
};

/** Posts an order with the hostile line names and fee label, as a merchant's server would; answers its token. */
async function hostileOrder(id: string): Promise<string> {
  const lines = HOSTILE.lines.map((name, i) => ({ sku: `HOSTILE-${i + 1}`, name, quantity: 1, unitPrice: 1000 }));
  const { orderToken } = await merchantPost("/v1/orders", {
    id,
    placedAt: new Date().toISOString(),
    currency: "USD",
    locale: "en-US",
    customer: { id: `hostile-${id}`, email: "hostile@example.com" },
    lines,
    fees: [{ label: HOSTILE.feeLabel, amount: 495 }],
    discounts: [],
    total: 2495,
  });
  return orderToken!;
}

/** A shopper's survey answers, posted from the store's page (its Origin) as the widget would. */
async function answerSurvey(token: string, body: unknown) {
  const res = await fetch(`${demo.workerOrigin}/v1/o/${encodeURIComponent(token)}/survey`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: demo.storeUrl },
    body: JSON.stringify(body),
  });
  expect(res.ok, `survey: ${res.status} ${await res.clone().text()}`).toBe(true);
}

/** Markup that must not have become elements, and what it would have done had it run. */
async function nothingRan(page: Page, dialogs: string[]) {
  // An injected <img src=x> would have fired its onerror by now; a <script> would have run at once.
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(
    await page.evaluate(() => {
      const roots: ParentNode[] = [
        document,
        ...Array.from(document.querySelectorAll("[data-doorstep]"), (el) => el.shadowRoot!).filter(Boolean),
      ];
      return roots.flatMap((root) =>
        Array.from(root.querySelectorAll('img[src="x"], [onerror], [onmouseover], script:not([src])'), (el) => el.outerHTML),
      );
    }),
  ).toEqual([]);
}

describe("hostile content", () => {
  const detractorId = `${HOSTILE.orderId}-2`;
  let token = "";
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    await updateStore(
      "demo",
      withHostileOrigin({
        ...original,
        name: HOSTILE.storeName,
        // Without a logo the widget writes the store's name where the logo would be.
        branding: { ...original.branding, logoUrl: undefined },
        support: { ...original.support, hours: HOSTILE.hours },
        returnPolicy: { ...original.returnPolicy, summary: HOSTILE.returnSummary },
      }),
      target,
    );
    token = await hostileOrder(HOSTILE.orderId);
    await answerSurvey(token, {
      rating: 2,
      standout: { choice: "packaging", text: HOSTILE.standoutText },
      wants: "none",
      comment: HOSTILE.formula,
    });
    await answerSurvey(await hostileOrder(detractorId), { rating: 1, comment: HOSTILE.detractorComment });
    // A browser of its own: the first one may still hold the store's config from before (cached a minute).
    context = await browser.session().browser.newContext(PHONE);
  });

  afterAll(async () => {
    await context?.close();
    // Leave the shared store's open alerts as they were (its settings are put back by the file's afterAll).
    for (const id of [HOSTILE.orderId, detractorId]) {
      await fetch(`${demo.workerOrigin}/v1/admin/alerts/${encodeURIComponent(id)}/resolve`, {
        method: "POST",
        headers: { Authorization: `Bearer ${demo.apiKey}` },
      });
    }
  });

  it("the confirmation shows the merchant's branding and the order's lines as text, and runs none of it", async () => {
    const { page, host, problems, warnings, dialogs } = await openHostile("hostile-content", { token }, context);
    await confirmationShown(host, HOSTILE.orderId);
    expect(await host.locator(".brand-name").textContent()).toBe(HOSTILE.storeName);
    const names = await host.locator(".line-name").allTextContents();
    expect(names).toEqual(HOSTILE.lines);
    const text = await host.evaluate((el) => el.shadowRoot!.textContent);
    for (const literal of [HOSTILE.feeLabel, HOSTILE.hours, HOSTILE.returnSummary, HOSTILE.orderId]) expect(text).toContain(literal);
    await nothingRan(page, dialogs);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("the review form names the items as text", async () => {
    const { page, host, problems, dialogs } = await openHostile("hostile-review", { token, view: "review" }, context);
    for (const name of HOSTILE.lines) await host.getByText(name, { exact: false }).first().waitFor();
    await nothingRan(page, dialogs);
    expect(problems).toEqual([]);
  });

  it("saved reviews come back into the form as text, and the reviews CSV keeps formulas as text", async () => {
    const res = await fetch(`${demo.workerOrigin}/v1/o/${encodeURIComponent(token)}/reviews`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: demo.storeUrl },
      body: JSON.stringify([
        { sku: "HOSTILE-1", rating: 4, title: HOSTILE.reviewTitle, body: HOSTILE.reviewBody },
        { sku: "HOSTILE-2", rating: 2, title: HOSTILE.reviewTitle2 },
      ]),
    });
    expect(res.status, await res.clone().text()).toBe(200);

    // The form opens with the saved words in its fields: values, not markup.
    const { page, host, problems, dialogs } = await openHostile("hostile-review-saved", { token, view: "review" }, context);
    const titles = host.getByLabel(/title/i);
    await titles.first().waitFor();
    expect(await titles.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([
      HOSTILE.reviewTitle,
      HOSTILE.reviewTitle2,
    ]);
    expect(await host.locator("textarea").first().inputValue()).toBe(HOSTILE.reviewBody);
    await nothingRan(page, dialogs);
    expect(problems).toEqual([]);

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const csv = await fetch(`${demo.workerOrigin}/v1/admin/reviews?from=${day(-1)}&to=${day(1)}&format=csv`, {
      headers: { Authorization: `Bearer ${demo.apiKey}` },
    });
    expect(csv.status).toBe(200);
    const rows = (await csv.text()).split("\r\n");
    const first = rows.find((r) => r.startsWith(`${HOSTILE.orderId},HOSTILE-1,`));
    const second = rows.find((r) => r.startsWith(`${HOSTILE.orderId},HOSTILE-2,`));
    // Markup stays as written (a CSV is text); cells a spreadsheet would run start with an apostrophe.
    expect(first).toContain(`,${HOSTILE.reviewTitle},'${HOSTILE.reviewBody},`);
    expect(second).toContain(`,'${HOSTILE.reviewTitle2},`);
  });

  it("the dashboard's detractor alerts quote the shopper's words as text", async () => {
    const { url } = await createLoginLink("demo", demo.workerOrigin, target);
    const { page, problems } = await watchedPage(context!);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(url);
    await page.getByRole("heading", { name: "Open detractor alerts" }).waitFor();
    const alert = (orderId: string) => page.locator(".alerts li").filter({ has: page.getByText(`Order ${orderId}`, { exact: true }) });
    await alert(detractorId).waitFor();
    expect(await alert(detractorId).locator("blockquote").textContent()).toBe(HOSTILE.detractorComment);
    // The comment wins over the standout text; a formula is just words here (not a link).
    expect(await alert(HOSTILE.orderId).locator("blockquote").textContent()).toBe(HOSTILE.formula);
    expect(await alert(HOSTILE.orderId).locator("blockquote *").count()).toBe(0);
    await nothingRan(page, dialogs);
    expect(problems).toEqual([]);
  });

  it("the survey CSV keeps a formula as text (a leading apostrophe) and markup as it was written", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(`${demo.workerOrigin}/v1/admin/survey-responses?from=${day(-1)}&to=${day(1)}&format=csv`, {
      headers: { Authorization: `Bearer ${demo.apiKey}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = (await res.text()).split("\r\n");
    const row = rows.find((r) => r.startsWith(`${HOSTILE.orderId},`));
    expect(row).toBeDefined();
    // RFC 4180 quoting of '=HYPERLINK("http://evil"): the apostrophe makes a spreadsheet read it as text.
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).not.toMatch(/(^|,)"?=/);
    expect(row).toContain(`,${HOSTILE.standoutText},`);
  });
});
