/**
 * The merchant dashboard in Chromium, signed in the way the README tells merchants to: the operator
 * command prints a one-time link, the page trades it for a session, and draws the figures the admin
 * API computes from the demo store's D1 (its weeks of history included) under the page's own strict CSP.
 */
import { describe, expect, inject, it } from "vitest";
import { demoStoreSettings } from "../../demo-store/settings.ts";
import { createLoginLink, parseSettings, updateStore } from "../../scripts/lib/store-admin.ts";
import type { AdminMetrics } from "../../contract/admin.ts";
import { browserPerFile, watchedPage } from "./browser.ts";

const demo = inject("demo");
const browser = browserPerFile({ viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: "UTC" });
const context = () => browser.context();

/** The dashboard's default range: the last 28 days, today included. */
function last28Days() {
  const to = new Date();
  to.setUTCDate(to.getUTCDate() + 1);
  const from = new Date(to);
  from.setUTCDate(from.getUTCDate() - 28);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

describe("dashboard", () => {
  it("signs in with a one-time link and shows the store's figures and charts", async () => {
    const { url } = await createLoginLink("demo", demo.workerOrigin, { persistTo: demo.persistTo });
    const { page, problems } = await watchedPage(context());
    await page.goto(url);
    await page.getByRole("heading", { name: "At a glance" }).waitFor();
    // The code is gone from the address bar once used, and so is the page's placeholder.
    expect(page.url()).not.toContain("code=");
    expect(await page.getByText("Loading the dashboard…").count()).toBe(0);

    const { from, to } = last28Days();
    const res = await fetch(`${demo.workerOrigin}/v1/admin/metrics?from=${from}&to=${to}`, {
      headers: { Authorization: `Bearer ${demo.apiKey}` },
    });
    const m = (await res.json()) as AdminMetrics;
    // Weeks of believable activity, not an empty store.
    expect(m.orders.count).toBeGreaterThan(100);
    expect(m.survey.funnel.completed).toBeGreaterThan(10);

    const card = (label: string) => page.locator(".card", { has: page.getByText(label, { exact: true }) }).locator("strong");
    expect(await card("Orders").textContent()).toBe(m.orders.count.toLocaleString("en-US"));
    expect(await card("Confirmation views").textContent()).toBe(m.pageViews.confirmation.toLocaleString("en-US"));
    expect(await card("Open detractor alerts").textContent()).toBe(String(m.alertsOpen));
    expect(await card("Satisfied (CSAT)").textContent()).toBe(`${(Math.round(m.survey.csat! * 1000) / 10).toLocaleString("en-US")}%`);

    // Three charts, each a line per series with a point for every day of the range.
    const charts = page.locator("svg[data-chart]");
    expect(await charts.count()).toBe(3);
    const orders = page.locator('svg[data-chart="Orders and page views"] path[data-series="Orders"]');
    const points = ((await orders.getAttribute("d")) ?? "").match(/[ML]/g) ?? [];
    expect(points).toHaveLength(28);
    expect(m.daily).toHaveLength(28);
    // The figures table under the chart holds the same numbers the API gave, day by day.
    const rows = await page
      .locator('figure:has(svg[data-chart="Orders and page views"]) tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.querySelector("th")!.textContent, tr.querySelectorAll("td")[0]!.textContent]));
    expect(rows).toEqual(m.daily.map((d) => [d.day, d.orders.toLocaleString("en-US")]));

    await page.getByRole("heading", { name: "Open detractor alerts" }).waitFor();
    // For a person to look at (tests/.tmp is not committed).
    await page.screenshot({ path: "tests/.tmp/dashboard.png", fullPage: true });
    expect(problems).toEqual([]);
  });

  it("tells the merchant which brand colours shoppers see adjusted for contrast, from what to what", async () => {
    const target = { persistTo: demo.persistTo };
    const original = parseSettings(demoStoreSettings(demo.storeUrl));
    // A pale grey text and a light link colour on the demo's off-white: both too faint to read.
    await updateStore("demo", { ...original, branding: { ...original.branding, textColor: "#b8b8b8", primaryColor: "#7fb8a4" } }, target);
    try {
      const { url } = await createLoginLink("demo", demo.workerOrigin, target);
      const { page, problems } = await watchedPage(context());
      await page.goto(url);
      const notice = page.getByRole("region", { name: "Brand colours adjusted for readability" });
      await notice.waitFor();
      const rows = await notice
        .locator("tbody tr")
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.replace(/\s+/g, " ").trim())));
      expect(rows).toHaveLength(2);
      expect(rows[0]![0]).toBe("Text colour on the background");
      expect(rows[0]![1]).toMatch(/^#b8b8b8 \d\.\d+:1$/);
      expect(rows[0]![2]).toMatch(/^#[0-9a-f]{6} (\d+\.\d+|\d+):1$/);
      expect(rows[1]![0]).toBe("Primary colour on the background");
      expect(rows[1]![1]).toContain("#7fb8a4");
      // What the dashboard says is what shoppers are served.
      const config = (await (await fetch(`${demo.workerOrigin}/v1/stores/demo/config`)).json()) as {
        branding: { textColor: string; primaryColor: string };
      };
      expect(rows[0]![2]).toContain(config.branding.textColor);
      expect(rows[1]![2]).toContain(config.branding.primaryColor);
      await notice.screenshot({ path: "tests/.tmp/dashboard-contrast-notice.png" });
      expect(problems).toEqual([]);
    } finally {
      await updateStore("demo", original, target);
    }
  });

  it("refuses a login link the second time, and says why", async () => {
    const { url } = await createLoginLink("demo", demo.workerOrigin, { persistTo: demo.persistTo });
    const first = await watchedPage(context());
    await first.page.goto(url);
    await first.page.getByRole("heading", { name: "At a glance" }).waitFor();
    const second = await (await browser.session().browser.newContext()).newPage();
    await second.goto(url);
    await expect.poll(() => second.getByRole("alert").textContent()).toContain("expired or was already used");
    await second.getByLabel("API key").waitFor();
  });
});
