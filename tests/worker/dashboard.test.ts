/**
 * The admin API behind the dashboard, on a small hand-made store where every figure is known: three
 * days of orders, views, survey answers, reviews, offers, a click and its conversion. Rows are written
 * straight into D1 with the times they would have had, since the API stamps "now".
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/crypto/hash.ts";
import { randomToken } from "../../worker/crypto/random.ts";
import { loginCodeStatement } from "../../worker/storage/dashboard.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { rotateApiKeyStatements } from "../../worker/storage/stores.ts";
import { BASE, createStore, errorOf } from "./fixtures.ts";

type Store = Awaited<ReturnType<typeof createStore>>;
let store: Store;
let other: Store;

const admin = (path: string, credential = store.apiKey, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}/v1/admin${path}`, { ...init, headers: { Authorization: `Bearer ${credential}`, ...(init.headers ?? {}) } });

const RANGE = "from=2026-11-01&to=2026-11-04";

async function seed(storeId: string) {
  const run = (sql: string, ...values: unknown[]) => env.DB.prepare(sql).bind(...values);
  const at = "2026-11-01T00:00:00Z";
  const customers = ["c1", "c2", "c3", "c4"].map((c) =>
    run(
      `INSERT INTO customers (store_id, id, email, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
      storeId,
      c,
      `${c}@example.com`,
      "+1 555 0100",
      at,
      at,
    ),
  );
  const order = (id: string, customer: string, placedAt: string, total: number) =>
    run(
      `INSERT INTO orders (store_id, id, customer_id, placed_at, currency, subtotal, total, created_at, updated_at) VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?)`,
      storeId,
      id,
      customer,
      placedAt,
      total,
      total,
      at,
      at,
    );
  const event = (id: string, orderId: string, customer: string, type: string, target: string, occurredAt: string) =>
    run(
      `INSERT INTO widget_events (store_id, id, order_id, customer_id, type, target, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      storeId,
      id,
      orderId,
      customer,
      type,
      target,
      occurredAt,
      occurredAt,
    );
  const survey = (
    orderId: string,
    customer: string,
    rating: number,
    sentiment: string,
    steps: number,
    completedAt: string | null,
    comment: string | null,
  ) =>
    run(
      `INSERT INTO survey_responses (store_id, order_id, customer_id, rating, comment, sentiment, next_action, steps_answered, completed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-11-03T12:00:00Z', '2026-11-03T12:00:00Z')`,
      storeId,
      orderId,
      customer,
      rating,
      comment,
      sentiment,
      sentiment === "negative" ? "remediation" : "cross_sell",
      steps,
      completedAt,
    );
  const decision = (
    id: string,
    orderId: string,
    customer: string,
    placement: string,
    arm: string,
    segment: string,
    offers: string[],
    when: string,
  ) =>
    run(
      `INSERT INTO offer_decisions (store_id, id, order_id, customer_id, placement, arm, segment, offers, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      storeId,
      id,
      orderId,
      customer,
      placement,
      arm,
      segment,
      JSON.stringify(offers.map((sku) => ({ sku, kind: "cross_sell", score: 1, reason: "co_purchase" }))),
      when,
    );
  await env.DB.batch([
    ...customers,
    order("o0", "c3", "2026-10-20T10:00:00Z", 1000),
    order("o1", "c1", "2026-11-01T10:00:00Z", 5000),
    order("o2", "c2", "2026-11-01T07:00:00-05:00", 3000), // 12:00 UTC
    order("o3", "c1", "2026-11-02T09:00:00Z", 1500),
    order("o4", "c3", "2026-11-03T08:00:00Z", 2000),
    order("o5", "c4", "2026-11-05T08:00:00Z", 2000),
    event("e1", "o1", "c1", "view", "confirmation", "2026-11-01T10:01:00Z"),
    event("e2", "o2", "c2", "view", "confirmation", "2026-11-01T12:01:00Z"),
    event("e3", "o3", "c1", "view", "confirmation", "2026-11-02T09:01:00Z"),
    event("e4", "o1", "c1", "view", "tracking", "2026-11-01T18:00:00Z"),
    event("e5", "o1", "c1", "view", "tracking", "2026-11-02T08:00:00Z"),
    event("e6", "o1", "c1", "view", "tracking", "2026-11-02T20:00:00Z"),
    event("e7", "o2", "c2", "view", "tracking", "2026-11-03T09:00:00Z"),
    event("e8", "o1", "c1", "view", "survey", "2026-11-03T11:00:00Z"),
    event("e9", "o2", "c2", "view", "survey", "2026-11-03T11:00:00Z"),
    event("e10", "o3", "c1", "view", "survey", "2026-11-03T11:00:00Z"),
    event("click", "o1", "c1", "offer_click", "cross_sell:s9", "2026-11-01T10:05:00Z"),
    event("late", "o5", "c4", "view", "confirmation", "2026-11-05T08:01:00Z"),
    survey("o1", "c1", 5, "positive", 3, "2026-11-03T12:02:00Z", null),
    survey("o2", "c2", 2, "negative", 1, null, '=HYPERLINK("https://evil.example","late"), and "broken"\nbox'),
    survey("o3", "c1", 4, "positive", 2, null, null),
    run(
      `INSERT INTO reviews (store_id, order_id, sku, customer_id, rating, title, body, created_at, updated_at) VALUES (?, 'o1', 's1', 'c1', 5, 'Great', NULL, '2026-11-03T13:00:00Z', '2026-11-03T13:00:00Z')`,
      storeId,
    ),
    run(
      `INSERT INTO reviews (store_id, order_id, sku, customer_id, rating, title, body, created_at, updated_at) VALUES (?, 'o1', 's2', 'c1', 3, NULL, 'Fine, I guess', '2026-11-03T13:00:00Z', '2026-11-03T13:00:00Z')`,
      storeId,
    ),
    decision("d1", "o1", "c1", "confirmation", "treatment", "one_time", ["s9", "s8"], "2026-11-01T10:01:00Z"),
    decision("d2", "o2", "c2", "confirmation", "holdout", "one_time", [], "2026-11-01T12:01:00Z"),
    decision("d3", "o3", "c1", "tracking", "treatment", "mid_value_repeat", ["s7"], "2026-11-02T09:01:00Z"),
    run(
      `INSERT INTO offer_conversions (store_id, order_id, sku, click_event_id, clicked_at, revenue) VALUES (?, 'o3', 's9', 'click', '2026-11-01T10:05:00Z', 1500)`,
      storeId,
    ),
  ]);
}

beforeAll(async () => {
  store = await createStore();
  other = await createStore();
  await seed(store.id);
});

describe("GET /v1/admin/metrics", () => {
  it("computes every figure as counted by hand", async () => {
    const res = await admin(`/metrics?${RANGE}`);
    expect(res.status).toBe(200);
    const m = (await res.json()) as Record<string, any>;
    expect(m.pageViews).toEqual({ confirmation: 3, tracking: 4 });
    expect(m.tracking).toEqual({ orders: 2, visitsPerOrder: 2 });
    // c1 ordered twice in the range, c3 had ordered before it; c2 is new.
    expect(m.orders).toEqual({ count: 4, customers: 3, repeatPurchaseRate: 2 / 3 });
    expect(m.survey).toMatchObject({
      funnel: { shown: 3, started: 3, secondStep: 2, completed: 1 },
      responseRate: 1,
      completionRate: 1 / 3,
      ratings: { "1": 0, "2": 1, "3": 0, "4": 1, "5": 1 },
      responses: 3,
      average: 11 / 3,
      csat: 2 / 3,
      npsStyle: 33.3,
    });
    expect(m.reviews).toEqual({ count: 2, average: 4 });
    expect(m.offers).toMatchObject({
      impressions: 3,
      clicks: 1,
      conversions: 1,
      revenue: 1500,
      clickThrough: 1 / 3,
      conversion: 1,
      holdoutDecisions: 1,
    });
    expect(m.offers.bySegment).toEqual(
      expect.arrayContaining([
        { segment: "one_time", impressions: 2, clicks: 1, conversions: 1, revenue: 1500, clickThrough: 0.5, conversion: 1 },
        { segment: "mid_value_repeat", impressions: 1, clicks: 0, conversions: 0, revenue: 0, clickThrough: 0, conversion: null },
      ]),
    );
    expect(m.offers.byPlacement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ placement: "confirmation", impressions: 2, clicks: 1, conversions: 1 }),
        expect.objectContaining({ placement: "tracking", impressions: 1, clicks: 0, conversions: 0 }),
      ]),
    );
    // c1 (treatment) reordered within the window after the first offer; c2 (holdout) did not.
    expect(m.lift.treatment).toMatchObject({ customers: 1, repeatRate: 1 });
    expect(m.lift.holdout).toMatchObject({ customers: 1, repeatRate: 0 });
    expect(m.alertsOpen).toBe(1);
  });

  it("gives a row for every day of the range, quiet days included", async () => {
    const m = (await (await admin(`/metrics?from=2026-11-01&to=2026-11-06`)).json()) as { daily: Record<string, unknown>[] };
    expect(m.daily.map((d) => d.day)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"]);
    expect(m.daily[0]).toMatchObject({
      orders: 2,
      confirmationViews: 2,
      trackingViews: 1,
      offerImpressions: 2,
      offerClicks: 1,
      clickThrough: 0.5,
    });
    expect(m.daily[1]).toMatchObject({ orders: 1, confirmationViews: 1, trackingViews: 2, offerImpressions: 1, offerConversions: 1 });
    expect(m.daily[2]).toMatchObject({
      orders: 1,
      trackingViews: 1,
      surveyShown: 3,
      surveyResponses: 3,
      surveyCompleted: 1,
      reviews: 2,
      reviewAverage: 4,
      csat: 2 / 3,
    });
    expect(m.daily[3]).toMatchObject({ orders: 0, surveyResponses: 0, csat: null, reviewAverage: null, clickThrough: null });
    expect(m.daily[4]).toMatchObject({ orders: 1, confirmationViews: 1 });
  });

  it("shows another store nothing of this one", async () => {
    const m = (await (await admin(`/metrics?${RANGE}`, other.apiKey)).json()) as Record<string, any>;
    expect(m.orders.count).toBe(0);
    expect(m.pageViews).toEqual({ confirmation: 0, tracking: 0 });
    expect(m.alertsOpen).toBe(0);
  });

  it("refuses a bad range with a clear error, and no key with 401", async () => {
    for (const query of ["from=2026-11-04&to=2026-11-01", "from=yesterday&to=2026-11-01", "from=2025-01-01&to=2026-11-01", ""]) {
      const res = await admin(`/metrics?${query}`);
      expect(res.status, query).toBe(422);
      expect((await errorOf(res)).code).toBe("invalid_values");
    }
    expect((await SELF.fetch(`${BASE}/v1/admin/metrics?${RANGE}`)).status).toBe(401);
  });
});

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes (doubled) and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += ch;
  }
  return rows;
}

describe("exports", () => {
  it("survey answers as CSV parse back to the JSON rows, with formulas defused", async () => {
    const json = (await (await admin(`/survey-responses?${RANGE}`)).json()) as { rows: Record<string, string | number | null>[] };
    expect(json.rows.map((r) => r.orderId)).toEqual(["o1", "o2", "o3"]);
    const res = await admin(`/survey-responses?${RANGE}&format=csv`);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=UTF-8");
    expect(res.headers.get("Content-Disposition")).toContain(`${store.id}-survey-responses-2026-11-01-2026-11-04.csv`);
    const [header, ...rows] = parseCsv(await res.text());
    expect(rows).toHaveLength(3);
    const back = rows.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i]])));
    const asText = (v: string | number | null) => (v === null ? "" : String(v));
    for (const [i, row] of json.rows.entries()) {
      for (const [key, value] of Object.entries(row)) {
        // The one difference: a cell a spreadsheet would run as a formula starts with an apostrophe.
        expect(back[i]![key], key).toBe(typeof value === "string" && /^[=+\-@]/.test(value) ? `'${value}` : asText(value));
      }
    }
    expect(back[1]!.comment).toBe(`'=HYPERLINK("https://evil.example","late"), and "broken"\nbox`);
  });

  it("reviews as JSON and CSV", async () => {
    const json = (await (await admin(`/reviews?${RANGE}`)).json()) as { rows: unknown[] };
    expect(json.rows).toEqual([
      {
        orderId: "o1",
        sku: "s1",
        customerId: "c1",
        rating: 5,
        title: "Great",
        body: null,
        createdAt: "2026-11-03T13:00:00Z",
        updatedAt: "2026-11-03T13:00:00Z",
      },
      {
        orderId: "o1",
        sku: "s2",
        customerId: "c1",
        rating: 3,
        title: null,
        body: "Fine, I guess",
        createdAt: "2026-11-03T13:00:00Z",
        updatedAt: "2026-11-03T13:00:00Z",
      },
    ]);
    const csv = parseCsv(await (await admin(`/reviews?${RANGE}&format=csv`)).text());
    expect(csv[2]).toEqual(["o1", "s2", "c1", "3", "", "Fine, I guess", "2026-11-03T13:00:00Z", "2026-11-03T13:00:00Z"]);
  });
});

describe("detractor alerts", () => {
  it("lists open alerts with the answers and how to reach the shopper, and resolves them once", async () => {
    const open = (await (await admin(`/alerts`)).json()) as { alerts: Record<string, unknown>[] };
    expect(open.alerts).toEqual([expect.objectContaining({ orderId: "o2", rating: 2, email: "c2@example.com", alertResolvedAt: null })]);
    expect((await admin(`/alerts/o2/resolve`, store.apiKey, { method: "POST" })).status).toBe(200);
    expect(((await (await admin(`/alerts`)).json()) as { alerts: unknown[] }).alerts).toEqual([]);
    expect(((await (await admin(`/alerts?status=resolved`)).json()) as { alerts: unknown[] }).alerts).toHaveLength(1);
    const again = await admin(`/alerts/o2/resolve`, store.apiKey, { method: "POST" });
    expect(again.status).toBe(404);
    expect((await errorOf(again)).code).toBe("alert_not_found");
    // Another store's key cannot touch them.
    expect((await admin(`/alerts/o1/resolve`, other.apiKey, { method: "POST" })).status).toBe(404);
  });
});

describe("dashboard sign-in", () => {
  async function loginCode(storeId: string, expiresAt = new Date(Date.now() + 60_000).toISOString()) {
    const code = `dsl_${randomToken(32)}`;
    const { sql, params } = loginCodeStatement(await sha256Hex(code), storeId, expiresAt);
    await env.DB.prepare(sql)
      .bind(...params)
      .run();
    return code;
  }
  const signIn = (code: string) =>
    SELF.fetch(`${BASE}/v1/admin/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code }),
    });

  it("trades a one-time login code for a session that reads the store's figures", async () => {
    const code = await loginCode(store.id);
    const res = await signIn(code);
    expect(res.status).toBe(201);
    const { token, storeId } = (await res.json()) as { token: string; storeId: string };
    expect(storeId).toBe(store.id);
    expect(token).toMatch(/^dss_/);
    const m = (await (await admin(`/metrics?${RANGE}`, token)).json()) as { orders: { count: number } };
    expect(m.orders.count).toBe(4);
    // Used once only; expired and malformed codes are refused alike.
    expect((await signIn(code)).status).toBe(401);
    expect((await signIn(await loginCode(store.id, new Date(Date.now() - 1000).toISOString()))).status).toBe(401);
    const bad = await signIn("dsk_notacode");
    expect(bad.status).toBe(422);
    expect((await admin(`/metrics?${RANGE}`, `dss_${randomToken(32)}`)).status).toBe(401);
  });

  async function session(storeId: string): Promise<string> {
    return ((await (await signIn(await loginCode(storeId))).json()) as { token: string }).token;
  }
  const as = (credential: string, path: string, init: RequestInit = {}) =>
    SELF.fetch(`${BASE}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${credential}`, "Content-Type": "application/json", ...(init.headers ?? {}) },
    });

  it("a session never reaches the routes a merchant's server calls, whatever its role (403 session_not_allowed)", async () => {
    const token = await session(store.id);
    expect((await as(token, `/v1/admin/metrics?${RANGE}`)).status).toBe(200);
    expect((await as(token, `/v1/admin/alerts`)).status).toBe(200);
    expect((await as(token, `/v1/admin/branding`)).status).toBe(200);
    const refused = [
      as(token, "/v1/orders", { method: "POST", body: "{}" }),
      as(token, "/v1/orders/o1/shipments", { method: "POST", body: "{}" }),
      as(token, "/v1/shipments/s1/events", { method: "POST", body: "{}" }),
      as(token, "/v1/catalog", { method: "PUT", body: "[]" }),
      as(token, "/v1/offer-rules", { method: "PUT", body: "{}" }),
      as(token, "/v1/offer-rules"),
      as(token, "/v1/admin/moments/run?days=1", { method: "POST" }),
    ];
    // Erasure is a dashboard route since roles (issue 26): an owner's session may, support's and an
    // analyst's may not (tests/worker/self-service.test.ts).
    for (const res of await Promise.all(refused)) {
      expect(res.status, res.url).toBe(403);
      expect((await errorOf(res)).code).toBe("session_not_allowed");
    }
  });

  it("signing out ends the session on the server", async () => {
    const token = await session(store.id);
    const out = await as(token, "/v1/admin/session", { method: "DELETE" });
    expect(out.status).toBe(204);
    expect((await as(token, `/v1/admin/metrics?${RANGE}`)).status).toBe(401);
    // Again: the same answer for a session already ended; an API key is not a session to end.
    expect((await as(token, "/v1/admin/session", { method: "DELETE" })).status).toBe(204);
    const notSession = await as(store.apiKey, "/v1/admin/session", { method: "DELETE" });
    expect(notSession.status).toBe(400);
    expect((await errorOf(notSession)).code).toBe("not_a_session");
    expect((await SELF.fetch(`${BASE}/v1/admin/session`, { method: "DELETE" })).status).toBe(401);
  });

  it("rotating the API key ends every session and unused login link of the store, and no other store's", async () => {
    const rotated = await createStore();
    const other = await createStore();
    const [a, b, theirs] = [await session(rotated.id), await session(rotated.id), await session(other.id)];
    const unused = await loginCode(rotated.id);
    await runBatch(env.DB, rotateApiKeyStatements(rotated.id, await sha256Hex("dsk_new-key-after-a-leak"), new Date().toISOString()));
    expect((await as(a, `/v1/admin/metrics?${RANGE}`)).status).toBe(401);
    expect((await as(b, `/v1/admin/metrics?${RANGE}`)).status).toBe(401);
    expect((await signIn(unused)).status).toBe(401);
    expect((await as(rotated.apiKey, `/v1/admin/metrics?${RANGE}`)).status).toBe(401);
    expect((await as("dsk_new-key-after-a-leak", `/v1/admin/metrics?${RANGE}`)).status).toBe(200);
    expect((await as(theirs, `/v1/admin/metrics?${RANGE}`)).status).toBe(200);
  });
});
