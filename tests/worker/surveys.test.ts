/**
 * Surveys merchants shape (issue 25), through the public API against real local D1: definitions
 * (validated, versioned, audited, scoped), and what the order view and the answers make of them.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuditAnswer } from "../../contract/self-service.ts";
import type { SurveyDefinition, SurveyDefinitionInput } from "../../contract/surveys.ts";
import { STANDOUTS, WANTS } from "../../contract/vocabularies.ts";
import worker from "../../worker/index.ts";
import type { OrderView } from "../../contract/order-view.ts";
import type { SurveyAnswerSaved } from "../../contract/surveys.ts";
import { BASE, createStore, ORIGIN, postOrder, sampleOrder } from "./fixtures.ts";

let address = 0;
async function call(credential: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const all: Record<string, string> = { "CF-Connecting-IP": `198.19.1.${(address++ % 250) + 1}`, ...headers };
  if (credential) all.Authorization = `Bearer ${credential}`;
  if (body !== undefined) all["Content-Type"] = "application/json";
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) }),
    env as Env,
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, text, json: <T>() => JSON.parse(text) as T, headers: res.headers };
}
const errorOf = (answer: { json: <T>() => T }) =>
  answer.json<{ error: { code: string; message: string; details?: { path: string }[] } }>().error;

async function sessionFor(apiKey: string, role: "owner" | "analyst" | "support") {
  const link = await call(apiKey, "POST", "/v1/admin/login-links", { role, person: role });
  const code = new URL(link.json<{ url: string }>().url).hash.replace("#code=", "");
  return (await call(null, "POST", "/v1/admin/session", { code })).json<{ token: string }>().token;
}

const custom: SurveyDefinitionInput = {
  enabled: true,
  audience: "all",
  questions: [
    { id: "nps", type: "nps", text: { en: "How likely are you to recommend us?", fr: "Nous recommanderiez-vous ?" } },
    {
      id: "colour",
      type: "multiple_choice",
      text: { en: "Which colours do you like?" },
      options: [
        { id: "red", text: { en: "Red", de: "Rot" } },
        { id: "blue", text: { en: "Blue" } },
      ],
      other: true,
    },
    { id: "why", type: "short_text", text: { en: "Why?" }, optional: true },
  ],
};

describe("survey definitions", () => {
  it("answers the built-in defaults as version 0: the post-delivery three steps and the attribution question", async () => {
    const store = await createStore();
    const post = await call(store.apiKey, "GET", "/v1/admin/surveys/post_delivery");
    expect(post.status, post.text).toBe(200);
    const def = post.json<SurveyDefinition>();
    expect(def).toMatchObject({ placement: "post_delivery", version: 0, enabled: true, audience: "all", signalQuestionId: "rating" });
    expect(def.updatedAt).toBeUndefined();
    expect(def.questions.map((q) => [q.id, q.type, q.optional])).toEqual([
      ["rating", "rating", false],
      ["standout", "single_choice", false],
      ["wants", "single_choice", false],
      ["comment", "short_text", true],
    ]);
    const [, standout, wants] = def.questions;
    expect(standout).toMatchObject({ other: true, text: { en: "What stood out?" } });
    expect(standout!.type === "single_choice" && standout!.options.map((o) => o.id)).toEqual(STANDOUTS.filter((s) => s !== "other"));
    expect(wants!.type === "single_choice" && wants!.options.map((o) => o.id)).toEqual([...WANTS]);

    const confirmation = (await call(store.apiKey, "GET", "/v1/admin/surveys/confirmation")).json<SurveyDefinition>();
    expect(confirmation).toMatchObject({ placement: "confirmation", version: 0, enabled: true, audience: "all", signalQuestionId: null });
    expect(confirmation.questions).toEqual([{ id: "heard_from", type: "attribution", optional: true, other: true, randomize: false }]);
  });

  it("publishes each PUT as the next version, normalised, recorded in the audit log", async () => {
    const store = await createStore();
    const first = await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", custom);
    expect(first.status, first.text).toBe(200);
    const v1 = first.json<SurveyDefinition>();
    expect(v1).toMatchObject({ placement: "post_delivery", version: 1, signalQuestionId: "nps" });
    expect(v1.updatedAt).toMatch(/Z$/);
    expect(v1.questions[0]).toEqual({ id: "nps", type: "nps", text: custom.questions[0]!.text, optional: false });
    expect(v1.questions[1]).toMatchObject({ other: true, randomize: false, optional: false });

    const second = await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", { ...custom, enabled: false });
    expect(second.json<SurveyDefinition>()).toMatchObject({ version: 2, enabled: false });
    // The confirmation placement counts its own versions.
    const other = await call(store.apiKey, "PUT", "/v1/admin/surveys/confirmation", {
      enabled: true,
      audience: "first_order",
      questions: [{ id: "heard_from", type: "attribution", text: { en: "Where did you find us?" } }],
    });
    expect(other.json<SurveyDefinition>()).toMatchObject({ version: 1, audience: "first_order" });
    expect((await call(store.apiKey, "GET", "/v1/admin/surveys/post_delivery")).json<SurveyDefinition>()).toMatchObject({
      version: 2,
      enabled: false,
    });

    const audit = (await call(store.apiKey, "GET", "/v1/admin/audit")).json<AuditAnswer>().entries;
    const surveys = audit.filter((e) => e.target.startsWith("surveys."));
    expect(surveys.map((e) => [e.action, e.target])).toEqual([
      ["settings.updated", "surveys.confirmation"],
      ["settings.updated", "surveys.post_delivery"],
      ["settings.updated", "surveys.post_delivery"],
    ]);
    expect(surveys[2]!.before).toMatchObject({ version: 0 });
    expect(surveys[1]!.before).toMatchObject({ version: 1, enabled: true });
    expect(surveys[1]!.after).toMatchObject({ enabled: false });
  });

  const refusals: [string, unknown, string][] = [
    ["no questions", { ...custom, questions: [] }, "questions"],
    [
      "six questions",
      { ...custom, questions: [1, 2, 3, 4, 5, 6].map((n) => ({ id: `q${n}`, type: "rating", text: { en: "?" } })) },
      "questions",
    ],
    ["an unknown type", { ...custom, questions: [{ id: "q", type: "slider", text: { en: "?" } }] }, "questions.0.type"],
    ["an id with capitals", { ...custom, questions: [{ id: "Rate", type: "rating", text: { en: "?" } }] }, "questions.0.id"],
    [
      "the same id twice",
      {
        ...custom,
        questions: [
          { id: "q", type: "rating", text: { en: "?" } },
          { id: "q", type: "nps", text: { en: "?" } },
        ],
      },
      "questions.1.id",
    ],
    ["no English", { ...custom, questions: [{ id: "q", type: "rating", text: { fr: "Note ?" } }] }, "questions.0.text.en"],
    ["no wording at all", { ...custom, questions: [{ id: "q", type: "short_text" }] }, "questions.0.text.en"],
    [
      "one option",
      { ...custom, questions: [{ id: "q", type: "single_choice", text: { en: "?" }, options: [{ id: "a", text: { en: "A" } }] }] },
      "questions.0.options",
    ],
    [
      "an option without English",
      {
        ...custom,
        questions: [
          {
            id: "q",
            type: "single_choice",
            text: { en: "?" },
            options: [
              { id: "a", text: { en: "A" } },
              { id: "b", text: { de: "B" } },
            ],
          },
        ],
      },
      "questions.0.options.1.text.en",
    ],
    [
      "options repeated",
      {
        ...custom,
        questions: [
          {
            id: "q",
            type: "single_choice",
            text: { en: "?" },
            options: [
              { id: "a", text: { en: "A" } },
              { id: "a", text: { en: "B" } },
            ],
          },
        ],
      },
      "questions.0.options.1.id",
    ],
    ["wording too long", { ...custom, questions: [{ id: "q", type: "rating", text: { en: "x".repeat(301) } }] }, "questions.0.text.en"],
    ["an unknown audience", { ...custom, audience: "vip" }, "audience"],
    ["a key the definition does not have", { ...custom, colour: "red" }, "colour"],
  ];
  for (const [what, body, path] of refusals) {
    it(`refuses ${what} with 422 invalid_values naming ${path}, and publishes nothing`, async () => {
      const store = await createStore();
      const res = await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", body);
      expect(res.status, res.text).toBe(422);
      expect(errorOf(res).code).toBe("invalid_values");
      expect(errorOf(res).details!.map((d) => d.path)).toContain(path);
      expect((await call(store.apiKey, "GET", "/v1/admin/surveys/post_delivery")).json<SurveyDefinition>().version).toBe(0);
    });
  }

  it("keeps wording in a missing language out: other languages are optional", async () => {
    const store = await createStore();
    const res = await call(store.apiKey, "PUT", "/v1/admin/surveys/confirmation", {
      enabled: true,
      audience: "all",
      questions: [{ id: "q", type: "rating", text: { en: "Rate us", de: "  " } }],
    });
    expect(res.json<SurveyDefinition>().questions[0]!.text).toEqual({ en: "Rate us" });
  });

  it("refuses an unknown placement", async () => {
    const store = await createStore();
    const res = await call(store.apiKey, "GET", "/v1/admin/surveys/checkout");
    expect(res.status).toBe(422);
    expect(errorOf(res).code).toBe("invalid_values");
  });

  it("lets an analyst read but only an owner publish", async () => {
    const store = await createStore();
    const analyst = await sessionFor(store.apiKey, "analyst");
    const owner = await sessionFor(store.apiKey, "owner");
    expect((await call(analyst, "GET", "/v1/admin/surveys/confirmation")).status).toBe(200);
    const refused = await call(analyst, "PUT", "/v1/admin/surveys/confirmation", custom);
    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe("insufficient_scope");
    expect((await call(owner, "PUT", "/v1/admin/surveys/confirmation", custom)).status).toBe(200);
  });
});

/** A store with orders of one customer placed in order, and their tokens. */
async function storeWithOrders(placedAt: string[], customerId = "cust-s") {
  const store = await createStore();
  const tokens: string[] = [];
  for (const at of placedAt) {
    const res = await postOrder(store.apiKey, sampleOrder({ placedAt: at, customer: { id: customerId, email: "s@example.com" } }));
    expect(res.status).toBe(201);
    tokens.push((await res.json<{ orderToken: string }>()).orderToken);
  }
  return { store, tokens };
}

const shopper = { Origin: ORIGIN };
const view = async (token: string, headers: Record<string, string> = {}) => {
  const res = await call(null, "GET", `/v1/o/${token}`, undefined, { ...shopper, ...headers });
  return { status: res.status, etag: res.headers.get("ETag"), body: res.status === 200 ? res.json<OrderView>() : undefined };
};
const answer = (token: string, body: unknown) => call(null, "POST", `/v1/o/${token}/survey`, body, shopper);

describe("surveys in the order view", () => {
  it("shows the built-in surveys to an order of a store that changed nothing", async () => {
    const { tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"]);
    const { body } = await view(tokens[0]!);
    expect(body!.surveys!.confirmation).toMatchObject({
      placement: "confirmation",
      version: 0,
      builtIn: true,
      answers: {},
      completed: false,
    });
    expect(body!.surveys!.confirmation!.questions).toEqual([
      { id: "heard_from", type: "attribution", text: null, optional: true, other: true, randomize: false },
    ]);
    expect(body!.surveys!.post_delivery).toMatchObject({ version: 0, builtIn: true, completed: false });
    expect(body!.surveys!.post_delivery!.questions.map((q) => q.id)).toEqual(["rating", "standout", "wants", "comment"]);
  });

  it("targets first and repeat orders, leaves disabled surveys out, and changes every order's ETag with a new version", async () => {
    const { store, tokens } = await storeWithOrders(["2026-10-01T10:00:00Z", "2026-11-01T10:00:00Z"]);
    const [first, repeat] = tokens as [string, string];
    const before = await view(repeat);
    const put = (placement: string, body: unknown) => call(store.apiKey, "PUT", `/v1/admin/surveys/${placement}`, body);
    await put("confirmation", { enabled: true, audience: "first_order", questions: [{ id: "heard_from", type: "attribution" }] });
    await put("post_delivery", { ...custom, audience: "repeat_order" });

    const after = await view(repeat, { "If-None-Match": before.etag! });
    expect(after.status, "a new version changes the ETag of the store's every order").toBe(200);
    expect(after.etag).not.toBe(before.etag);
    expect(Object.keys(after.body!.surveys!)).toEqual(["post_delivery"]);
    expect(after.body!.surveys!.post_delivery).toMatchObject({ version: 1, builtIn: false });
    const firstView = (await view(first)).body!;
    expect(Object.keys(firstView.surveys!)).toEqual(["confirmation"]);
    expect(firstView.surveys!.confirmation!.version).toBe(1);

    await put("confirmation", { enabled: false, audience: "all", questions: [{ id: "heard_from", type: "attribution" }] });
    expect((await view(first)).body!.surveys).toEqual({});
  });
});

describe("per-question answers", () => {
  it("saves an attribution answer, resumes it on reload, replaces it when answered again, and bumps the order's ETag", async () => {
    const { tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"]);
    const token = tokens[0]!;
    const before = await view(token);
    const saved = await answer(token, { placement: "confirmation", questionId: "heard_from", value: { choice: "tiktok" } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json<SurveyAnswerSaved>()).toEqual({
      placement: "confirmation",
      version: 0,
      questionId: "heard_from",
      answers: { heard_from: { choice: "tiktok" } },
      completed: true,
    });
    const after = await view(token, { "If-None-Match": before.etag! });
    expect(after.status).toBe(200);
    expect(after.body!.surveys!.confirmation!.answers).toEqual({ heard_from: { choice: "tiktok" } });

    await answer(token, { placement: "confirmation", questionId: "heard_from", value: { choice: "other", text: "  A  market stall " } });
    expect((await view(token)).body!.surveys!.confirmation!.answers).toEqual({ heard_from: { choice: "other", text: "A  market stall" } });
  });

  const wrong: [string, unknown, number, string][] = [
    ["an unknown question", { placement: "confirmation", questionId: "nope", value: 3 }, 400, "unknown_question"],
    ["a number for the attribution question", { placement: "confirmation", questionId: "heard_from", value: 3 }, 400, "invalid_answer"],
    ["an unknown channel", { placement: "confirmation", questionId: "heard_from", value: { choice: "radio" } }, 400, "invalid_answer"],
    [
      "text without other",
      { placement: "confirmation", questionId: "heard_from", value: { choice: "email", text: "hi" } },
      400,
      "invalid_answer",
    ],
    ["a rating of 6", { placement: "post_delivery", questionId: "rating", value: 6 }, 400, "invalid_answer"],
    [
      "a version never published",
      { placement: "post_delivery", questionId: "rating", version: 7, value: 4 },
      404,
      "survey_version_not_found",
    ],
    ["an unknown placement", { placement: "checkout", questionId: "rating", value: 4 }, 422, "invalid_values"],
  ];
  for (const [what, body, status, code] of wrong) {
    it(`refuses ${what}: ${status} ${code}`, async () => {
      const { tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"]);
      const res = await answer(tokens[0]!, body);
      expect(res.status, res.text).toBe(status);
      expect(errorOf(res).code).toBe(code);
    });
  }

  it("refuses an answer to a survey not asked on this order with 409 survey_not_asked", async () => {
    const { store, tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"]);
    await call(store.apiKey, "PUT", "/v1/admin/surveys/confirmation", {
      enabled: true,
      audience: "repeat_order",
      questions: [{ id: "heard_from", type: "attribution" }],
    });
    const res = await answer(tokens[0]!, { placement: "confirmation", questionId: "heard_from", value: { choice: "email" } });
    expect(res.status).toBe(409);
    expect(errorOf(res).code).toBe("survey_not_asked");
  });

  it("validates against the version shown: a shopper who loaded version 1 answers it after version 2 is out", async () => {
    const { store, tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"]);
    await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", custom);
    await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", {
      ...custom,
      questions: [{ id: "stars", type: "rating", text: { en: "Stars?" } }],
    });
    const old = await answer(tokens[0]!, {
      placement: "post_delivery",
      questionId: "colour",
      version: 1,
      value: { choices: ["red", "other"], text: "Teal" },
    });
    expect(old.status, old.text).toBe(200);
    expect(old.json<SurveyAnswerSaved>()).toMatchObject({ version: 1, completed: false });
    const current = await answer(tokens[0]!, { placement: "post_delivery", questionId: "colour", value: { choices: ["red"] } });
    expect(errorOf(current).code).toBe("unknown_question");
    const row = await env.DB.prepare(
      `SELECT version, question_type, value FROM survey_answers WHERE question_id = 'colour' AND order_id IN (SELECT order_id FROM order_tokens WHERE token = ?)`,
    )
      .bind(tokens[0]!)
      .first();
    expect(row).toEqual({
      version: 1,
      question_type: "multiple_choice",
      value: JSON.stringify({ choices: ["red", "other"], text: "Teal" }),
    });
  });

  it("drives the signal with a merchant's NPS question: 0-6 detractor (alert, survey.detractor), 9-10 promoter", async () => {
    const { store, tokens } = await storeWithOrders(["2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z"], "cust-nps");
    await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", custom);
    const low = await answer(tokens[0]!, { placement: "post_delivery", questionId: "nps", value: 4 });
    expect(low.status, low.text).toBe(200);
    const high = await answer(tokens[1]!, { placement: "post_delivery", questionId: "nps", value: 10 });
    expect(high.status).toBe(200);
    const rows = await env.DB.prepare(`SELECT rating, nps, sentiment FROM survey_responses WHERE store_id = ? ORDER BY nps`)
      .bind(store.id)
      .all();
    expect(rows.results).toEqual([
      { rating: null, nps: 4, sentiment: "negative" },
      { rating: null, nps: 10, sentiment: "positive" },
    ]);
    const alerts = await call(store.apiKey, "GET", "/v1/admin/alerts");
    expect(alerts.status, alerts.text).toBe(200);
    expect(alerts.json<{ alerts: unknown[] }>().alerts).toHaveLength(1);
    const events = await env.DB.prepare(`SELECT type, payload FROM outbound_events WHERE store_id = ? ORDER BY type, id`)
      .bind(store.id)
      .all<{ type: string; payload: string }>();
    expect(events.results.map((e) => e.type)).toEqual(["survey.answered", "survey.answered", "survey.detractor"]);
    expect(JSON.parse(events.results[0]!.payload).data).toMatchObject({
      placement: "post_delivery",
      version: 1,
      questionId: "nps",
      questionType: "nps",
    });
  });

  it("sends survey.submitted once a merchant's post-delivery survey is complete, with its answers and signal", async () => {
    const { store, tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"]);
    await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", custom);
    const first = await answer(tokens[0]!, { placement: "post_delivery", questionId: "nps", value: 8 });
    expect(first.json<SurveyAnswerSaved>().completed).toBe(false);
    const done = await answer(tokens[0]!, { placement: "post_delivery", questionId: "colour", value: { choices: ["blue"] } });
    expect(done.json<SurveyAnswerSaved>()).toMatchObject({ completed: true, answers: { nps: 8, colour: { choices: ["blue"] } } });
    const submitted = await env.DB.prepare(`SELECT payload FROM outbound_events WHERE store_id = ? AND type = 'survey.submitted'`)
      .bind(store.id)
      .all<{ payload: string }>();
    expect(submitted.results.map((r) => JSON.parse(r.payload).data)).toEqual([
      expect.objectContaining({
        placement: "post_delivery",
        version: 1,
        nps: 8,
        sentiment: "neutral",
        answers: { nps: 8, colour: { choices: ["blue"] } },
      }),
    ]);
    const response = await env.DB.prepare(`SELECT nps, steps_answered, completed_at FROM survey_responses WHERE store_id = ?`)
      .bind(store.id)
      .first();
    expect(response).toMatchObject({ nps: 8, steps_answered: 2, completed_at: expect.any(String) });
  });

  it("closes a completed survey 24 hours after completion with 409 survey_closed", async () => {
    const { tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"]);
    await answer(tokens[0]!, { placement: "confirmation", questionId: "heard_from", value: { choice: "email" } });
    await env.DB.prepare(
      `UPDATE survey_completions SET completed_at = '2026-01-01T00:00:00.000Z' WHERE order_id IN (SELECT order_id FROM order_tokens WHERE token = ?)`,
    )
      .bind(tokens[0]!)
      .run();
    const res = await answer(tokens[0]!, { placement: "confirmation", questionId: "heard_from", value: { choice: "search" } });
    expect(res.status).toBe(409);
    expect(errorOf(res).code).toBe("survey_closed");
  });

  it("lands the step-wise body as the built-in survey's version-0 answers, one survey.answered per change", async () => {
    const { store, tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"]);
    const token = tokens[0]!;
    expect((await answer(token, { rating: 4 })).status).toBe(200);
    expect((await answer(token, { rating: 4, standout: { choice: "packaging" } })).status).toBe(200);
    const done = await answer(token, { rating: 4, standout: { choice: "packaging" }, wants: "tip", comment: "Lovely" });
    expect(done.json<{ completed: boolean }>().completed).toBe(true);
    const shown = (await view(token)).body!.surveys!.post_delivery!;
    expect(shown).toMatchObject({ version: 0, completed: true });
    expect(shown.answers).toEqual({ rating: 4, standout: { choice: "packaging" }, wants: { choice: "tip" }, comment: "Lovely" });
    expect((await view(token)).body!.feedback.survey).toMatchObject({ rating: 4, wants: "tip", completed: true });
    const answered = await env.DB.prepare(
      `SELECT json_extract(payload, '$.data.questionId') AS q FROM outbound_events WHERE store_id = ? AND type = 'survey.answered' ORDER BY q`,
    )
      .bind(store.id)
      .all<{ q: string }>();
    expect(answered.results.map((r) => r.q)).toEqual(["comment", "rating", "standout", "wants"]);
  });
});

describe("the attribution report over a generated store", () => {
  it("counts orders, revenue per currency and first-order share per channel, with Other words grouped", async () => {
    const store = await createStore();
    const channels = ["instagram", "search", "tiktok", "friend_family", "other", "podcast", "instagram"] as const;
    const otherWords = ["Farmers market", "farmers  market", "A BLOG", "a blog", "Billboard"];
    type Made = {
      id: string;
      customer: string;
      placedAt: string;
      total: number;
      currency: string;
      token: string;
      choice?: string;
      text?: string;
    };
    const made: Made[] = [];
    // Six customers; customer 5 also ordered before the range, so none of their orders in it is a first.
    const place = async (i: number, customer: number, placedAt: string, answerIt: boolean) => {
      const currency = customer % 2 ? "EUR" : "USD";
      const total = 1000 + ((i * 377) % 9000);
      const order = sampleOrder({
        id: `gen-${i}`,
        placedAt,
        currency,
        customer: { id: `cust-${customer}`, email: `c${customer}@example.com` },
        lines: [{ sku: "GEN-1", name: "Thing", quantity: 1, unitPrice: total }],
        fees: [],
        discounts: [],
        total,
      });
      const res = await postOrder(store.apiKey, order);
      expect(res.status, await res.clone().text()).toBe(201);
      const m: Made = {
        id: order.id,
        customer: order.customer.id,
        placedAt,
        total,
        currency,
        token: (await res.json<{ orderToken: string }>()).orderToken,
      };
      if (answerIt) {
        m.choice = channels[i % channels.length]!;
        if (m.choice === "other") m.text = otherWords[i % otherWords.length]!;
        const posted = await answer(m.token, {
          placement: "confirmation",
          questionId: "heard_from",
          value: m.text === undefined ? { choice: m.choice } : { choice: m.choice, text: m.text },
        });
        expect(posted.status, posted.text).toBe(200);
      }
      made.push(m);
    };
    await place(1000, 5, "2026-09-15T12:00:00Z", true);
    for (let i = 0; i < 42; i++) {
      const day = String(1 + (i % 28)).padStart(2, "0");
      // Every seventh order goes unanswered; a few are placed after the range.
      await place(i, i % 6, `2026-11-${day}T${String(8 + (i % 10)).padStart(2, "0")}:00:00-05:00`, i % 7 !== 3);
    }
    await place(2000, 1, "2026-12-03T10:00:00Z", true);

    const from = "2026-11-01";
    const to = "2026-12-01";
    const res = await call(store.apiKey, "GET", `/v1/admin/attribution?from=${from}&to=${to}`);
    expect(res.status, res.text).toBe(200);
    const report = res.json<import("../../contract/surveys.ts").AttributionReport>();

    // What the report should say, worked out here from what was sent.
    const inRange = made.filter((m) => Date.parse(m.placedAt) >= Date.parse(from) && Date.parse(m.placedAt) < Date.parse(to));
    const firstOf = (m: Made) => !made.some((o) => o.customer === m.customer && Date.parse(o.placedAt) < Date.parse(m.placedAt));
    const answered = inRange.filter((m) => m.choice);
    expect(report).toMatchObject({
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-12-01T00:00:00.000Z",
      orders: inRange.length,
      answered: answered.length,
    });
    expect(report.orders).toBe(42);
    const expected = new Map<string, { orders: number; first: number; revenue: Record<string, number> }>();
    for (const m of answered) {
      const row = expected.get(m.choice!) ?? { orders: 0, first: 0, revenue: {} };
      row.orders += 1;
      row.first += firstOf(m) ? 1 : 0;
      row.revenue[m.currency] = (row.revenue[m.currency] ?? 0) + m.total;
      expected.set(m.choice!, row);
    }
    expect(report.channels.map((c) => c.channel).sort()).toEqual([...expected.keys()].sort());
    for (const row of report.channels) {
      const want = expected.get(row.channel)!;
      expect(row.orders, row.channel).toBe(want.orders);
      expect(row.revenue, row.channel).toEqual(want.revenue);
      expect(row.firstOrderShare, row.channel).toBeCloseTo(want.first / want.orders, 10);
    }
    expect(report.channels.map((c) => c.orders)).toEqual([...report.channels.map((c) => c.orders)].sort((a, b) => b - a));
    // Several currencies in one channel, and first orders counted once per customer.
    expect(Object.keys(report.channels.find((c) => c.channel === "instagram")!.revenue).sort()).toEqual(["EUR", "USD"]);
    const other = report.channels.find((c) => c.channel === "other")!;
    const words = answered.filter((m) => m.text).map((m) => m.text!.replace(/\s+/g, " ").toLowerCase());
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    expect(other.otherTexts!.map((t) => [t.text.toLowerCase(), t.count]).sort()).toEqual([...counts.entries()].sort());

    // The answers export carries the order's value and the first-order flag.
    const csv = await call(store.apiKey, "GET", `/v1/admin/survey-answers?from=2026-01-01&to=2026-12-31&format=csv`);
    expect(csv.status, csv.text).toBe(200);
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "orderId,customerId,placement,version,questionId,questionType,answer,otherText,answeredAt,orderTotal,currency,firstOrder",
    );
    const early = made.find((m) => m.id === "gen-1000")!;
    expect(lines.find((l) => l.startsWith("gen-1000,"))).toBe(
      `gen-1000,cust-5,confirmation,0,heard_from,attribution,${early.choice},,${lines.find((l) => l.startsWith("gen-1000,"))!.split(",")[8]},${early.total},EUR,true`,
    );
    expect(lines.filter((l) => l.endsWith(",true"))).toHaveLength(made.filter((m) => m.choice && firstOf(m)).length);
  });
});

describe("reading and keeping answers", () => {
  it("reports the real 0-10 NPS in the metrics where an NPS question was answered, and none where not", async () => {
    const { store, tokens } = await storeWithOrders(["2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z", "2026-11-03T10:00:00Z"], "cust-m");
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const metrics = async () =>
      (await call(store.apiKey, "GET", `/v1/admin/metrics?from=${today}&to=${tomorrow}`)).json<
        import("../../contract/admin.ts").AdminMetrics
      >();
    expect((await metrics()).survey.nps).toBeUndefined();
    await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", custom);
    for (const [token, score] of [
      [tokens[0]!, 10],
      [tokens[1]!, 8],
      [tokens[2]!, 2],
    ] as const) {
      expect((await answer(token, { placement: "post_delivery", questionId: "nps", value: score })).status).toBe(200);
    }
    const m = await metrics();
    expect(m.survey.nps).toEqual({ score: 0, promoters: 1, passives: 1, detractors: 1, responses: 3 });
    // NPS-driven responses have no 1-5 rating: the five-point figures do not count them.
    expect(m.survey.ratings).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
    expect(m.survey.funnel.started).toBe(3);
  });

  it("exports survey responses with the order's value and the first-order flag, NPS beside the rating", async () => {
    const { store, tokens } = await storeWithOrders(["2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z"], "cust-x");
    await answer(tokens[0]!, { rating: 5, standout: { choice: "price" }, wants: "none" });
    await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", custom);
    await answer(tokens[1]!, { placement: "post_delivery", questionId: "nps", value: 9 });
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const json = await call(store.apiKey, "GET", `/v1/admin/survey-responses?from=${today}&to=${tomorrow}`);
    const rows = json.json<{ rows: import("../../contract/admin.ts").SurveyExportRow[] }>().rows;
    const total = sampleOrder().total;
    expect(rows.map((r) => [r.rating, r.nps, r.orderTotal, r.currency, r.firstOrder])).toEqual([
      [5, null, total, "USD", true],
      [null, 9, total, "USD", false],
    ]);
    const csv = await call(store.apiKey, "GET", `/v1/admin/survey-responses?from=${today}&to=${tomorrow}&format=csv`);
    const [header, first] = csv.text.split("\r\n");
    expect(header!.split(",").slice(-3)).toEqual(["orderTotal", "currency", "firstOrder"]);
    expect(first!.endsWith(`,${total},USD,true`)).toBe(true);
  });

  it("keeps analytics.dataLayer in the settings (default off, store:update scope), and tells the widget in the order view", async () => {
    const { store, tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"]);
    const settings = await call(store.apiKey, "GET", "/v1/admin/settings");
    expect(settings.json<{ settings: { analytics: unknown } }>().settings.analytics).toEqual({ dataLayer: false });
    expect((await view(tokens[0]!)).body!.store.analytics).toEqual({ dataLayer: false });
    const before = await view(tokens[0]!);
    const patched = await call(store.apiKey, "PATCH", "/v1/admin/settings", { analytics: { dataLayer: true } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json<{ changed: string[] }>().changed).toEqual(["analytics"]);
    const after = await view(tokens[0]!, { "If-None-Match": before.etag! });
    expect(after.status).toBe(200);
    expect(after.body!.store.analytics).toEqual({ dataLayer: true });
    const config = await call(null, "GET", `/v1/stores/${store.id}/config`, undefined, shopper);
    expect(config.json<{ analytics: unknown }>().analytics).toEqual({ dataLayer: true });
    const wrong = await call(store.apiKey, "PATCH", "/v1/admin/settings", { analytics: { dataLayer: "yes" } });
    expect(wrong.status).toBe(422);
  });

  it("erases the shopper's own words from their answers, keeps the choices, and includes the answers in their export", async () => {
    const { store, tokens } = await storeWithOrders(["2026-11-01T10:00:00Z"], "cust-erase");
    await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", custom);
    await answer(tokens[0]!, { placement: "confirmation", questionId: "heard_from", value: { choice: "other", text: "My neighbour Ann" } });
    await answer(tokens[0]!, { placement: "post_delivery", questionId: "why", value: "Because Ann said so" });
    await answer(tokens[0]!, { placement: "post_delivery", questionId: "nps", value: 9 });
    const exported = await call(store.apiKey, "GET", "/v1/admin/customers/cust-erase/export");
    expect(exported.status, exported.text).toBe(200);
    const answers = exported.json<import("../../contract/admin.ts").CustomerExportFile>().data.surveyAnswers;
    expect(answers.map((a) => [a.placement, a.questionId, a.value]).sort()).toEqual([
      ["confirmation", "heard_from", { choice: "other", text: "My neighbour Ann" }],
      ["post_delivery", "nps", 9],
      ["post_delivery", "why", "Because Ann said so"],
    ]);
    expect((await call(store.apiKey, "DELETE", "/v1/admin/customers/cust-erase")).status).toBe(200);
    const rows = await env.DB.prepare(`SELECT question_id, value FROM survey_answers WHERE store_id = ? ORDER BY question_id`)
      .bind(store.id)
      .all();
    expect(rows.results).toEqual([
      { question_id: "heard_from", value: JSON.stringify({ choice: "other" }) },
      { question_id: "nps", value: "9" },
    ]);
  });
});
