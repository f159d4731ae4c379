/**
 * Issue 24 end to end, in Chromium: a shopper reviews a delivered item with a photo (a real JPEG from a
 * phone, camera metadata and all) from the review link a lifecycle message carries, then the demo
 * shop's product page shows it through `<div data-doorstep="reviews" data-sku>`: the stars, the
 * review with its signature and verified-buyer mark, the photo (served without its metadata), and the
 * product's JSON-LD in the page's <head>. Both pages under the axe audit (WCAG 2.x A and AA) and
 * without a console error or a CSP violation.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, inject, it } from "vitest";
import { sql } from "../../worker/storage/statement.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { eventually, queryD1 } from "./d1.ts";
import { merchantPost } from "./merchant.ts";

const demo = inject("demo");
const browser = browserPerFile();
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const SKU = "cirrus-wind-shell";

/** An order of the wind shell whose parcel arrived two days ago, signed by Robin Quill. */
async function deliveredOrder() {
  const id = `RV-${Date.now()}`;
  const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
  const lines = [{ sku: SKU, name: "Cirrus Wind Shell", family: "outerwear", quantity: 1, unitPrice: 9800 }];
  const { orderToken } = await merchantPost("/v1/orders", {
    id,
    placedAt: ago(100),
    currency: "USD",
    customer: { id: `c-${id}`, email: "robin@example.com", firstName: "Robin", lastName: "Quill" },
    lines,
    total: 9800,
  });
  await merchantPost(`/v1/orders/${id}/shipments`, {
    id: `${id}-1`,
    carrier: "UPS",
    trackingNumber: `1ZRV${Date.now()}`,
    lines: [{ sku: SKU, quantity: 1 }],
  });
  await merchantPost(`/v1/shipments/${id}-1/events`, {
    id: "delivered",
    status: "delivered",
    occurredAt: ago(48),
    location: "Portland, OR",
  });
  return { id, token: orderToken! };
}

/** A phone's photo: a real JPEG (libjpeg-turbo through sharp) with the camera's make and model in its Exif. */
const phonePhoto = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 110, b: 90 } } })
    .jpeg({ quality: 80 })
    .withExif({ IFD0: { Make: "Pixelphone", Model: "PX-9 Pro" } })
    .toBuffer();

/** Violations inside Doorstep's shadow roots on the page (as tests/e2e/a11y.test.ts audits them). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> };
      }
    ).axe;
    const include = [...document.querySelectorAll("[data-doorstep]")].map((el) => [
      `[data-doorstep="${el.getAttribute("data-doorstep")}"]`,
    ]);
    const { violations } = await axe.run(
      { include },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } },
    );
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`);
  });
  return violations;
}

/** Until the view has drawn (the skeleton gone) and any animation in it has finished. */
async function drawn(page: Page, view: string) {
  const el = page.locator(`[data-doorstep="${view}"]`);
  await page.waitForFunction((name) => {
    const root = document.querySelector(`[data-doorstep="${name}"]`)?.shadowRoot;
    return !!root?.querySelector(".ds") && !root.querySelector("[aria-busy='true']");
  }, view);
  await el.evaluate((host) => Promise.all(host.shadowRoot!.getAnimations().map((a) => a.finished)));
}

describe("a review with a photo, from the shopper's form to the product page's stars", () => {
  it("is written from the review link, published, and shown on the product page with its photo and JSON-LD", async () => {
    const order = await deliveredOrder();
    // Unique, and in words: a run of digits would read as a phone number and queue the review (personal_data).
    const title = `Packs into its own pocket, ${[...order.id.slice(-6)].map((d) => "abcdefghij"[Number(d)] ?? "x").join("")}`;
    const jpeg = await phonePhoto();
    expect(jpeg.includes("Pixelphone")).toBe(true);

    // The review link of a lifecycle message: the survey page opens straight on the item, five stars chosen.
    const shopper = await watchedPage(browser.context());
    await shopper.page.goto(`${demo.storeUrl}/feedback?order=${order.token}&ds_review=${SKU}&ds_stars=5`);
    const form = shopper.page.locator('[data-doorstep="survey"]');
    const item = form.getByRole("group", { name: "Rating for Cirrus Wind Shell" });
    await item.waitFor();
    expect(await item.getByRole("radio", { name: "5 of 5 stars" }).isChecked()).toBe(true);
    await item.getByLabel("Title (optional)").fill(title);
    await item.getByLabel("Your review (optional)").fill("Kept the wind off on the ridge.\nWeighs nothing.");
    await item.getByLabel("Photos (optional, up to 3)").setInputFiles({ name: "ridge.jpg", mimeType: "image/jpeg", buffer: jpeg });
    await item.getByText("ridge.jpg").waitFor();
    // Signed with the name, as by default.
    const sign = form.getByRole("group", { name: "Sign my reviews with" });
    expect(await sign.getByRole("button", { name: "My first name and last initial" }).getAttribute("aria-pressed")).toBe("true");
    expect(await axeViolations(shopper.page)).toEqual([]);
    await form.getByRole("button", { name: "Submit reviews" }).click();
    await form.getByRole("status").filter({ hasText: "Thanks for your reviews!" }).waitFor();
    // Saved: listed as the review's photo, no longer as a file to send.
    await item.getByText("Photo 1").waitFor();
    expect(await axeViolations(shopper.page)).toEqual([]);
    expect(shopper.problems).toEqual([]);

    const [review] = await queryD1(sql(`SELECT status, author, rating FROM reviews WHERE store_id = 'demo' AND order_id = ?`, order.id));
    expect(review).toEqual({ status: "published", author: "name", rating: 5 });
    const photos = await eventually(
      () => queryD1(sql(`SELECT key, content_type, width, height FROM review_photos WHERE store_id = 'demo' AND order_id = ?`, order.id)),
      (rows) => rows.length === 1,
    );
    expect(photos[0]).toMatchObject({ content_type: "image/jpeg", width: 640, height: 480 });

    // The product page, as the next shopper sees it.
    const next = await watchedPage(browser.context());
    await next.page.goto(`${demo.storeUrl}/products/${SKU}`);
    await drawn(next.page, "reviews");
    const reviews = next.page.locator('[data-doorstep="reviews"]');
    await reviews.getByRole("heading", { name: "Customer reviews", level: 2 }).waitFor();
    const { aggregate } = (await (await fetch(`${demo.workerOrigin}/v1/stores/demo/products/${SKU}/reviews`)).json()) as {
      aggregate: { count: number; average: number };
    };
    expect(aggregate.count).toBeGreaterThan(0);
    await reviews.getByText(`Rated ${aggregate.average.toFixed(1)} out of 5`).waitFor({ state: "attached" });
    await reviews.getByText(aggregate.count === 1 ? "1 review" : `${aggregate.count} reviews`, { exact: true }).waitFor();
    // The newest review first: this one, signed "Robin Q.", marked, with its stars in words and its photo.
    const mine = reviews.getByRole("listitem").filter({ has: next.page.getByRole("heading", { name: title }) });
    await mine.waitFor();
    expect(await mine.getByText("Robin Q.").count()).toBe(1);
    expect(await mine.getByText("Verified buyer").count()).toBe(1);
    expect(await mine.getByText("Rated 5 out of 5").count()).toBe(1);
    expect(await mine.getByText(/Kept the wind off on the ridge\./).textContent()).toBe("Kept the wind off on the ridge.\nWeighs nothing.");
    const img = mine.getByRole("img", { name: "Customer photo 1 of 1" });
    expect(await img.getAttribute("loading")).toBe("lazy");
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(640);
    // The photo anyone may fetch has lost the camera's metadata.
    const served = Buffer.from(await (await fetch((await img.getAttribute("src"))!)).arrayBuffer());
    expect(served.includes("Pixelphone")).toBe(false);
    expect((await sharp(served).metadata()).width).toBe(640);

    // The product's JSON-LD, in the page's own <head> (light DOM), once.
    const ld = await next.page.evaluate((sku) => {
      const scripts = [...document.head.querySelectorAll<HTMLScriptElement>("script[data-doorstep-jsonld]")];
      return scripts
        .map((s) => ({ sku: s.dataset.doorstepJsonld, type: s.type, doc: JSON.parse(s.textContent!) }))
        .filter((s) => s.sku === sku);
    }, SKU);
    expect(ld).toHaveLength(1);
    expect(ld[0]).toMatchObject({
      type: "application/ld+json",
      doc: {
        "@context": "https://schema.org",
        "@type": "Product",
        sku: SKU,
        aggregateRating: { "@type": "AggregateRating", reviewCount: aggregate.count, bestRating: 5, worstRating: 1 },
      },
    });
    expect(ld[0]!.doc.review[0]).toMatchObject({ "@type": "Review", name: title, author: { "@type": "Person", name: "Robin Q." } });

    expect(await axeViolations(next.page)).toEqual([]);
    expect(next.problems).toEqual([]);
  });
});
