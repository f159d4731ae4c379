/**
 * Store platforms end to end, against the run's `wrangler dev` (issue 19): a signed Shopify
 * orders/create, shaped as Shopify sends it and in the currency the shopper paid (JPY), becomes the
 * branded confirmation in Chromium under Shopify's order number; and the operator's
 * `platform:backfill`, run as a merchant runs it, reads a stand-in of Shopify's Admin GraphQL API
 * (pages, a 429, a THROTTLED answer) into the same local D1 without sending anything whose time has
 * passed.
 */
import { execFile } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { shopifyGraphqlOrders, wooRestOrders } from "../../scripts/lib/platform-samples.ts";
import { startPlatformStandIn } from "../../scripts/lib/platform-stand-in.ts";
import { createLoginLink } from "../../scripts/lib/store-admin.ts";
import { ROOT } from "../../scripts/lib/wrangler.ts";
import { sql } from "../../worker/storage/statement.ts";
import jpy from "../worker/fixtures/platforms/shopify/orders-create-jpy-presentment.json";
import sencha from "../worker/fixtures/platforms/shopify/products-update.json";
import { launchBrowser, PHONE, watchedPage, type BrowserSession } from "./browser.ts";
import { queryD1 } from "./d1.ts";
import { widget } from "./shop.ts";

const demo = inject("demo");
const SHOP = "e2e-kyusu.myshopify.com";
let session: BrowserSession;
let context: BrowserContext;

beforeAll(async () => {
  session = await launchBrowser();
  context = await session.browser.newContext(PHONE);
});
afterAll(async () => {
  await context?.close();
  await session?.close();
});

async function connectShopify(body: Record<string, string>) {
  const res = await fetch(`${demo.workerOrigin}/v1/admin/connections/shopify`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${demo.apiKey}` },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { webhookUrl: string; topics: string[] };
}

describe("store platforms, end to end", () => {
  it("a signed Shopify orders/create becomes the confirmation view: Shopify's number, the shopper's currency", async () => {
    const secret = `shpss_${randomUUID().replace(/-/g, "")}`;
    const { webhookUrl, topics } = await connectShopify({ shop: SHOP, secret });
    expect(webhookUrl).toBe(`${demo.workerOrigin}/v1/platforms/shopify/demo`);
    expect(topics).toContain("orders/create");

    const id = 5_900_000_000_000 + Math.floor(Math.random() * 1e9);
    const order = {
      ...jpy,
      id,
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      name: `#E${String(id).slice(-5)}`,
      created_at: new Date().toISOString(),
      processed_at: new Date().toISOString(),
    };
    const deliver = (topic: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      return fetch(webhookUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": topic,
          "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("base64"),
          "X-Shopify-Shop-Domain": SHOP,
          "X-Shopify-Webhook-Id": randomUUID(),
          "X-Shopify-API-Version": "2025-07",
        },
        body,
      });
    };
    // The tea's product first: the catalogue gives the order's line its picture, on Shopify's CDN.
    expect((await deliver("products/update", { ...sencha, updated_at: new Date().toISOString() })).status).toBe(202);
    const started = performance.now();
    const res = await deliver("orders/create", order);
    // Answered well inside Shopify's 5 seconds: enqueued (issue 23), the work happens after the answer.
    expect(res.status).toBe(202);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await res.json()).toEqual({ received: true, queued: true, topic: "orders/create" });

    // Support finds it at once by Shopify's order id; it carries the token the shopper's link holds.
    let token: string | null = null;
    for (let i = 0; i < 100 && !token; i++) {
      const read = await fetch(`${demo.workerOrigin}/v1/admin/orders/${id}`, { headers: { Authorization: `Bearer ${demo.apiKey}` } });
      if (read.ok) token = ((await read.json()) as { orderToken: string | null }).orderToken;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // A Shopify shop's own Content-Security-Policy allows its CDN; the demo shop's lists only its own
    // origins, so this page goes without it.
    const shopifyShop = await session.browser.newContext({ ...PHONE, bypassCSP: true });
    const { page, problems } = await watchedPage(shopifyShop);
    // Shopify's CDN cannot be reached from here: a stand-in answers for it, and says what was asked.
    const pictures: string[] = [];
    await page.route("https://cdn.shopify.com/**", (route) => {
      pictures.push(route.request().url());
      void route.fulfill({
        contentType: "image/svg+xml",
        body: '<svg xmlns="http://www.w3.org/2000/svg" width="168" height="168"><rect width="168" height="168" fill="#7a9a5a"/></svg>',
      });
    });
    await page.goto(`${demo.storeUrl}/thank-you?order=${token}`);
    const root = widget(page);
    await root.getByText(order.name, { exact: false }).first().waitFor();
    // ￥3,780: JPY has no minor unit, the shopper paid in yen though the shop sells in dollars, and the
    // widget formats in the shopper's locale (customer_locale "ja").
    const total = new Intl.NumberFormat("ja", { style: "currency", currency: "JPY" }).format(3780);
    await root.getByText(total).first().waitFor();
    await root.getByText("Cast Iron Kettle - Black").first().waitFor();
    await root.getByText("Sencha Green Tea - 100g").first().waitFor();
    // Its picture is asked for at the size the view draws it (56 px, three device pixels to one), not the
    // shop's original, and drawn.
    const picture = root.locator('img[src^="https://cdn.shopify.com/"]');
    // Loaded lazily: once the shopper scrolls to it.
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(168);
    expect(pictures).toEqual(["https://cdn.shopify.com/s/files/1/0610/0020/products/sencha.jpg?width=168"]);
    expect(problems).toEqual([]);
    await shopifyShop.close();
    // Out of the demo store's catalogue again, as the shop would withdraw it.
    expect((await deliver("products/delete", { id: sencha.id })).status).toBe(202);

    // Support types the number the shopper quotes into the dashboard's order panel.
    const { url } = await createLoginLink("demo", demo.workerOrigin, { persistTo: demo.persistTo });
    const dashboard = await watchedPage(context);
    await dashboard.page.goto(url);
    await dashboard.page.getByLabel("Order (id or number)").fill(order.name);
    await dashboard.page.getByRole("button", { name: "Show the order" }).click();
    const summary = dashboard.page.locator(".order-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain(
      `Order ${order.name} from Shopify · ${new Intl.NumberFormat("en-US", { style: "currency", currency: "JPY" }).format(3780)}`,
    );
    await dashboard.page.getByText(`Order ${order.name}: lifecycle messages`).waitFor();
    expect(dashboard.problems).toEqual([]);
  });

  it("npm run doorstep -- platform:backfill pages through Shopify's Admin API into D1, and sends nothing whose time has passed", async () => {
    const now = new Date();
    // None within a day of the 60-day edge: the command reads its own clock a few seconds after ours.
    const edge = now.getTime() - 60 * 86_400_000;
    const orders = shopifyGraphqlOrders(70, now, 80)
      .filter((o) => Math.abs(Date.parse(o.createdAt!) - edge) > 86_400_000)
      .map((o, i) => ({
        ...o,
        legacyResourceId: String(6_400_000_000_000 + i),
        id: `gid://shopify/Order/${6_400_000_000_000 + i}`,
        name: `#B${3000 + i}`,
      }));
    const standIn = await startPlatformStandIn({
      shopifyToken: "shpat_backfill_e2e",
      shopifyOrders: orders,
      failures: { shopify: { 2: "429", 3: "throttled" } },
    });
    try {
      await connectShopify({ shop: SHOP, secret: `shpss_${randomUUID().replace(/-/g, "")}`, token: "shpat_backfill_e2e" });
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(ROOT, "scripts/doorstep.ts"), "platform:backfill", "--id", "demo", "--days", "60", "--persist-to", demo.persistTo],
        {
          cwd: ROOT,
          env: { ...process.env, SHOPIFY_API_URL: standIn.url },
          timeout: 120_000,
        },
      );
      const summary = JSON.parse(stdout) as { orders: number; created: number; failed: unknown[]; pages: number; platform: string };
      const expected = orders.filter((o) => Date.parse(o.createdAt!) >= edge).length;
      expect(summary).toMatchObject({ platform: "shopify", orders: expected, created: expected, failed: [], pages: 2 });
      expect(standIn.requests.shopify.length).toBe(4);

      const [counts] = await queryD1(
        sql(
          `SELECT count(*) AS orders,
             (SELECT count(*) FROM lifecycle_moments m JOIN orders o2 ON o2.store_id = m.store_id AND o2.id = m.order_id
               WHERE m.store_id = 'demo' AND o2.number LIKE '#B%' AND m.due_at <= ? AND NOT (m.status = 'suppressed' AND m.reason = 'backfill')) AS pastNotSuppressed,
             (SELECT count(*) FROM lifecycle_moments m JOIN orders o2 ON o2.store_id = m.store_id AND o2.id = m.order_id
               WHERE m.store_id = 'demo' AND o2.number LIKE '#B%' AND m.status = 'scheduled') AS ahead,
             (SELECT count(*) FROM shipments s JOIN orders o3 ON o3.store_id = s.store_id AND o3.id = s.order_id WHERE s.store_id = 'demo' AND o3.number LIKE '#B%') AS parcels
           FROM orders WHERE store_id = 'demo' AND number LIKE '#B%'`,
          now.toISOString(),
        ),
      );
      expect(counts).toMatchObject({ orders: expected, pastNotSuppressed: 0 });
      expect(Number(counts!.ahead)).toBeGreaterThan(0);
      expect(Number(counts!.parcels)).toBeGreaterThan(0);
    } finally {
      await standIn.close();
    }
  });

  it("platform:backfill reads WooCommerce's REST API from the connected site into D1", async () => {
    const now = new Date();
    const edge = now.getTime() - 60 * 86_400_000;
    const orders = wooRestOrders(200, now, 90)
      .filter((o) => Math.abs(Date.parse(`${o.date_created_gmt}Z`) - edge) > 86_400_000)
      .map((o, i): Record<string, unknown> => ({ ...o, id: 880_000 + i, number: `W${880_000 + i}` }));
    const standIn = await startPlatformStandIn({
      wooKey: "ck_e2e_backfill",
      wooSecret: "cs_e2e_backfill",
      wooOrders: orders,
      failures: { woocommerce: { 1: "503" } },
    });
    try {
      const res = await fetch(`${demo.workerOrigin}/v1/admin/connections/woocommerce`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${demo.apiKey}` },
        body: JSON.stringify({
          site: standIn.url,
          secret: "wc_e2e_webhook_secret",
          key: "ck_e2e_backfill",
          consumerSecret: "cs_e2e_backfill",
        }),
      });
      expect(res.status).toBe(200);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          join(ROOT, "scripts/doorstep.ts"),
          "platform:backfill",
          "--id",
          "demo",
          "--platform",
          "woocommerce",
          "--days",
          "60",
          "--persist-to",
          demo.persistTo,
        ],
        { cwd: ROOT, timeout: 120_000 },
      );
      const expected = orders.filter((o) => Date.parse(`${o.date_created_gmt}Z`) >= edge);
      expect(JSON.parse(stdout)).toMatchObject({
        platform: "woocommerce",
        orders: expected.length,
        created: expected.length,
        failed: [],
        pages: Math.ceil(expected.length / 100),
      });
      const [counts] = await queryD1(
        sql(
          `SELECT count(*) AS orders, sum(cancelled_at IS NOT NULL) AS cancelled,
             (SELECT count(*) FROM shipments s WHERE s.store_id = 'demo' AND s.id LIKE 'woocommerce-88%') AS parcels
           FROM orders WHERE store_id = 'demo' AND source = 'woocommerce' AND number LIKE '#W88%'`,
        ),
      );
      expect(counts).toMatchObject({
        orders: expected.length,
        cancelled: expected.filter((o) => o.status === "cancelled").length,
        parcels: expected.length,
      });
    } finally {
      await standIn.close();
    }
  });
});
