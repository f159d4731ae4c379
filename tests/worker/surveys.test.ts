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
import { BASE, createStore } from "./fixtures.ts";

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
