/**
 * A merchant's own surveys in real Chromium against the real worker (issue 25): a store of this file's
 * own whose surveys are set through `PUT /v1/admin/surveys/{placement}`, its pages on the merchant's
 * site. Every question type answered with the keyboard alone, each answer landing in D1 as it is given;
 * the axe audit over every question type and state (unanswered, answered, Other open, an error); the
 * `dataLayer` pushes as the page sees them; the attribution tap on the thank-you page landing as a row.
 */
import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AttributionReport, SurveyDefinitionInput } from "../../contract/surveys.ts";
import { demoStoreSettings } from "../../demo-store/settings.ts";
import { ensureLocalSecretKey } from "../../scripts/lib/dev-vars.ts";
import { createStore, parseSettings } from "../../scripts/lib/store-admin.ts";
import { sql } from "../../worker/storage/statement.ts";
import { expectNoViolations } from "./axe.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { eventually, queryD1 } from "./d1.ts";
import { focusedText, tabTo } from "./keyboard.ts";
import { merchantSitePerFile } from "./merchant-site.ts";

const demo = inject("demo");
const browser = browserPerFile({ viewport: { width: 320, height: 720 }, locale: "en-US", timezoneId: "America/New_York" });
const site = merchantSitePerFile();
const STORE = `surveys-${Date.now()}`;
let apiKey = "";

/** Every type but attribution after delivery (five questions, the most a survey has); attribution on the thank-you page. */
const POST_DELIVERY: SurveyDefinitionInput = {
  enabled: true,
  audience: "all",
  questions: [
    { id: "overall", type: "rating", text: { en: "How was your order overall?" } },
    { id: "recommend", type: "nps", text: { en: "How likely are you to recommend us to a friend?" } },
    {
      id: "fit",
      type: "single_choice",
      text: { en: "How did it fit?" },
      options: [
        { id: "small", text: { en: "Too small" } },
        { id: "right", text: { en: "Just right" } },
        { id: "large", text: { en: "Too large" } },
      ],
      other: true,
    },
    {
      id: "used_for",
      type: "multiple_choice",
      text: { en: "What will you use it for?" },
      optional: true,
      options: [
        { id: "hiking", text: { en: "Hiking" } },
        { id: "commuting", text: { en: "Commuting" } },
        { id: "travel", text: { en: "Travel" } },
      ],
      other: true,
    },
    { id: "anything", type: "short_text", text: { en: "Anything else we should know?" }, optional: true },
  ],
};
const CONFIRMATION: SurveyDefinitionInput = {
  enabled: true,
  audience: "all",
  questions: [{ id: "heard_from", type: "attribution", other: true }],
};

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${demo.workerOrigin}${path}`, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, `${method} ${path}: ${res.status} ${res.ok ? "" : await res.clone().text()}`).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}

beforeAll(async () => {
  // A store of this file's own: its surveys must not change what the demo store's tests see.
  const settings = { ...demoStoreSettings(demo.storeUrl), origins: [site.origin()], analytics: { dataLayer: true } };
  // In shard s1, beside the demo store in s0: the widget runs on tokens carrying their shard (s1.…).
  ({ apiKey } = await createStore(STORE, parseSettings(settings), ensureLocalSecretKey(), { persistTo: demo.persistTo }, { shard: "s1" }));
  await admin("PUT", "/v1/admin/surveys/post_delivery", POST_DELIVERY);
  await admin("PUT", "/v1/admin/surveys/confirmation", CONFIRMATION);
});

/** A fresh order of the store's (total 113.00 USD: the 100–250 band). */
async function newOrder(placedHoursAgo = 0) {
  const id = `SV-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const { orderToken } = await admin("POST", "/v1/orders", {
    id,
    placedAt: new Date(Date.now() - placedHoursAgo * 3_600_000).toISOString(),
    currency: "USD",
    customer: { id: `c-${id}`, email: "survey@example.com" },
    lines: [
      { sku: "summit-daypack", name: "Summit Daypack 18L", quantity: 1, unitPrice: 8900 },
      { sku: "trail-sock-3pack", name: "Trail Sock 3-Pack", quantity: 1, unitPrice: 2400 },
    ],
    total: 11300,
  });
  return { id, token: String(orderToken) };
}

const page = (view: string, token: string) =>
  site.page(
    `/${view}-${token.slice(0, 8)}`,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${view}</title>
<script async src="${demo.workerOrigin}/doorstep.js" data-store="${STORE}"></script></head>
<body><main><h1>Your order</h1><div data-doorstep="${view}" data-order="${token}"></div></main></body></html>`,
  );

const answers = (orderId: string) =>
  queryD1(
    sql(
      `SELECT placement, question_id, version, question_type, value FROM survey_answers WHERE store_id = ? AND order_id = ? ORDER BY created_at, question_id`,
      STORE,
      orderId,
    ),
    "s1",
  );

const dataLayer = (p: Page) =>
  p.evaluate(() =>
    ((window as unknown as { dataLayer?: unknown[] }).dataLayer ?? []).filter(
      (e) => (e as { event?: string }).event === "doorstep_survey_answer",
    ),
  );

async function heading(root: Locator, name: string) {
  await root.getByRole("heading", { name }).waitFor();
}

/** Any animation in the view finished: audit what stays, not a frame of one. */
const settled = (root: Locator) => root.evaluate((el) => Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished)));

describe("a merchant's post-delivery survey, keyboard only, audited at every step", () => {
  it("answers a rating, an NPS, a single choice with Other, a multiple choice and a short text", async () => {
    const order = await newOrder();
    const { page: p, problems } = await watchedPage(browser.context());
    await p.goto(page("survey", order.token));
    const root = p.locator('[data-doorstep="survey"]');

    // 1. Rating, unanswered; then the error a Next without an answer gives; then answered.
    await heading(root, "How was your order overall?");
    await root.getByText("Question 1 of 5").waitFor();
    await settled(root);
    await expectNoViolations(p, "rating, unanswered");
    await tabTo(p, "Next");
    await p.keyboard.press("Enter");
    await root.getByRole("alert").filter({ hasText: "Please answer this question." }).waitFor();
    await expectNoViolations(p, "rating, error");
    // A radio group: Tab reaches it, arrows move the choice.
    await tabTo(p, "1 · Very poor");
    for (let i = 0; i < 3; i++) await p.keyboard.press("ArrowRight");
    expect(await focusedText(p)).toBe("4 · Good");
    expect(await root.getByRole("radio", { name: "4 · Good" }).isChecked()).toBe(true);
    await expectNoViolations(p, "rating, answered");
    await tabTo(p, "Next");
    await p.keyboard.press("Enter");

    // 2. NPS 0–10, its anchors describing the group.
    await heading(root, "How likely are you to recommend us to a friend?");
    expect(await focusedText(p)).toBe("How likely are you to recommend us to a friend?");
    await expectNoViolations(p, "nps, unanswered");
    await tabTo(p, "0");
    for (let i = 0; i < 9; i++) await p.keyboard.press("ArrowRight");
    expect(await focusedText(p)).toBe("9");
    await expectNoViolations(p, "nps, answered");
    await tabTo(p, "Next");
    await p.keyboard.press("Enter");
    await eventually(
      () => answers(order.id),
      (rows) => rows.length === 2,
    );

    // 3. Single choice, Other open with its words.
    await heading(root, "How did it fit?");
    await expectNoViolations(p, "single choice, unanswered");
    await tabTo(p, "Too small");
    for (let i = 0; i < 3; i++) await p.keyboard.press("ArrowDown");
    expect(await focusedText(p)).toBe("Other");
    await p.keyboard.press("Tab");
    expect(await focusedText(p)).toBe("Tell us more");
    await p.keyboard.type("Long in the arms");
    await expectNoViolations(p, "single choice, Other open");
    await tabTo(p, "Next");
    await p.keyboard.press("Enter");

    // 4. Multiple choice (optional: its button says Skip until something is ticked).
    await heading(root, "What will you use it for? (optional)");
    await root.getByRole("button", { name: "Skip" }).waitFor();
    await expectNoViolations(p, "multiple choice, unanswered");
    await tabTo(p, "Hiking");
    await p.keyboard.press("Space");
    await tabTo(p, "Other");
    await p.keyboard.press("Space");
    await p.keyboard.press("Tab");
    expect(await focusedText(p)).toBe("Tell us more");
    await p.keyboard.type("sam@example.com");
    await expectNoViolations(p, "multiple choice, answered, Other open");
    await tabTo(p, "Next");
    await p.keyboard.press("Enter");

    // 5. Short text: the box follows the question.
    await heading(root, "Anything else we should know? (optional)");
    await expectNoViolations(p, "short text, unanswered");
    await p.keyboard.press("Tab");
    expect(await p.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.tagName)).toBe("TEXTAREA");
    await p.keyboard.type("Ring the bell twice, Sam Shopper");
    await expectNoViolations(p, "short text, answered");
    await tabTo(p, "Next");
    await p.keyboard.press("Enter");

    await heading(root, "Thank you! Your answers help us get better.");
    // The same extras as the built-in survey: the review form follows.
    await heading(root, "Review your items");
    await expectNoViolations(p, "survey done, review form");

    const rows = await eventually(
      () => answers(order.id),
      (r) => r.length === 5,
    );
    const { version } = await admin("GET", "/v1/admin/surveys/post_delivery");
    expect(rows.map((r) => [r.question_id, r.question_type, r.version, JSON.parse(String(r.value))])).toEqual([
      ["overall", "rating", version, 4],
      ["recommend", "nps", version, 9],
      ["fit", "single_choice", version, { choice: "other", text: "Long in the arms" }],
      ["used_for", "multiple_choice", version, { choices: ["hiking", "other"], text: "sam@example.com" }],
      ["anything", "short_text", version, "Ring the bell twice, Sam Shopper"],
    ]);

    // What the page's analytics saw: ids and numbers, never the shopper's words.
    const pushed = await dataLayer(p);
    expect(pushed).toEqual(
      [
        ["overall", "rating", { answer: 4 }],
        ["recommend", "nps", { answer: 9 }],
        ["fit", "single_choice", { answer: "other" }],
        ["used_for", "multiple_choice", { answer: "hiking,other" }],
        ["anything", "short_text", { answered: true }],
      ].map(([question_id, question_type, answer]) => ({
        event: "doorstep_survey_answer",
        doorstep: {
          placement: "post_delivery",
          question_id,
          question_type,
          survey_version: version,
          order_value_band: "100_250",
          ...(answer as object),
        },
      })),
    );
    expect(JSON.stringify(pushed)).not.toMatch(/arms|sam@|Ring|Shopper/);

    // A reload resumes where it stands: done, with the review form.
    await p.reload();
    await heading(root, "Thank you! Your answers help us get better.");
    expect(problems).toEqual([]);
  });
});

describe("a merchant's survey inside the tracking page", () => {
  it("opens once the parcel is delivered and its time to use has passed, drawn by the tracking module's own question code", async () => {
    const order = await newOrder(100);
    const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    await admin("POST", `/v1/orders/${order.id}/shipments`, {
      id: `${order.id}-1`,
      carrier: "UPS",
      trackingNumber: `1Z${Date.now()}`,
      lines: [
        { sku: "summit-daypack", quantity: 1 },
        { sku: "trail-sock-3pack", quantity: 1 },
      ],
    });
    await admin("POST", `/v1/shipments/${order.id}-1/events`, { id: "delivered", status: "delivered", occurredAt: ago(48) });
    const { page: p, problems } = await watchedPage(browser.context());
    await p.goto(page("tracking", order.token));
    const root = p.locator('[data-doorstep="tracking"]');
    await heading(root, "How was your order overall?");
    await tabTo(p, "1 · Very poor");
    await p.keyboard.press("ArrowRight");
    await tabTo(p, "Next");
    await p.keyboard.press("Enter");
    await heading(root, "How likely are you to recommend us to a friend?");
    const [row] = await eventually(
      () => answers(order.id),
      (r) => r.length === 1,
    );
    expect(row).toMatchObject({ placement: "post_delivery", question_id: "overall", question_type: "rating", value: "2" });
    expect(problems).toEqual([]);
  });
});

describe("the attribution question on the thank-you page", () => {
  it("one tap with the keyboard lands as a row, is pushed to the dataLayer, and Other opens a box; audited in each state", async () => {
    const order = await newOrder();
    const { page: p, problems } = await watchedPage(browser.context());
    await p.goto(page("confirmation", order.token));
    const root = p.locator('[data-doorstep="confirmation"]');
    await heading(root, "How did you hear about us?");
    await settled(root);
    await expectNoViolations(p, "attribution, unanswered");

    await tabTo(p, "Podcast");
    await p.keyboard.press("Enter");
    await root.getByRole("status").filter({ hasText: "Thanks for telling us!" }).waitFor();
    expect(await root.getByRole("button", { name: "Podcast" }).getAttribute("aria-pressed")).toBe("true");
    await expectNoViolations(p, "attribution, answered");
    const [row] = await eventually(
      () => answers(order.id),
      (r) => r.length === 1,
    );
    expect(row).toMatchObject({ placement: "confirmation", question_id: "heard_from", question_type: "attribution" });
    expect(JSON.parse(String(row!.value))).toEqual({ choice: "podcast" });

    // The same answer after a reload, from the order view.
    await p.reload();
    await heading(root, "How did you hear about us?");
    // The view fades in again after the reload: axe reads colours mid-fade as too faint, so wait it out.
    await settled(root);
    await expect.poll(() => root.getByRole("button", { name: "Podcast" }).getAttribute("aria-pressed")).toBe("true");

    // Other: a labelled box and its own send.
    await tabTo(p, "Other");
    await p.keyboard.press("Enter");
    await p.keyboard.press("Tab");
    expect(await focusedText(p)).toBe("Tell us more");
    await p.keyboard.type("A stall at the farmers market");
    await expectNoViolations(p, "attribution, Other open");
    await p.keyboard.press("Enter");
    await eventually(
      () => answers(order.id),
      (r) => JSON.parse(String(r[0]?.value)).choice === "other",
    );
    const pushed = await dataLayer(p);
    expect(pushed.at(-1)).toEqual({
      event: "doorstep_survey_answer",
      doorstep: {
        placement: "confirmation",
        question_id: "heard_from",
        question_type: "attribution",
        survey_version: expect.any(Number),
        answer: "other",
        order_value_band: "100_250",
      },
    });
    expect(JSON.stringify(pushed)).not.toContain("farmers");

    // The merchant's attribution report counts the order under Other, with the shopper's words grouped.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const report = (await admin("GET", `/v1/admin/attribution?from=${day(-1)}&to=${day(1)}`)) as unknown as AttributionReport;
    const other = report.channels.find((c) => c.channel === "other");
    expect(other).toMatchObject({ orders: 1, revenue: { USD: 11300 }, otherTexts: [{ text: "A stall at the farmers market", count: 1 }] });
    expect(problems).toEqual([]);
  });

  it("is drawn without the question module, which only a survey the merchant built with other questions fetches", async () => {
    const { page: p, problems } = await watchedPage(browser.context());
    const chunks: string[] = [];
    p.on("request", (req) => {
      if (/\/chunks\/survey-questions-[\w-]+\.js/.test(req.url())) chunks.push(new URL(req.url()).pathname);
    });
    const root = p.locator('[data-doorstep="confirmation"]');
    await p.goto(page("confirmation", (await newOrder()).token));
    await heading(root, "How did you hear about us?");
    await p.waitForLoadState("networkidle");
    expect(chunks).toEqual([]);

    // A rating before the attribution question: the question module draws both, one at a time.
    await admin("PUT", "/v1/admin/surveys/confirmation", {
      ...CONFIRMATION,
      questions: [{ id: "ordering", type: "rating", text: { en: "How easy was ordering?" } }, ...CONFIRMATION.questions],
    });
    try {
      await p.goto(page("confirmation", (await newOrder()).token));
      await heading(root, "How easy was ordering?");
      await root.getByText("Question 1 of 2").waitFor();
      expect(chunks).toHaveLength(1);
      expect(chunks[0]).toMatch(/^\/chunks\/survey-questions-/);
    } finally {
      await admin("PUT", "/v1/admin/surveys/confirmation", CONFIRMATION);
    }
    expect(problems).toEqual([]);
  });
});
