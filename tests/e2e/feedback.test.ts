/**
 * The post-delivery survey and review prompts in real Chromium, with the keyboard alone: a delivered
 * order's tracking page opens the survey, every answer lands in D1 as it is given, the review form
 * follows, and the reviews land in D1 too. No mouse events are sent: only Tab, Space, Enter, arrows
 * and typing, so focus order and keyboard handling are what is tested.
 */
import type { Locator } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { sql } from "../../worker/storage/statement.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { merchantPost } from "./merchant.ts";
import { eventually, queryD1 } from "./d1.ts";
import { focusedText, tabTo } from "./keyboard.ts";

const demo = inject("demo");
const browser = browserPerFile();
const context = () => browser.context();

/** An order whose only parcel arrived two days ago: past the demo store's one-day "time to use it". */
async function deliveredOrder() {
  const id = `KB-${Date.now()}`;
  const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
  const lines = [
    { sku: "beacon-headlamp", name: "Beacon Headlamp", family: "lighting", quantity: 1, unitPrice: 4500 },
    { sku: "trail-sock-3pack", name: "Trail Sock 3-Pack", family: "apparel", quantity: 1, unitPrice: 2400 },
  ];
  const { orderToken } = await merchantPost("/v1/orders", {
    id,
    placedAt: ago(100),
    currency: "USD",
    customer: { id: `c-${id}`, email: "keyboard@example.com" },
    lines,
    total: 6900,
  });
  await merchantPost(`/v1/orders/${id}/shipments`, {
    id: `${id}-1`,
    carrier: "UPS",
    trackingNumber: `1Z${Date.now()}`,
    lines: lines.map(({ sku }) => ({ sku, quantity: 1 })),
  });
  await merchantPost(`/v1/shipments/${id}-1/events`, { id: "delivered", status: "delivered", occurredAt: ago(48), location: "Denver, CO" });
  return { id, token: orderToken! };
}

const surveyRow = (orderId: string) =>
  queryD1(
    sql(
      `SELECT rating, standout_choice, standout_text, wants, comment, sentiment, next_action, steps_answered, completed_at FROM survey_responses WHERE store_id = 'demo' AND order_id = ?`,
      orderId,
    ),
  );

async function heading(root: Locator, name: string) {
  const h = root.getByRole("heading", { name });
  await h.waitFor();
  return h;
}

describe("survey and reviews, keyboard only", () => {
  it("answers the survey inside the tracking page, saving each step, then reviews an item", async () => {
    const order = await deliveredOrder();
    const { page, problems } = await watchedPage(context());
    await page.goto(`${demo.storeUrl}/orders/status?order=${order.token}`);
    const root = page.locator('[data-doorstep="tracking"]');
    await heading(root, "How was your experience overall?");

    // Question 1: a tap (here Space) on a rating saves it at once.
    await tabTo(page, "4 · Good");
    await page.keyboard.press("Space");
    await heading(root, "What stood out?");
    // Focus moves to the new question, so a screen reader reads it next.
    expect(await focusedText(page)).toBe("What stood out?");
    const [afterOne] = await eventually(
      () => surveyRow(order.id),
      (rows) => rows.length === 1,
    );
    expect(afterOne).toMatchObject({ rating: 4, steps_answered: 1, completed_at: null });

    // Question 2: optional words, then a choice.
    await tabTo(page, "Tell us more (optional)");
    await page.keyboard.type("Arrived before the weekend");
    await tabTo(page, "Delivery speed");
    await page.keyboard.press("Enter");
    await heading(root, "Would you like anything from us?");
    await eventually(
      () => surveyRow(order.id),
      (rows) => rows[0]?.steps_answered === 2,
    );

    // Question 3 finishes it: three taps in all.
    await tabTo(page, "A tip for using it");
    await page.keyboard.press("Enter");
    await heading(root, "Thank you! Your answers help us get better.");
    const [done] = await eventually(
      () => surveyRow(order.id),
      (rows) => rows[0]?.steps_answered === 3,
    );
    expect(done).toMatchObject({
      rating: 4,
      standout_choice: "delivery_speed",
      standout_text: "Arrived before the weekend",
      wants: "tip",
      sentiment: "positive",
      next_action: "cross_sell",
    });
    expect(done!.completed_at).toEqual(expect.any(String));

    // The review form follows, for every respondent. Stars are a radio group: arrows pick the rating.
    await heading(root, "Review your items");
    await tabTo(page, "1 of 5 stars");
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
    expect(await focusedText(page)).toBe("5 of 5 stars");
    await page.keyboard.press("Tab");
    expect(await focusedText(page)).toBe("Title (optional)");
    await page.keyboard.type("Bright & light <b>really</b>");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Lit the whole trail.");
    await tabTo(page, "Submit reviews");
    await page.keyboard.press("Enter");
    await root.getByRole("status").filter({ hasText: "Thanks for your reviews!" }).waitFor();
    const reviews = await queryD1(sql(`SELECT sku, rating, title, body FROM reviews WHERE store_id = 'demo' AND order_id = ?`, order.id));
    expect(reviews).toEqual([{ sku: "beacon-headlamp", rating: 5, title: "Bright & light <b>really</b>", body: "Lit the whole trail." }]);

    // Steps answered and the review invitation went through the event pipeline as well.
    const events = await eventually(
      () =>
        queryD1(
          sql(`SELECT type, target FROM widget_events WHERE store_id = 'demo' AND order_id = ? ORDER BY occurred_at, type`, order.id),
        ),
      (rows) => rows.some((r) => r.type === "review_submit"),
    );
    expect(events.map((e) => `${e.type}:${e.target}`)).toEqual(
      expect.arrayContaining(["view:survey", "survey_step:1", "survey_step:2", "survey_step:3", "review_invite:survey", "review_submit:1"]),
    );
    expect(problems).toEqual([]);
  });

  it("resumes where the shopper left off after a reload, on the survey page the email links to", async () => {
    const order = await deliveredOrder();
    const { page, problems } = await watchedPage(context());
    // The order's reads (not its writes, nor the events): only the survey's part of it (issue 22).
    const reads: string[] = [];
    const orderUrl = `${demo.workerOrigin}/v1/o/${order.token}`;
    page.on("request", (r) => {
      if (r.method() === "GET" && r.url().split("?")[0] === orderUrl) reads.push(r.url());
    });
    await page.goto(`${demo.storeUrl}/feedback?order=${order.token}`);
    const root = page.locator('[data-doorstep="survey"]');
    await heading(root, "How was your experience overall?");
    await tabTo(page, "2 · Poor");
    await page.keyboard.press("Space");
    await heading(root, "What slowed you down?");
    await eventually(
      () => surveyRow(order.id),
      (rows) => rows.length === 1,
    );

    await page.reload();
    await heading(root, "What slowed you down?");
    await tabTo(page, "Packaging");
    await page.keyboard.press("Enter");
    await tabTo(page, "No, thanks");
    await page.keyboard.press("Enter");
    // A detractor is offered support, and still invited to review.
    await heading(root, "We're sorry it wasn't better. We'd like to make it right.");
    await heading(root, "Review your items");
    const [row] = await eventually(
      () => surveyRow(order.id),
      (rows) => rows[0]?.steps_answered === 3,
    );
    expect(row).toMatchObject({ rating: 2, standout_choice: "packaging", wants: "none", sentiment: "negative" });
    // Once per page load, the loader's; the review form after the answers reads nothing more.
    expect(reads).toEqual([`${orderUrl}?view=survey`, `${orderUrl}?view=survey`]);
    expect(problems).toEqual([]);
  });
});
