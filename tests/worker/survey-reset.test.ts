/**
 * Back to the built-in survey (DELETE /v1/admin/surveys/{placement}) through the public API against real
 * local D1: the order view asks the built-in survey again with a new ETag, the merchant's answers keep
 * their version in the exports and the attribution report, a shopper who loaded the merchant's version
 * can still answer it, a second reset changes nothing, the audit log records it, an analyst is refused.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../contract/order-view.ts";
import type { AuditAnswer } from "../../contract/self-service.ts";
import type { AttributionReport, SurveyAnswerSaved, SurveyDefinition, SurveyDefinitionInput, SurveyReset } from "../../contract/surveys.ts";
import worker from "../../worker/index.ts";
import { auditStatement } from "../../worker/storage/audit.ts";
import { applyChanges } from "../../worker/storage/changes.ts";
import { resetDefinitionStatement, resetWritten, resetWrittenCondition } from "../../worker/storage/survey-definitions.ts";
import { storeViewsChanged } from "../../worker/storage/view-versions.ts";
import { BASE, createStore, ORIGIN, postOrder, sampleOrder } from "./fixtures.ts";

let address = 0;
async function call(credential: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const all: Record<string, string> = { "CF-Connecting-IP": `198.19.7.${(address++ % 250) + 1}`, ...headers };
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
const errorOf = (answer: { json: <T>() => T }) => answer.json<{ error: { code: string; message: string } }>().error;

async function sessionFor(apiKey: string, role: "owner" | "analyst") {
  const link = await call(apiKey, "POST", "/v1/admin/login-links", { role, person: role });
  const code = new URL(link.json<{ url: string }>().url).hash.replace("#code=", "");
  return (await call(null, "POST", "/v1/admin/session", { code })).json<{ token: string }>().token;
}

const shopper = { Origin: ORIGIN };
const view = async (token: string, headers: Record<string, string> = {}) => {
  const res = await call(null, "GET", `/v1/o/${token}`, undefined, { ...shopper, ...headers });
  return { status: res.status, etag: res.headers.get("ETag"), body: res.status === 200 ? res.json<OrderView>() : undefined };
};
const answer = (token: string, body: unknown) => call(null, "POST", `/v1/o/${token}/survey`, body, shopper);

/** The merchant's own thank-you survey: their wording of the attribution question and a rating. */
const mine: SurveyDefinitionInput = {
  enabled: true,
  audience: "all",
  questions: [
    { id: "heard_from", type: "attribution", text: { en: "Where did you find us?" } },
    { id: "stars", type: "rating", text: { en: "How was checkout?" } },
  ],
};

async function storeWithOrders(count: number) {
  const store = await createStore();
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await postOrder(
      store.apiKey,
      sampleOrder({ placedAt: `2026-11-0${i + 1}T10:00:00Z`, customer: { id: `cust-r${i}`, email: `r${i}@example.com` } }),
    );
    expect(res.status).toBe(201);
    tokens.push((await res.json<{ orderToken: string }>()).orderToken);
  }
  return { store, tokens };
}

describe("going back to the built-in survey", () => {
  it("asks the built-in survey again, changes every order's ETag, and keeps the merchant's answers with their version", async () => {
    const { store, tokens } = await storeWithOrders(2);
    const [a, b] = tokens as [string, string];
    const put = await call(store.apiKey, "PUT", "/v1/admin/surveys/confirmation", mine);
    expect(put.json<SurveyDefinition>().version).toBe(1);
    // Order A answers the merchant's version; order B's shopper loads it and answers only after the reset.
    expect((await answer(a, { placement: "confirmation", questionId: "heard_from", version: 1, value: { choice: "tiktok" } })).status).toBe(
      200,
    );
    expect((await answer(a, { placement: "confirmation", questionId: "stars", version: 1, value: 5 })).status).toBe(200);
    const loaded = (await view(b)).body!.surveys!.confirmation!;
    expect(loaded).toMatchObject({ version: 1, builtIn: false });
    const beforeA = await view(a);
    const beforeB = await view(b);

    const reset = await call(store.apiKey, "DELETE", "/v1/admin/surveys/confirmation");
    expect(reset.status, reset.text).toBe(200);
    expect(reset.headers.get("Cache-Control")).toBe("private, no-store");
    const body = reset.json<SurveyReset>();
    expect(body).toMatchObject({ changed: true, replacedVersion: 1, survey: { placement: "confirmation", version: 0 } });
    expect(body.survey.updatedAt).toBeUndefined();
    expect(body.survey.questions).toEqual([{ id: "heard_from", type: "attribution", optional: true, other: true, randomize: false }]);
    expect((await call(store.apiKey, "GET", "/v1/admin/surveys/confirmation")).json<SurveyDefinition>()).toEqual(body.survey);

    // Every order's view changed: B's with no write of its own; both show the built-in survey, worded by the widget.
    for (const [token, before] of [
      [a, beforeA],
      [b, beforeB],
    ] as const) {
      const after = await view(token, { "If-None-Match": before.etag! });
      expect(after.status, "the reset changes the ETag of every order of the store").toBe(200);
      expect(after.etag).not.toBe(before.etag);
      expect(after.body!.surveys!.confirmation).toMatchObject({ version: 0, builtIn: true });
      expect(after.body!.surveys!.confirmation!.questions).toEqual([
        { id: "heard_from", type: "attribution", text: null, optional: true, other: true, randomize: false },
      ]);
    }
    // The built-in question shares its id with the merchant's: A's answer to it still shows (it fits).
    expect((await view(a)).body!.surveys!.confirmation!.answers).toEqual({ heard_from: { choice: "tiktok" } });

    // B's shopper still has version 1 on screen and answers it: kept as version 1.
    const late = await answer(b, { placement: "confirmation", questionId: "stars", version: 1, value: 4 });
    expect(late.status, late.text).toBe(200);
    expect(late.json<SurveyAnswerSaved>()).toMatchObject({ version: 1, questionId: "stars" });
    // Without a version, an answer goes to the survey asked now: the built-in one, version 0.
    const now = await answer(b, { placement: "confirmation", questionId: "heard_from", value: { choice: "search" } });
    expect(now.json<SurveyAnswerSaved>()).toMatchObject({ version: 0 });
    // The reset's own version number is no survey a shopper was shown.
    const ghost = await answer(b, { placement: "confirmation", questionId: "heard_from", version: 2, value: { choice: "email" } });
    expect(ghost.status).toBe(404);
    expect(errorOf(ghost).code).toBe("survey_version_not_found");

    const stored = await env.DB.prepare(
      `SELECT o.id AS order_id, a.question_id, a.version FROM survey_answers a JOIN orders o ON o.store_id = a.store_id AND o.id = a.order_id
       WHERE a.store_id = ? ORDER BY o.placed_at, a.question_id`,
    )
      .bind(store.id)
      .all<{ question_id: string; version: number }>();
    expect(stored.results.map((r) => [r.question_id, r.version])).toEqual([
      ["heard_from", 1],
      ["stars", 1],
      ["heard_from", 0],
      ["stars", 1],
    ]);

    // The exports and the attribution report read answers of every version.
    const csv = await call(store.apiKey, "GET", `/v1/admin/survey-answers?from=2026-01-01&to=2027-01-01&format=csv`);
    expect(csv.status, csv.text).toBe(200);
    const rows = csv.text
      .trim()
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(",").slice(2, 7).join(","));
    expect(rows.sort()).toEqual(
      [
        "confirmation,1,heard_from,attribution,tiktok",
        "confirmation,1,stars,rating,5",
        "confirmation,0,heard_from,attribution,search",
        "confirmation,1,stars,rating,4",
      ].sort(),
    );
    const report = (await call(store.apiKey, "GET", "/v1/admin/attribution?from=2026-11-01&to=2026-12-01")).json<AttributionReport>();
    expect(report).toMatchObject({ answered: 2, orders: 2 });
    expect(report.channels.map((c) => [c.channel, c.orders]).sort()).toEqual([
      ["search", 1],
      ["tiktok", 1],
    ]);

    // A later publish takes the next number: versions are never reused.
    const again = await call(store.apiKey, "PUT", "/v1/admin/surveys/confirmation", mine);
    expect(again.json<SurveyDefinition>().version).toBe(3);
    expect((await view(a)).body!.surveys!.confirmation).toMatchObject({ version: 3, builtIn: false });
  });

  it("is idempotent: a second reset, or one where nothing was published, writes nothing and says so", async () => {
    const { store, tokens } = await storeWithOrders(1);
    const untouched = await call(store.apiKey, "DELETE", "/v1/admin/surveys/post_delivery");
    expect(untouched.status, untouched.text).toBe(200);
    expect(untouched.json<SurveyReset>()).toMatchObject({ changed: false, replacedVersion: null, survey: { version: 0 } });

    await call(store.apiKey, "PUT", "/v1/admin/surveys/post_delivery", { ...mine, questions: [mine.questions[1]!] });
    expect((await call(store.apiKey, "DELETE", "/v1/admin/surveys/post_delivery")).json<SurveyReset>().changed).toBe(true);
    const before = await view(tokens[0]!);
    const versions = async () =>
      (
        await env.DB.prepare(`SELECT version, definition IS NULL AS built_in FROM survey_definitions WHERE store_id = ? ORDER BY version`)
          .bind(store.id)
          .all()
      ).results;
    expect(await versions()).toEqual([
      { version: 1, built_in: 0 },
      { version: 2, built_in: 1 },
    ]);

    const second = await call(store.apiKey, "DELETE", "/v1/admin/surveys/post_delivery");
    expect(second.status).toBe(200);
    expect(second.json<SurveyReset>()).toMatchObject({
      changed: false,
      replacedVersion: null,
      survey: { placement: "post_delivery", version: 0 },
    });
    expect(await versions(), "no new version").toHaveLength(2);
    const after = await view(tokens[0]!, { "If-None-Match": before.etag! });
    expect(after.status, "the same ETag").toBe(304);
    // The built-in post-delivery survey with its four questions.
    expect((await view(tokens[0]!)).body!.surveys!.post_delivery!.questions.map((q) => q.id)).toEqual([
      "rating",
      "standout",
      "wants",
      "comment",
    ]);
    const audit = (await call(store.apiKey, "GET", "/v1/admin/audit")).json<AuditAnswer>().entries;
    expect(
      audit.filter((e) => e.target === "surveys.post_delivery"),
      "one entry for the publish, one for the reset",
    ).toHaveLength(2);
  });

  it("is recorded in the audit log like a publish, with who did it, what was asked before and the built-in survey after", async () => {
    const store = await createStore();
    const owner = await sessionFor(store.apiKey, "owner");
    await call(owner, "PUT", "/v1/admin/surveys/confirmation", mine);
    const reset = await call(owner, "DELETE", "/v1/admin/surveys/confirmation");
    expect(reset.status, reset.text).toBe(200);
    const entry = (await call(store.apiKey, "GET", "/v1/admin/audit")).json<AuditAnswer>().entries[0]!;
    expect(entry).toMatchObject({ action: "settings.updated", target: "surveys.confirmation", actor: { kind: "session", role: "owner" } });
    expect(entry.before).toMatchObject({ version: 1, enabled: true, questions: [{ id: "heard_from" }, { id: "stars" }] });
    expect(entry.after).toEqual({
      version: 0,
      builtIn: true,
      enabled: true,
      audience: "all",
      questions: [{ id: "heard_from", type: "attribution", optional: true, other: true, randomize: false }],
    });
  });

  it("refuses an analyst with 403 insufficient_scope and changes nothing; an API key with settings:write may", async () => {
    const store = await createStore();
    await call(store.apiKey, "PUT", "/v1/admin/surveys/confirmation", mine);
    const analyst = await sessionFor(store.apiKey, "analyst");
    const refused = await call(analyst, "DELETE", "/v1/admin/surveys/confirmation");
    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe("insufficient_scope");
    expect(errorOf(refused).message).toEqual(expect.any(String));
    expect((await call(store.apiKey, "GET", "/v1/admin/surveys/confirmation")).json<SurveyDefinition>().version).toBe(1);

    const unknown = await call(store.apiKey, "DELETE", "/v1/admin/surveys/checkout");
    expect(unknown.status).toBe(422);
    expect(errorOf(unknown).code).toBe("invalid_values");
    expect((await call(store.apiKey, "DELETE", "/v1/admin/surveys/confirmation")).json<SurveyReset>().changed).toBe(true);
  });

  it("writes nothing, raises no view version and audits nothing when a publish landed after the version it read", async () => {
    const store = await createStore();
    await call(store.apiKey, "PUT", "/v1/admin/surveys/confirmation", mine);
    await call(store.apiKey, "PUT", "/v1/admin/surveys/confirmation", mine);
    const facts = async () => ({
      store: await env.DB.prepare(`SELECT view_version FROM stores WHERE id = ?`).bind(store.id).first("view_version"),
      audit: await env.DB.prepare(`SELECT count(*) AS n FROM audit_log WHERE store_id = ?`).bind(store.id).first("n"),
      versions: await env.DB.prepare(`SELECT count(*) AS n FROM survey_definitions WHERE store_id = ?`).bind(store.id).first("n"),
    });
    const before = await facts();
    // The batch the service sends, as if it had read version 1 just before version 2 was published.
    const at = new Date().toISOString();
    const written = resetWrittenCondition(store.id, "confirmation", 1, at);
    const actor = { kind: "operator", id: "cli", name: null, role: null } as const;
    const [inserted] = await applyChanges(env.DB, [
      resetDefinitionStatement(store.id, "confirmation", 1, at),
      storeViewsChanged(store.id, written),
      auditStatement(
        store.id,
        actor,
        { action: "settings.updated", target: "surveys.confirmation", before: null, after: null },
        at,
        written,
      ),
    ]);
    expect(resetWritten(inserted)).toBe(false);
    expect(await facts()).toEqual(before);
    // Read again, the service finds version 2 and resets it.
    const reset = await call(store.apiKey, "DELETE", "/v1/admin/surveys/confirmation");
    expect(reset.json<SurveyReset>()).toMatchObject({ changed: true, replacedVersion: 2 });
    const after = await facts();
    expect(after).toEqual({ store: Number(before.store) + 1, audit: Number(before.audit) + 1, versions: 3 });
  });
});
