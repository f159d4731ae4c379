/**
 * Live tracking on the merchant's own order-status page, end to end: parcels registered by the
 * merchant's server, carrier webhooks signed like EasyPost's and AfterShip's, the tracking view in
 * Chromium picking up a new milestone without a reload, the lookup form, the update opt-in landing in
 * D1, and the in-store return code.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { afterShipTrackingUpdate, signedHeaders } from "../../scripts/lib/carrier-payloads.ts";
import { sql } from "../../worker/storage/statement.ts";
import { browserPerFile, PHONE, watchedPage } from "./browser.ts";
import { merchantPost } from "./merchant.ts";
import { eventually, queryD1 } from "./d1.ts";
import { VISIBLE_EVERY_MS, WATCHED_EVERY_MS } from "../../widget/views/tracking/pace.ts";

const demo = inject("demo");
const browser = browserPerFile();
const context = () => browser.context();
/**
 * A context of its own for a page whose clock is Playwright's: the widget's queued events carry that
 * clock's time, which the worker refuses once it has jumped ahead; they must not reach the other tests' pages.
 */
const clockedContext = async () => {
  const own = await browser.session().browser.newContext(PHONE);
  onTestFinished(() => own.close());
  return own;
};

const tracking = (page: Page) => page.locator('[data-doorstep="tracking"]');
const shadowText = (page: Page) => tracking(page).evaluate((el) => el.shadowRoot?.textContent ?? "");
const tokenOf = (orderId: string) => demo.seeded.find((o) => o.orderId === orderId)!.orderToken;

describe("tracking page, end to end", () => {
  it("shows a new milestone from a signed AfterShip webhook without a reload, at the pace of what can change", async () => {
    const id = `E2E-${Date.now()}`;
    const { orderToken } = await merchantPost("/v1/orders", {
      id,
      placedAt: new Date().toISOString(),
      currency: "USD",
      customer: { id: `c-${id}`, email: "e2e@example.com" },
      lines: [{ sku: "beacon-headlamp", name: "Beacon Headlamp", quantity: 1, unitPrice: 4500 }],
      total: 4500,
    });
    const trackingNumber = `JJD${Date.now()}`;
    await merchantPost(`/v1/orders/${id}/shipments`, {
      id: `${id}-1`,
      carrier: "DHL",
      trackingNumber,
      lines: [{ sku: "beacon-headlamp", quantity: 1 }],
    });

    const { page, problems } = await watchedPage(await clockedContext());
    // The page's clock is Playwright's (it runs on its own; fastForward jumps it): a minute's pace is not waited out.
    await page.clock.install();
    const refreshes: number[] = [];
    page.on("request", (req) => {
      // A refresh reads the tracking view's part of the order alone (the page's first read asks for its offers too).
      if (req.method() === "GET" && new URL(req.url()).pathname === `/v1/o/${orderToken}` && new URL(req.url()).search === "?view=tracking")
        refreshes.push(Date.now());
    });
    await page.goto(`${demo.storeUrl}/orders/status?order=${orderToken}`);
    await expect.poll(() => shadowText(page)).toContain("Order received");
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    // The page's clock when the view was drawn: its refreshes are scheduled from about then.
    const drawnAt = await page.evaluate(() => Date.now());

    const body = JSON.stringify(
      afterShipTrackingUpdate({
        trackingNumber,
        checkpoints: [
          {
            tag: "InTransit",
            subtag: "InTransit_002",
            message: "Picked up",
            time: new Date(Date.now() - 3_600_000).toISOString(),
            city: "Leipzig",
            countryName: "Germany",
          },
          {
            tag: "OutForDelivery",
            subtag: "OutForDelivery_001",
            message: "With the driver for delivery",
            time: new Date().toISOString(),
            city: "Berlin",
            countryName: "Germany",
          },
        ],
      }),
    );
    const posted = Date.now();
    const res = await fetch(`${demo.workerOrigin}/v1/webhooks/aftership/demo`, {
      method: "POST",
      headers: await signedHeaders("aftership", demo.webhookSecrets.aftership, body),
      body,
    });
    // Enqueued (issue 23): the webhooks queue's consumer records it moments later; the page's poll shows it.
    expect(res.status).toBe(202);
    // The consumer has it before the tab's next refresh is due (the queue waits up to a second to fill a
    // batch; a refresh before that would see nothing new, and the next is a minute away).
    await eventually(
      () =>
        queryD1(
          sql(
            `SELECT count(*) AS n FROM carrier_events WHERE store_id = 'demo' AND tracking_number = ? AND status = 'out_for_delivery'`,
            trackingNumber,
          ),
        ),
      (rows) => Number(rows[0]?.n) === 1,
    );

    // Not shipped yet, due days from now: the view asks once a minute (the clock ran on while D1 was read).
    const elapsed = (await page.evaluate(() => Date.now())) - drawnAt;
    await page.clock.fastForward(Math.max(0, VISIBLE_EVERY_MS - 3_000 - elapsed));
    await page.waitForTimeout(300);
    expect(refreshes).toEqual([]);
    await page.clock.fastForward(3_000);
    await expect.poll(() => shadowText(page), { timeout: 15_000, interval: 250 }).toContain("With the driver for delivery");
    expect(Date.now() - posted).toBeLessThan(15_000);
    expect(refreshes).toHaveLength(1);
    // Out for delivery now: every 10 s.
    await page.clock.fastForward(WATCHED_EVERY_MS);
    await expect.poll(() => refreshes.length).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // The timeline marks the current step for assistive technology.
    const current = tracking(page).locator('[aria-current="step"]');
    await expect.poll(() => current.textContent()).toContain("Out for delivery");
    expect(await shadowText(page)).toContain("Berlin, Germany");
    expect(problems).toEqual([]);
  });

  it("the demo's simulated carrier takes the live parcel to the door through signed EasyPost webhooks", async () => {
    const { page } = await watchedPage(await clockedContext());
    await page.clock.install();
    await page.goto(`${demo.storeUrl}/orders/status?order=${tokenOf("NW-1001")}`);
    // In transit, due in two days, the view asks once a minute: each look jumps the page's clock a minute on.
    await expect
      .poll(
        async () => {
          await page.clock.fastForward(VISIBLE_EVERY_MS);
          return shadowText(page);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain("Delivered, Front Door/Porch");
    const rows = await queryD1(
      sql(
        `SELECT count(*) AS n FROM webhook_deliveries WHERE store_id = 'demo' AND vendor = 'easypost' AND tracking_number = ?`,
        demo.liveTrackingNumber,
      ),
    );
    expect(Number(rows[0]!.n)).toBe(5);
  });

  it("shows the seeded states: two parcels, a delay with what happens next, a delivered order", async () => {
    const { page } = await watchedPage(context());
    await page.goto(`${demo.storeUrl}/orders/status?order=${tokenOf("NW-1002")}`);
    await expect.poll(() => shadowText(page)).toContain("Paket 2 von 2");

    await page.goto(`${demo.storeUrl}/orders/status?order=${tokenOf("NW-1003")}`);
    const banner = tracking(page).locator(".banner[role=status]");
    await banner.waitFor();
    expect(await banner.textContent()).toContain("The carrier reports a delay");
    expect(await banner.getByRole("link").getAttribute("href")).toMatch(/^mailto:/);

    await page.goto(`${demo.storeUrl}/orders/status?order=${tokenOf("NW-1004")}`);
    await expect.poll(() => shadowText(page)).toContain("Delivered, left at front door");
  });

  it("finds an order by number and email, and refuses a wrong pair without saying which part was wrong", async () => {
    const { page, problems } = await watchedPage(context());
    await page.goto(`${demo.storeUrl}/orders/status`);
    const root = tracking(page);
    await root.getByLabel("Order number").fill("NW-1004");
    await root.getByLabel("Email address").fill("someone@example.com");
    await root.getByRole("button", { name: "Find my order" }).click();
    await expect.poll(() => root.getByRole("alert").textContent()).toContain("couldn't find an order with that number and email");

    await root.getByLabel("Email address").fill("LUIS.ORTEGA@example.com");
    await root.getByRole("button", { name: "Find my order" }).click();
    await expect.poll(() => shadowText(page)).toContain("Order NW-1004");
    expect(problems).toEqual([]);
  });

  it("stores the shopper's update preference and draws the in-store return code", async () => {
    const { page, problems } = await watchedPage(context());
    await page.goto(`${demo.storeUrl}/orders/status?order=${tokenOf("NW-1004")}`);
    const root = tracking(page);
    await root.getByLabel("Text message").check();
    await root.getByLabel("Mobile number").fill("+1 720 555 0111");
    await root.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => shadowText(page)).toContain("Updates go to •••0111");
    const [row] = await eventually(
      () => queryD1(sql(`SELECT channel, contact FROM order_preferences WHERE store_id = 'demo' AND order_id = 'NW-1004'`)),
      (rows) => rows.length === 1,
    );
    expect(row).toEqual({ channel: "sms", contact: "+1 720 555 0111" });

    await root.getByRole("button", { name: "Show in-store return code" }).click();
    const code = root.getByRole("img", { name: "Return code for order NW-1004" });
    await code.waitFor();
    // Drawn by the worker: the image decodes, and its source is a QR path over the order's status link.
    await expect.poll(() => code.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const svg = await (await fetch(await code.evaluate((img: HTMLImageElement) => img.src))).text();
    expect(svg).toMatch(
      /^<svg [^>]*><title>[^<]*NW-1004<\/title><rect [^>]*\/><path d="(M\d+ \d+h\d+v1h-\d+z){50,}" fill="#000"\/><\/svg>$/,
    );
    expect(problems).toEqual([]);
  });
});
