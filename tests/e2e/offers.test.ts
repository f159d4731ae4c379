/**
 * An offer from click to attributed order, end to end: the merchant's server posts an order, the
 * confirmation page in Chromium shows an offer with its reason, the shopper follows it (keyboard), the
 * click lands in D1 through the event queue, and the same customer's next order with that product is
 * recorded as the offer's conversion.
 */
import { describe, expect, inject, it } from "vitest";
import { armOf } from "../../worker/domain/offers/holdout.ts";
import { sql } from "../../worker/storage/statement.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { eventually, queryD1 } from "./d1.ts";

const demo = inject("demo");
const browser = browserPerFile();
const context = () => browser.context();

async function postOrder(id: string, customerId: string, sku: string, name: string, unitPrice: number) {
  const res = await fetch(`${demo.workerOrigin}/v1/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${demo.apiKey}` },
    body: JSON.stringify({
      id,
      placedAt: new Date().toISOString(),
      currency: "USD",
      customer: { id: customerId, email: `${customerId}@example.com` },
      lines: [{ sku, name, quantity: 1, unitPrice }],
      total: unitPrice,
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { orderToken: string }).orderToken;
}

/** A customer the demo store's 10% holdout leaves in the treatment arm (holdout customers see no offers). */
function treatedCustomer(): string {
  for (let i = 0; ; i++) if (armOf("demo", `offer-e2e-${Date.now()}-${i}`, 0.1) === "treatment") return `offer-e2e-${Date.now()}-${i}`;
}

describe("offers, end to end", () => {
  it("a click on an offer leads to an attributed order", async () => {
    const customer = treatedCustomer();
    const first = `OF-${Date.now()}`;
    const token = await postOrder(first, customer, "summit-daypack", "Summit Daypack", 8900);

    const { page, problems } = await watchedPage(context());
    await page.goto(`${demo.storeUrl}/thank-you?order=${token}`);
    const widget = page.locator('[data-doorstep="confirmation"]');
    await widget.getByRole("heading", { name: "Picked for you" }).waitFor();
    // The store pairs a headlamp with the daypack: the offer says so, with its price.
    const offer = widget.getByRole("link", { name: /Beacon 400 Headlamp/ });
    expect(await offer.textContent()).toContain("Pairs well with your Summit Daypack 18L");
    expect(await offer.textContent()).toMatch(/\$\d+\.\d\d/);
    const decision = await eventually(
      () => queryD1(sql(`SELECT arm, placement FROM offer_decisions WHERE store_id = 'demo' AND order_id = ?`, first)),
      (rows) => rows.length > 0,
    );
    expect(decision[0]).toEqual({ arm: "treatment", placement: "confirmation" });

    // Followed with the keyboard: the link takes the shopper to the product page on the shop.
    await offer.focus();
    await Promise.all([page.waitForURL(/\/products\/beacon-headlamp$/), page.keyboard.press("Enter")]);
    const [click] = await eventually(
      () => queryD1(sql(`SELECT id, target FROM widget_events WHERE store_id = 'demo' AND order_id = ? AND type = 'offer_click'`, first)),
      (rows) => rows.length === 1,
    );
    expect(click!.target).toMatch(/^[a-z_]+:beacon-headlamp$/);

    // The shopper comes back and buys it: the order is the click's conversion, with its revenue.
    const second = `${first}-B`;
    await postOrder(second, customer, "beacon-headlamp", "Beacon Headlamp", 4500);
    const conversions = await queryD1(
      sql(`SELECT sku, click_event_id, revenue FROM offer_conversions WHERE store_id = 'demo' AND order_id = ?`, second),
    );
    expect(conversions).toEqual([{ sku: "beacon-headlamp", click_event_id: click!.id, revenue: 4500 }]);
    // An order of something else by the same customer is nobody's conversion.
    await postOrder(`${first}-C`, customer, "trail-sock-3pack", "Trail Sock 3-Pack", 2400);
    expect(await queryD1(sql(`SELECT 1 FROM offer_conversions WHERE store_id = 'demo' AND order_id = ?`, `${first}-C`))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
