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
