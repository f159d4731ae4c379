/**
 * A merchant who writes no code installs Doorstep from the dashboard, in Chromium against `wrangler dev`:
 * the owner opens Settings, copies the two lines for the `<head>` with the panel's button, reads the
 * Content-Security-Policy sources beside them, and pastes both into a page of their own shop (its origin
 * saved with the store) with the order-status element. The page draws the order's live tracking from
 * the worker and D1, under exactly that policy, with nothing refused. The panel passes axe on a phone
 * and at 1280 px.
 */
import { describe, expect, inject, it } from "vitest";
import { RENDER_WAIT_LINE } from "../../contract/install.ts";
import { createLoginLink } from "../../scripts/lib/store-admin.ts";
import { auditWholePage, describeViolations } from "./axe.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { merchantSitePerFile } from "./merchant-site.ts";

const demo = inject("demo");
const browser = browserPerFile({ viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: "UTC" });
const site = merchantSitePerFile();

describe("installing from the dashboard", () => {
  it("the lines copied from Settings, pasted into a shop's page under the policy the panel gives, draw the order's tracking", async () => {
    const context = browser.context();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: demo.workerOrigin });
    const { url } = await createLoginLink("demo", demo.workerOrigin, { persistTo: demo.persistTo }, new Date(), {
      role: "owner",
      person: "Olive",
    });
    const dashboard = await watchedPage(context);
    let lines: string;
    let sources: string;
    try {
      await dashboard.page.goto(url);
      await dashboard.page.getByRole("navigation", { name: "Dashboard" }).getByRole("button", { name: "Settings" }).click();
      const panel = dashboard.page.getByRole("region", { name: "Put Doorstep on your shop" });
      await panel.getByRole("button", { name: "Copy the two lines" }).click();
      await panel.getByRole("status").filter({ hasText: "Copied." }).waitFor();
      lines = await dashboard.page.evaluate(() => navigator.clipboard.readText());
      sources = (await panel.locator("pre").nth(1).textContent())!;
      // What was copied is what the panel shows: this store's tag from this worker, then the line.
      expect(lines).toBe(await panel.locator("pre").first().textContent());
      expect(lines.split("\n")).toEqual([
        `<script async blocking="render" src="${demo.workerOrigin}/doorstep.js" data-store="demo"></script>`,
        RENDER_WAIT_LINE,
      ]);
      for (const width of [320, 1280]) {
        await dashboard.page.setViewportSize({ width, height: 900 });
        const violations = await auditWholePage(dashboard.page);
        expect(violations, `${width} px: ${describeViolations(violations)}`).toEqual([]);
      }
      await panel.screenshot({ path: "tests/.tmp/dashboard-install.png" });
      expect(dashboard.problems).toEqual([]);
    } finally {
      await dashboard.page.close();
    }

    // The shop's page: its own policy plus the panel's sources (its product pictures are its own).
    const shopImages = new URL(demo.storeUrl).origin;
    const policy = `default-src 'self'; ${sources.replace(/img-src ([^;]+)/, `img-src 'self' ${shopImages} $1`)}`;
    const token = demo.seeded[0]!.orderToken;
    const page = site.page(
      "/install/order-status",
      `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Order status</title>
${lines}
</head>
<body>
<h1>Order status</h1>
<div data-doorstep="tracking" data-order="${token}"></div>
</body>
</html>`,
      { "Content-Security-Policy": policy },
    );
    const shop = await watchedPage(context);
    try {
      await shop.page.goto(page);
      await shop.page.getByRole("heading", { name: "Track your order" }).waitFor();
      await shop.page.getByText(/Order NW-\d+/).waitFor();
      expect(await shop.page.locator("script[blocking]").count()).toBe(1);
      // The line after the tag ran (the policy's hash allowed it) and changed nothing: doorstep.js had run.
      await shop.page.waitForTimeout(3_200);
      expect(await shop.page.locator("script[blocking]").count()).toBe(0);
      expect(await shop.page.getByRole("heading", { name: "Track your order" }).isVisible()).toBe(true);
      expect(shop.problems).toEqual([]);
    } finally {
      await shop.page.close();
    }
  });
});
