/**
 * The shopper's flows with the keyboard alone in Chromium (the survey and reviews have their own file,
 * feedback.test.ts; the offer click is in offers.test.ts): finding an order, choosing how to hear
 * about it, starting a return. Only Tab, arrows, Space, Enter and typing; the outcome checked in D1
 * or where the page went.
 */
import { describe, expect, inject, it } from "vitest";
import { sql } from "../../worker/storage/statement.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { eventually, queryD1 } from "./d1.ts";
import { focusedText, tabTo } from "./keyboard.ts";

const demo = inject("demo");
const browser = browserPerFile();
const token = (orderId: string) => demo.seeded.find((o) => o.orderId === orderId)!.orderToken;

describe("keyboard only", () => {
  it("finds an order by number and email", async () => {
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(`${demo.storeUrl}/orders/status`);
    const root = page.locator('[data-doorstep="tracking"]');
    await root.getByLabel("Order number").waitFor();
    await tabTo(page, "Order number");
    await page.keyboard.type("NW-1003");
    await page.keyboard.press("Tab");
    expect(await focusedText(page)).toBe("Email address");
    await page.keyboard.type("priya.raman@example.com");
    await page.keyboard.press("Enter");
    await root.getByText("Order NW-1003").waitFor();
    expect(problems).toEqual([]);
  });

  it("chooses text-message updates and saves them", async () => {
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(`${demo.storeUrl}/orders/status?order=${token("NW-1002")}`);
    const root = page.locator('[data-doorstep="tracking"]');
    await root.getByRole("button", { name: /Speichern/ }).waitFor();
    // A radio group: Tab reaches the chosen option, arrows move the choice.
    await tabTo(page, "E-Mail");
    await page.keyboard.press("ArrowDown");
    expect(await focusedText(page)).toMatch(/^SMS/);
    await page.keyboard.press("Tab");
    await page.keyboard.type("+49 30 555 0199");
    await tabTo(page, "Speichern");
    await page.keyboard.press("Enter");
    const [row] = await eventually(
      () => queryD1(sql(`SELECT channel, contact FROM order_preferences WHERE store_id = 'demo' AND order_id = 'NW-1002'`)),
      (rows) => rows[0]?.channel === "sms",
    );
    expect(row).toEqual({ channel: "sms", contact: "+49 30 555 0199" });
    // The confirmation is announced where focus can find it.
    await expect.poll(() => root.getByRole("status").filter({ hasText: "0199" }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it("starts a return", async () => {
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(`${demo.storeUrl}/orders/status?order=${token("NW-1004")}`);
    await page
      .locator('[data-doorstep="tracking"]')
      .getByRole("link", { name: /Start a return/ })
      .waitFor();
    await tabTo(page, "Start a return");
    await Promise.all([page.waitForURL(/\/returns$/), page.keyboard.press("Enter")]);
    expect(problems).toEqual([]);
  });
});
