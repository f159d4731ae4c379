/**
 * Reads from replicas, end to end (issue 23): in real Chromium on the demo shop's pages, a shopper's
 * write is answered with a D1 bookmark (`Doorstep-Bookmark`) the page may read (CORS exposes it), and
 * the widget's next read of the order sends it back, through the preflight the header needs, and is
 * answered. `wrangler dev` has no replicas, so the read sees the write anyway: what is tested is that
 * the browser lets the bookmark go out and come back, and that nothing about it breaks a page.
 */
import type { Request } from "playwright-core";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { VISIBLE_EVERY_MS } from "../../widget/views/tracking/pace.ts";
import { browserPerFile, PHONE, watchedPage } from "./browser.ts";
import { merchantPost } from "./merchant.ts";

const demo = inject("demo");
const browser = browserPerFile();
const BOOKMARK = "doorstep-bookmark";
const isBookmark = (value: string | undefined) => !!value && /^[0-9a-f]+(?:-[0-9a-f]+)+$/.test(value);

/** An order with one parcel, moving (the tracking page polls it) or delivered two days ago (the survey opens). */
async function orderWithParcel(delivered: boolean) {
  const id = `BM-${Date.now()}-${delivered ? "d" : "t"}`;
  const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
  const lines = [{ sku: "beacon-headlamp", name: "Beacon Headlamp", family: "lighting", quantity: 1, unitPrice: 4500 }];
  const { orderToken } = await merchantPost("/v1/orders", {
    id,
    placedAt: ago(100),
    currency: "USD",
    customer: { id: `c-${id}`, email: "bookmark@example.com" },
    lines,
    total: 4500,
  });
  await merchantPost(`/v1/orders/${id}/shipments`, { id: `${id}-1`, carrier: "UPS", trackingNumber: `1Z${Date.now()}`, lines });
  await merchantPost(`/v1/shipments/${id}-1/events`, {
    id: "scan",
    status: delivered ? "delivered" : "in_transit",
    occurredAt: ago(48),
    location: "Denver, CO",
  });
  return orderToken!;
}

describe("the D1 bookmark in the browser", () => {
  it("the tracking page's update choice: its bookmark goes with the next poll, which is answered", async () => {
    const token = await orderWithParcel(false);
    // A context of its own: the page's clock is Playwright's (jumped a minute on below), and the events
    // the widget queues carry its time, which must not reach the next test's page.
    const context = await browser.session().browser.newContext(PHONE);
    onTestFinished(() => context.close());
    const { page, problems } = await watchedPage(context);
    await page.clock.install();
    const orderUrl = `${demo.workerOrigin}/v1/o/${token}`;
    const requests: Request[] = [];
    page.on("request", (r) => {
      // The first read may ask for the page's offers too (?offers=tracking).
      if (r.url().split("?")[0] === orderUrl) requests.push(r);
    });
    await page.goto(`${demo.storeUrl}/orders/status?order=${token}`);
    const root = page.locator('[data-doorstep="tracking"]');
    await root.getByRole("radio", { name: "Email" }).waitFor();
    // The page's first read holds no bookmark: a simple request, no preflight.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.headers()[BOOKMARK] === undefined)).toBe(true);

    const saved = page.waitForResponse((r) => r.url() === `${orderUrl}/preferences` && r.request().method() === "POST");
    await root.getByRole("radio", { name: "Email" }).check();
    await root.getByRole("button", { name: "Save" }).click();
    const answer = await saved;
    expect(answer.status()).toBe(200);
    const written = (await answer.allHeaders())[BOOKMARK];
    expect(isBookmark(written)).toBe(true);
    expect((await answer.allHeaders())["access-control-expose-headers"]).toMatch(/Doorstep-Bookmark/);

    // The next poll (the page's clock jumped a minute on: the slowest visible pace) carries it and is answered:
    // Chromium asked first (a preflight, which Playwright does not list) and the worker allowed the
    // header, or the poll would have failed with a CORS error on the console.
    const polling = page.waitForRequest((r) => r.url() === `${orderUrl}?view=tracking` && r.method() === "GET" && !!r.headers()[BOOKMARK], {
      timeout: 20_000,
    });
    await page.clock.fastForward(VISIBLE_EVERY_MS);
    const poll = await polling;
    expect(poll.headers()[BOOKMARK]! >= written!).toBe(true);
    const polled = await poll.response();
    expect([200, 304]).toContain(polled!.status());
    await root
      .getByRole("status")
      .filter({ hasText: /Updates go to/ })
      .waitFor();
    expect(problems).toEqual([]);
  });

  it("a survey answer's bookmark, sent back from the shop's page, reads the answer", async () => {
    const token = await orderWithParcel(true);
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(`${demo.storeUrl}/feedback?order=${token}`);
    const root = page.locator('[data-doorstep="survey"]');
    await root.getByRole("heading", { name: "How was your experience overall?" }).waitFor();
    const saved = page.waitForResponse((r) => r.url() === `${demo.workerOrigin}/v1/o/${token}/survey`);
    await root.getByRole("button", { name: "4 · Good" }).click();
    const written = (await (await saved).allHeaders())[BOOKMARK];
    expect(isBookmark(written)).toBe(true);

    // As the widget reads after a write: from the shop's origin, with the bookmark (a preflighted request).
    const read = await page.evaluate(
      async ({ url, bookmark }) => {
        const res = await fetch(url, { headers: { "Doorstep-Bookmark": bookmark }, credentials: "omit" });
        const view = (await res.json()) as { feedback: { survey: { rating?: number } | null } };
        return { status: res.status, rating: view.feedback.survey?.rating, bookmark: res.headers.get("Doorstep-Bookmark") };
      },
      { url: `${demo.workerOrigin}/v1/o/${token}`, bookmark: written! },
    );
    expect(read.status).toBe(200);
    expect(read.rating).toBe(4);
    expect(read.bookmark! >= written!).toBe(true);
    expect(problems).toEqual([]);
  });
});
