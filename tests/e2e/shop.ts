/** Shopper actions in the demo shop, shared by the end-to-end tests. */
import type { Page } from "playwright-core";
import { expect, inject } from "vitest";

/** Buys the first product and answers the order token from the thank-you page's URL. */
export async function checkout(page: Page, country: "US" | "DE" = "US"): Promise<string> {
  const demo = inject("demo");
  await page.goto(`${demo.storeUrl}/`);
  await page.locator('a[href^="/products/"]').first().click();
  await page.getByRole("button", { name: /add to (cart|bag)/i }).click();
  await page.goto(`${demo.storeUrl}/cart`);
  await page.getByLabel(/name/i).first().fill("Sam Shopper");
  await page.getByLabel(/email/i).fill("sam@example.com");
  await page.getByLabel(/country/i).selectOption(country);
  await Promise.all([page.waitForURL(/\/thank-you\?order=/), page.getByRole("button", { name: /place order|pay|checkout/i }).click()]);
  const token = new URL(page.url()).searchParams.get("order");
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return token!;
}

export const widget = (page: Page) => page.locator('[data-doorstep="confirmation"]');
