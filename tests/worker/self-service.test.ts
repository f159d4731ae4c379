/**
 * Merchants run their store themselves (issue 26): scoped API keys, dashboard roles, settings, webhook
 * endpoints and the audit log, through the admin API. Every merchant operation is asked with a key
 * lacking its scope and with one holding only that scope, and with a session of each role: the server
 * refuses whatever a page shows. Requests go to the worker's fetch handler with an execution context
 * that is awaited, so what a request leaves to waitUntil (a key's last use) is done before D1 is read.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type {
  ApiKeyCreated,
  ApiKeysAnswer,
  AuditAnswer,
  SessionInfo,
  SettingsAnswer,
  SettingsUpdated,
  WebhookDeliveryLog,
  WebhookEndpointsAnswer,
  WebhookEndpointWithSecret,
  WebhookTestResult,
} from "../../contract/self-service.ts";
import { type Role, ROLES, SCOPES, type Scope } from "../../contract/vocabularies.ts";
import { sha256Hex } from "../../worker/crypto/hash.ts";
import { signOutbound } from "../../worker/crypto/outbound-signature.ts";
import { ROLE_SCOPES } from "../../worker/domain/access.ts";
import worker from "../../worker/index.ts";
import { MERCHANT_AUTH, type Operation } from "../../worker/openapi/document.ts";
import { DOORSTEP_API, type OPERATIONS } from "../../worker/openapi/operations.ts";
import { deliverDue } from "../../worker/services/outbound-delivery.ts";
import { loginCodeStatement } from "../../worker/storage/dashboard.ts";
import { outboundEventStatements } from "../../worker/storage/outbound.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { rotateApiKeyStatements } from "../../worker/storage/stores.ts";
import { BASE, createStore, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

type Store = Awaited<ReturnType<typeof createStore>>;

let address = 0;
async function call(credential: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { "CF-Connecting-IP": `198.18.0.${(address++ % 250) + 1}` };
  if (credential) headers.Authorization = `Bearer ${credential}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
    env as Env,
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, text, json: <T>() => JSON.parse(text) as T, headers: res.headers };
}
const errorOf = (answer: { json: <T>() => T }) => answer.json<{ error: { code: string; message: string; details?: unknown } }>().error;

async function createKey(store: Store, name: string, scopes: readonly Scope[], credential = store.apiKey): Promise<ApiKeyCreated> {
  const res = await call(credential, "POST", "/v1/admin/keys", { name, scopes });
  expect(res.status, res.text).toBe(201);
  return res.json<ApiKeyCreated>();
}

/** A sign-in link made through the API (with the store's key unless said), traded for a session. */
async function sessionFor(store: Store, role: Role, person = `${role} person`, credential = store.apiKey): Promise<string> {
  const link = await call(credential, "POST", "/v1/admin/login-links", { role, person });
  expect(link.status, link.text).toBe(201);
  const code = new URL(link.json<{ url: string }>().url).hash.replace("#code=", "");
  const signedIn = await call(null, "POST", "/v1/admin/session", { code });
  expect(signedIn.status, signedIn.text).toBe(201);
  expect(signedIn.json<{ role: Role }>().role).toBe(role);
  return signedIn.json<{ token: string }>().token;
}

const auditOf = async (store: Store) => (await call(store.apiKey, "GET", "/v1/admin/audit?limit=200")).json<AuditAnswer>().entries;

/** Every operation a merchant's credential opens, with a request that reaches its handler. */
const merchantOps = DOORSTEP_API.operations.filter((op) => MERCHANT_AUTH.includes(op.auth));
const PATH_VALUES: Record<string, string> = {
  orderId: "order-none",
  shipmentId: "shipment-none",
  customerId: "customer-none",
  provider: "easypost",
  keyId: "ak_none",
  endpointId: "we_none",
};
const probe = (op: Operation, credential: string) =>
  call(
    credential,
    op.method.toUpperCase(),
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => PATH_VALUES[name] ?? "x"),
    op.body ? "{}" : undefined,
  );
const name = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;

/** Compile-time too: a merchant operation declared without a scope makes this `false`, and `npm run typecheck` fails. */
type Unscoped = Exclude<Extract<(typeof OPERATIONS)[number], { auth: "api_key" | "api_key_or_session" }>, { scope: Scope }>;
const everyMerchantOperationScoped: [Unscoped] extends [never] ? true : false = true;

describe("every merchant operation declares its scope", () => {
  it("is checked by the compiler", () => expect(everyMerchantOperationScoped).toBe(true));

  it("names one for each operation an API key or session opens, and none for the others", () => {
    expect(merchantOps.length).toBeGreaterThan(35);
    for (const op of DOORSTEP_API.operations) {
      if (MERCHANT_AUTH.includes(op.auth)) expect(op.scope, name(op)).toBeDefined();
      else expect(op.scope, name(op)).toBeUndefined();
    }
  });

  it("says so in the OpenAPI document: the security requirement and x-doorstep-scope, and the 403", async () => {
    const doc = (await call(null, "GET", "/v1/openapi.json")).json<{ paths: Record<string, Record<string, Record<string, unknown>>> }>();
    for (const op of merchantOps) {
      const documented = doc.paths[op.path]![op.method]!;
      expect(documented["x-doorstep-scope"], name(op)).toBe(op.scope);
      expect(documented.security).toEqual([{ apiKey: [op.scope] }]);
      expect((documented.responses as Record<string, { description: string }>)["403"]!.description).toContain(
        `insufficient_scope: the API key, or the dashboard session's role, does not hold ${op.scope}`,
      );
    }
  });
});

describe("scoped keys × operations", () => {
  let store: Store;
  const without = {} as Record<Scope, string>;
  const only = {} as Record<Scope, string>;

  beforeAll(async () => {
    store = await createStore();
    for (const scope of SCOPES) {
      without[scope] = (
        await createKey(
          store,
          `all but ${scope}`,
          SCOPES.filter((s) => s !== scope),
        )
      ).key;
      only[scope] = (await createKey(store, `only ${scope}`, [scope])).key;
    }
  });

  for (const op of merchantOps) {
    it(`${name(op)}: refused 403 insufficient_scope without ${op.scope}, let through with it alone`, async () => {
      const refused = await probe(op, without[op.scope!]);
      expect(refused.status, refused.text).toBe(403);
      expect(errorOf(refused)).toMatchObject({ code: "insufficient_scope", details: { scope: op.scope } });
      expect(errorOf(refused).message).toContain(op.scope);
      const allowed = await probe(op, only[op.scope!]);
      expect([401, 403], `${name(op)} answered ${allowed.status} ${allowed.text}`).not.toContain(allowed.status);
    });
  }

  it("the store's own key keeps every scope, so nothing that worked before breaks", async () => {
    for (const op of merchantOps) {
      const res = await probe(op, store.apiKey);
      expect([401, 403], `${name(op)} answered ${res.status} ${res.text}`).not.toContain(res.status);
    }
  });
});

describe("dashboard roles × operations, enforced by the server", () => {
  let store: Store;
  const sessions = {} as Record<Role, string>;

  beforeAll(async () => {
    store = await createStore();
    for (const role of ROLES) sessions[role] = await sessionFor(store, role);
  });

  for (const role of ROLES) {
    it(`a ${role} session reaches what its scopes allow and nothing else`, async () => {
      for (const op of merchantOps) {
        const res = await probe(op, sessions[role]);
        if (op.auth === "api_key") {
          expect(res.status, name(op)).toBe(403);
          expect(errorOf(res).code, name(op)).toBe("session_not_allowed");
        } else if (ROLE_SCOPES[role].includes(op.scope!) && op.roles && !op.roles.includes(role)) {
          // Holding the scope is not enough where the declaration names the roles (finding shoppers by email).
          expect(res.status, `${role} ${name(op)}`).toBe(403);
          expect(errorOf(res)).toMatchObject({ code: "role_not_allowed", details: { role } });
        } else if (ROLE_SCOPES[role].includes(op.scope!)) {
          expect([401, 403], `${role} ${name(op)} answered ${res.status} ${res.text}`).not.toContain(res.status);
        } else {
          expect(res.status, `${role} ${name(op)}`).toBe(403);
          expect(errorOf(res)).toMatchObject({ code: "insufficient_scope", details: { scope: op.scope, role } });
        }
      }
    });
  }

  it("an analyst cannot change settings, support cannot erase a customer, an owner can", async () => {
    const { store: shop, order } = await (async () => {
      const s = await createStore();
      const o = sampleOrder({ customer: { id: "cust-erase", email: "erase@example.com" } });
      expect((await postOrder(s.apiKey, o)).status).toBe(201);
      return { store: s, order: o };
    })();
    const [owner, analyst, support] = [
      await sessionFor(shop, "owner"),
      await sessionFor(shop, "analyst"),
      await sessionFor(shop, "support"),
    ];

    const patch = await call(analyst, "PATCH", "/v1/admin/settings", { name: "Renamed by an analyst" });
    expect(patch.status).toBe(403);
    expect(errorOf(patch)).toMatchObject({ code: "insufficient_scope", details: { scope: "settings:write", role: "analyst" } });
    expect((await call(analyst, "GET", "/v1/admin/settings")).json<SettingsAnswer>().settings.name).toBe("Acme Outdoor");

    const erase = await call(support, "DELETE", `/v1/admin/customers/${order.customer.id}`);
    expect(erase.status).toBe(403);
    expect(errorOf(erase)).toMatchObject({ code: "insufficient_scope", details: { scope: "customers:erase", role: "support" } });
    const stillThere = await call(support, "GET", `/v1/admin/orders/${order.id}`);
    expect(stillThere.json<{ customer: { erased: boolean } }>().customer.erased).toBe(false);

    // Support handles orders: a leaked link replaced.
    expect((await call(support, "POST", `/v1/admin/orders/${order.id}/token`)).status).toBe(200);
    // And nothing of settings, keys or endpoints.
    for (const [method, path, body] of [
      ["PATCH", "/v1/admin/settings", {}],
      ["GET", "/v1/admin/keys", undefined],
      ["POST", "/v1/admin/keys", { name: "x", scopes: ["admin:read"] }],
      ["POST", "/v1/admin/webhooks", { url: "https://hooks.acme.example/x" }],
      ["POST", "/v1/admin/login-links", { role: "support" }],
    ] as const) {
      const res = await call(support, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(errorOf(res).code).toBe("insufficient_scope");
    }

    const erased = await call(owner, "DELETE", `/v1/admin/customers/${order.customer.id}`);
    expect(erased.status, erased.text).toBe(200);
    expect((await call(owner, "GET", `/v1/admin/orders/${order.id}`)).json<{ customer: { erased: boolean } }>().customer.erased).toBe(true);
  });

  it("GET /v1/admin/session says who is asking and what they may do", async () => {
    const support = (await call(sessions.support, "GET", "/v1/admin/session")).json<SessionInfo>();
    expect(support).toMatchObject({
      storeId: store.id,
      storeName: "Acme Outdoor",
      credential: "session",
      role: "support",
      person: "support person",
      key: null,
      scopes: ["orders:write", "admin:read"],
    });
    expect(Date.parse(support.expiresAt!)).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    const own = (await call(store.apiKey, "GET", "/v1/admin/session")).json<SessionInfo>();
    expect(own).toMatchObject({
      credential: "api_key",
      role: null,
      key: { id: "store", name: "Store key" },
      scopes: [...SCOPES],
      expiresAt: null,
    });
    const reader = await createKey(store, "reader", ["admin:read"]);
    expect((await call(reader.key, "GET", "/v1/admin/session")).json<SessionInfo>()).toMatchObject({
      key: { id: reader.id, name: "reader" },
      scopes: ["admin:read"],
    });
  });

  it("sign-in links: never for a role wider than their maker, and each recorded", async () => {
    const shop = await createStore();
    const owner = await sessionFor(shop, "owner", "Olive Owner");
    // An owner invites support; the session it opens is support's.
    const support = await sessionFor(shop, "support", "Sam Support", owner);
    expect((await call(support, "GET", "/v1/admin/session")).json<SessionInfo>().role).toBe("support");
    // A key that may change settings but not erase cannot mint an owner (who could).
    const settingsOnly = await createKey(shop, "settings only", ["settings:write", "admin:read"]);
    const wider = await call(settingsOnly.key, "POST", "/v1/admin/login-links", { role: "owner" });
    expect(wider.status).toBe(403);
    expect(errorOf(wider)).toMatchObject({ code: "insufficient_scope", details: { scope: "orders:write" } });
    expect((await call(settingsOnly.key, "POST", "/v1/admin/login-links", { role: "analyst" })).status).toBe(201);
    // A role that does not exist is refused by name.
    const unknown = await call(owner, "POST", "/v1/admin/login-links", { role: "admin" });
    expect(unknown.status).toBe(422);
    const links = (await auditOf(shop)).filter((e) => e.action === "login_link.created");
    expect(links.map((e) => [e.target, e.actor.kind, e.actor.name])).toEqual([
      ["analyst", "api_key", "settings only"],
      ["support", "session", "Olive Owner"],
      ["owner", "api_key", "Store key"],
    ]);
    expect(JSON.stringify(links)).not.toMatch(/dsl_/);
  });
});

describe("scoped keys: made, listed, used, revoked", () => {
  it("shows a key once, lists it without it, and refuses it at once when revoked", async () => {
    const store = await createStore();
    const made = await createKey(store, "order sync", ["orders:write", "catalog:write", "orders:write"]);
    expect(made).toMatchObject({ name: "order sync", kind: "scoped", scopes: ["orders:write", "catalog:write"], lastUsedAt: null });
    expect(made.key).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
    expect(made.hint).toBe(made.key.slice(-4));
    const listed = await call(store.apiKey, "GET", "/v1/admin/keys");
    expect(listed.json<ApiKeysAnswer>().keys.map((k) => [k.id, k.kind, k.name])).toEqual([
      ["store", "store", "Store key"],
      [made.id, "scoped", "order sync"],
    ]);
    expect(listed.text).not.toContain(made.key);
    expect(listed.text).not.toContain(store.apiKey);
    const stored = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?").bind(made.id).first<Record<string, unknown>>();
    expect(JSON.stringify(stored)).not.toContain(made.key);

    // It writes orders, and reads nothing it was not given.
    expect((await postOrder(made.key, sampleOrder())).status).toBe(201);
    expect((await call(made.key, "GET", "/v1/admin/alerts")).status).toBe(403);

    const revoked = await call(store.apiKey, "DELETE", `/v1/admin/keys/${made.id}`);
    expect(revoked.status).toBe(204);
    const after = await postOrder(made.key, sampleOrder());
    expect(after.status).toBe(401);
    expect((await call(store.apiKey, "DELETE", `/v1/admin/keys/${made.id}`)).status).toBe(404);
    expect(errorOf(await call(store.apiKey, "DELETE", "/v1/admin/keys/store")).code).toBe("store_key_not_revocable");
    expect((await call(store.apiKey, "GET", "/v1/admin/keys")).json<ApiKeysAnswer>().keys.map((k) => k.id)).toEqual(["store"]);
  });

  it("no key makes a key wider than itself, and a store has at most 50", async () => {
    const store = await createStore();
    const keysOnly = await createKey(store, "key maker", ["settings:write", "admin:read"]);
    const wider = await call(keysOnly.key, "POST", "/v1/admin/keys", { name: "escalate", scopes: ["customers:erase"] });
    expect(wider.status).toBe(403);
    expect(errorOf(wider)).toMatchObject({ code: "insufficient_scope", details: { scope: "customers:erase" } });
    expect((await call(keysOnly.key, "POST", "/v1/admin/keys", { name: "reader", scopes: ["admin:read"] })).status).toBe(201);
    const typo = await call(store.apiKey, "POST", "/v1/admin/keys", { name: "x", scopes: ["orders:read"] });
    expect(typo.status).toBe(422);
    expect(errorOf(typo).details).toEqual([expect.objectContaining({ path: "scopes.0" })]);
    for (let i = 0; i < 48; i++) await createKey(store, `key ${i}`, ["admin:read"]);
    const tooMany = await call(store.apiKey, "POST", "/v1/admin/keys", { name: "one more", scopes: ["admin:read"] });
    expect(tooMany.status).toBe(409);
    expect(errorOf(tooMany).code).toBe("too_many_keys");
  });

  it("rotating the store's key after a leak revokes every key made from it; keys made from an operator's link stay", async () => {
    const store = await createStore();
    // What a leaker could make with the store's key: a key, a link from that key, and a key from that link's session.
    const made = await createKey(store, "made with the store key", ["settings:write", "admin:read"]);
    const session = await sessionFor(store, "analyst", "via a key", made.key);
    const ownerSession = await sessionFor(store, "owner", "via the store key");
    const fromSession = await createKey(store, "made in a session", ["admin:read"], ownerSession);
    const fromKey = await createKey(store, "made by a key", ["admin:read"], made.key);
    // The operator's own sign-in link (store:login-link) and what is made in its session.
    const code = `dsl_${"o".repeat(43)}`;
    await runBatch(env.DB, [loginCodeStatement(await sha256Hex(code), store.id, new Date(Date.now() + 60_000).toISOString())]);
    const operatorSession = (await call(null, "POST", "/v1/admin/session", { code })).json<{ token: string }>().token;
    const kept = await createKey(store, "made from the operator's link", ["admin:read"], operatorSession);

    await runBatch(env.DB, rotateApiKeyStatements(store.id, await sha256Hex("dsk_after-the-leak"), new Date().toISOString()));
    for (const credential of [store.apiKey, made.key, fromSession.key, fromKey.key, session, ownerSession, operatorSession]) {
      expect((await call(credential, "GET", "/v1/admin/alerts")).status).toBe(401);
    }
    expect((await call(kept.key, "GET", "/v1/admin/alerts")).status).toBe(200);
    const keys = (await call("dsk_after-the-leak", "GET", "/v1/admin/keys")).json<ApiKeysAnswer>().keys;
    expect(keys.map((k) => k.name)).toEqual(["Store key", "made from the operator's link"]);
    const revoked = (await auditOf({ ...store, apiKey: "dsk_after-the-leak" })).filter((e) => e.action === "key.revoked");
    expect(revoked.map((e) => [e.target, e.actor.kind])).toEqual(
      expect.arrayContaining([
        [made.id, "operator"],
        [fromSession.id, "operator"],
        [fromKey.id, "operator"],
      ]),
    );
    expect(revoked).toHaveLength(3);
  });

  it("records a key's last use after a good answer, at most once a minute, and never for a refusal", async () => {
    const store = await createStore();
    const reader = await createKey(store, "reader", ["admin:read"]);
    const lastUsed = async () =>
      (await env.DB.prepare("SELECT last_used_at AS at FROM api_keys WHERE id = ?").bind(reader.id).first<{ at: string | null }>())!.at;
    expect((await call(reader.key, "POST", "/v1/admin/keys", { name: "x", scopes: ["admin:read"] })).status).toBe(403);
    expect((await call(reader.key, "GET", "/v1/admin/metrics?from=bad&to=worse")).status).toBe(422);
    expect(await lastUsed()).toBeNull();
    expect((await call(reader.key, "GET", "/v1/admin/alerts")).status).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect((await call(reader.key, "GET", "/v1/admin/alerts")).status).toBe(200);
    expect(await lastUsed()).toBe(first);
    // Listed; and the store's own key's use is recorded the same way.
    expect((await call(store.apiKey, "GET", "/v1/admin/keys")).json<ApiKeysAnswer>().keys.map((k) => k.lastUsedAt !== null)).toEqual([
      true,
      true,
    ]);
  });
});

describe("settings", () => {
  it("answers the settings as store:update takes them, with the contrast notice", async () => {
    const store = await createStore({ branding: { textColor: "#b8b8b8" } });
    const res = await call(store.apiKey, "GET", "/v1/admin/settings");
    expect(res.status).toBe(200);
    const answer = res.json<SettingsAnswer>();
    expect(answer.settings).toEqual(JSON.parse(JSON.stringify(store.settings)));
    expect(answer.brandingAdjusted).toEqual([expect.objectContaining({ color: "textColor", from: "#b8b8b8", scheme: "light" })]);
  });

  it("merges the sections given, validates the whole as store:update does, and records each change", async () => {
    const store = await createStore();
    const owner = await sessionFor(store, "owner", "Olive Owner");
    const res = await call(owner, "PATCH", "/v1/admin/settings", {
      branding: { primaryColor: "#f0f0f0" },
      support: { email: "care@shop.example" },
      statusPageUrl: null,
    });
    expect(res.status, res.text).toBe(200);
    const updated = res.json<SettingsUpdated>();
    expect(updated.changed).toEqual(["branding", "support", "statusPageUrl"]);
    expect(updated.settings.support).toEqual({ email: "care@shop.example" });
    expect(updated.settings.statusPageUrl).toBeUndefined();
    expect(updated.settings.returnPolicy).toEqual(store.settings.returnPolicy);
    expect(updated.brandingAdjusted.map((a) => a.color)).toContain("primaryColor");
    // Shoppers' config has it (the store is read afresh by each request).
    const config = (await call(null, "GET", `/v1/stores/${store.id}/config`)).json<{
      support: unknown;
      branding: { primaryColor: string };
    }>();
    expect(config.support).toEqual({ email: "care@shop.example" });

    const entries = (await auditOf(store)).filter((e) => e.action === "settings.updated");
    expect(entries.map((e) => e.target).sort()).toEqual(["branding", "statusPageUrl", "support"]);
    const support = entries.find((e) => e.target === "support")!;
    expect(support).toMatchObject({
      actor: { kind: "session", name: "Olive Owner", role: "owner" },
      before: store.settings.support,
      after: { email: "care@shop.example" },
    });
    expect(support.actor.id).toMatch(/^ses_[0-9a-f]{12}$/);

    // The same again changes nothing and records nothing.
    const again = await call(owner, "PATCH", "/v1/admin/settings", { support: { email: "care@shop.example" } });
    expect(again.json<SettingsUpdated>().changed).toEqual([]);
    expect((await auditOf(store)).filter((e) => e.action === "settings.updated")).toHaveLength(3);
  });

  it.each([
    [{ branding: { primaryColour: "#112233" } }, "branding.primaryColour"],
    [{ statuspageUrl: "https://shop.example/{token}" }, "statuspageUrl"],
    [{ shipping: { transitDaysMin: 5, transitDaysMax: 2 } }, "shipping.transitDaysMax"],
    [{ origins: [] }, "origins"],
    [{ locales: ["not a locale!"] }, "locales.0"],
    [{ statusPageUrl: "https://shop.example/no-token" }, "statusPageUrl"],
  ])("refuses %j naming %s, and changes nothing", async (patch, path) => {
    const store = await createStore();
    const res = await call(store.apiKey, "PATCH", "/v1/admin/settings", patch);
    expect(res.status).toBe(422);
    expect(errorOf(res)).toMatchObject({ code: "invalid_values" });
    expect((errorOf(res).details as { path: string }[]).map((d) => d.path)).toContain(path);
    expect((await call(store.apiKey, "GET", "/v1/admin/settings")).json<SettingsAnswer>().settings).toEqual(
      JSON.parse(JSON.stringify(store.settings)),
    );
    expect(await auditOf(store)).toEqual([]);
  });
});

describe("webhook endpoints", () => {
  afterEach(() => vi.restoreAllMocks());

  const receiver = () => {
    const sent: { url: string; headers: Headers; body: string }[] = [];
    const send = async (url: string, init: RequestInit) => {
      sent.push({ url, headers: new Headers(init.headers), body: String(init.body) });
      return new Response(null, { status: 204 });
    };
    return { sent, send };
  };

  async function endpoint(store: Store, body: unknown = { url: "https://hooks.acme.example/doorstep", events: ["review.created"] }) {
    const res = await call(store.apiKey, "POST", "/v1/admin/webhooks", body);
    expect(res.status, res.text).toBe(201);
    return res.json<WebhookEndpointWithSecret>();
  }

  const queueEvent = (store: Store, type = "review.created") =>
    runBatch(env.DB, outboundEventStatements(store.id, { id: uniqueId("evt"), type, data: { orderId: "o-1" } }, new Date().toISOString()));

  it("registers an endpoint, shows its secret once, and lists it (the whole URL only to who may change it)", async () => {
    const store = await createStore();
    const made = await endpoint(store, { url: "https://hooks.acme.example/catch/123/tok" });
    expect(made.secret).toMatch(/^dsw_/);
    expect(made).toMatchObject({ url: "https://hooks.acme.example/catch/123/tok", host: "hooks.acme.example", paused: false, pending: 0 });
    expect(made.events.length).toBeGreaterThan(10);
    const reader = await createKey(store, "reader", ["admin:read"]);
    const listed = await call(reader.key, "GET", "/v1/admin/webhooks");
    expect(listed.json<WebhookEndpointsAnswer>().endpoints).toEqual([
      expect.objectContaining({ id: made.id, url: null, host: "hooks.acme.example" }),
    ]);
    expect(listed.text).not.toContain("/catch/123/tok");
    expect(listed.text).not.toContain(made.secret);
    const writer = (await call(store.apiKey, "GET", "/v1/admin/webhooks")).json<WebhookEndpointsAnswer>();
    expect(writer.endpoints[0]!.url).toBe("https://hooks.acme.example/catch/123/tok");
    const row = await env.DB.prepare("SELECT secret_sealed FROM webhook_endpoints WHERE id = ?")
      .bind(made.id)
      .first<{ secret_sealed: string }>();
    expect(row!.secret_sealed).not.toContain(made.secret);
  });

  it.each([
    ["http://hooks.acme.example/x", /must use https/],
    ["https://127.0.0.1/x", /IP address/],
    ["https://localhost/x", /single-label/],
    ["https://hooks.acme.example:8443/x", /port 443/],
  ])("refuses %s with the reason, as webhook:add does", async (url, reason) => {
    const store = await createStore();
    const res = await call(store.apiKey, "POST", "/v1/admin/webhooks", { url });
    expect(res.status).toBe(422);
    expect(errorOf(res).details).toEqual([{ path: "url", message: expect.stringMatching(reason) }]);
    expect((await call(store.apiKey, "GET", "/v1/admin/webhooks")).json<WebhookEndpointsAnswer>().endpoints).toEqual([]);
  });

  it("a paused endpoint is queued nothing new, what waited waits, and resuming sends it", async () => {
    const store = await createStore();
    const [paused, active] = [await endpoint(store), await endpoint(store)];
    await queueEvent(store); // one delivery each, before the pause
    const pause = await call(store.apiKey, "PATCH", `/v1/admin/webhooks/${paused.id}`, { paused: true });
    expect(pause.json<{ paused: boolean; pending: number }>()).toMatchObject({ paused: true, pending: 1 });
    await queueEvent(store); // none for the paused one
    const queued = await env.DB.prepare(
      "SELECT endpoint_id, count(*) AS n FROM outbound_deliveries WHERE store_id = ? GROUP BY endpoint_id ORDER BY n",
    )
      .bind(store.id)
      .all<{ endpoint_id: string; n: number }>();
    expect(queued.results).toEqual([
      { endpoint_id: paused.id, n: 1 },
      { endpoint_id: active.id, n: 2 },
    ]);
    const { sent, send } = receiver();
    await deliverDue(env, { storeId: store.id, send });
    expect(sent).toHaveLength(2); // the active endpoint's two; the paused one's waits
    const log = (await call(store.apiKey, "GET", `/v1/admin/webhooks/${paused.id}/deliveries`)).json<WebhookDeliveryLog>();
    expect(log).toMatchObject({ pending: 1, attempts: [] });

    expect(
      (await call(store.apiKey, "PATCH", `/v1/admin/webhooks/${paused.id}`, { paused: false })).json<{ paused: boolean }>().paused,
    ).toBe(false);
    await deliverDue(env, { storeId: store.id, send });
    expect(sent).toHaveLength(3);
    const after = (await call(store.apiKey, "GET", `/v1/admin/webhooks/${paused.id}/deliveries`)).json<WebhookDeliveryLog>();
    expect(after).toMatchObject({
      pending: 0,
      attempts: [expect.objectContaining({ eventType: "review.created", status: 204, attempt: 1 })],
    });
    expect(after.attempts[0]!.durationMs).toBeGreaterThanOrEqual(0);

    const audit = (await auditOf(store)).filter((e) => e.target === paused.id).map((e) => [e.action, e.before, e.after]);
    expect(audit).toEqual([
      ["webhook.updated", { paused: true }, { paused: false }],
      ["webhook.updated", { paused: false }, { paused: true }],
      ["webhook.created", null, { host: "hooks.acme.example", events: ["review.created"], paused: false }],
    ]);
  });

  it("changes events, rotates the secret (shown once, signing what waits), and removes an endpoint", async () => {
    const store = await createStore();
    const made = await endpoint(store);
    const events = await call(store.apiKey, "PATCH", `/v1/admin/webhooks/${made.id}`, { events: ["survey.detractor", "review.created"] });
    expect(events.json<{ events: string[]; secret?: string }>()).toMatchObject({ events: ["survey.detractor", "review.created"] });
    expect(events.json<{ secret?: string }>().secret).toBeUndefined();
    await queueEvent(store);
    const rotated = await call(store.apiKey, "PATCH", `/v1/admin/webhooks/${made.id}`, { rotateSecret: true });
    const { secret } = rotated.json<{ secret: string }>();
    expect(secret).toMatch(/^dsw_/);
    expect(secret).not.toBe(made.secret);
    const { sent, send } = receiver();
    await deliverDue(env, { storeId: store.id, send });
    const [delivery] = sent;
    expect(delivery!.headers.get("Doorstep-Signature")).toBe(
      await signOutbound(secret, Number(delivery!.headers.get("Doorstep-Timestamp")), delivery!.body),
    );
    const nothing = await call(store.apiKey, "PATCH", `/v1/admin/webhooks/${made.id}`, {});
    expect(nothing.status).toBe(422);
    expect((await call(store.apiKey, "PATCH", "/v1/admin/webhooks/we_missing", { paused: true })).status).toBe(404);

    await queueEvent(store);
    expect((await call(store.apiKey, "DELETE", `/v1/admin/webhooks/${made.id}`)).status).toBe(204);
    expect((await call(store.apiKey, "DELETE", `/v1/admin/webhooks/${made.id}`)).status).toBe(404);
    const waiting = await env.DB.prepare("SELECT count(*) AS n FROM outbound_deliveries WHERE store_id = ? AND next_attempt_at IS NOT NULL")
      .bind(store.id)
      .first<{ n: number }>();
    expect(waiting!.n).toBe(0);

    const audit = await auditOf(store);
    expect(audit.map((e) => e.action)).toEqual(["webhook.deleted", "webhook.updated", "webhook.updated", "webhook.created"]);
    expect(audit[1]!.after).toEqual({ secretRotated: true });
    const text = JSON.stringify(audit);
    for (const hidden of [made.secret, secret, "/doorstep"]) expect(text).not.toContain(hidden);
  });

  it("sends a signed test event now, answers its status and time, and logs it", async () => {
    const store = await createStore();
    const made = await endpoint(store);
    const seen: Request[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      seen.push(new Request(input as string, init));
      return new Response("nope", { status: 500 });
    });
    const res = await call(store.apiKey, "POST", `/v1/admin/webhooks/${made.id}/test`);
    expect(res.status, res.text).toBe(200);
    const result = res.json<WebhookTestResult>();
    expect(result).toMatchObject({ endpointId: made.id, delivered: false, status: 500, error: "HTTP 500" });
    expect(result.eventId).toMatch(/^evt_test_/);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(seen).toHaveLength(1);
    const body = await seen[0]!.text();
    expect(JSON.parse(body)).toMatchObject({ id: result.eventId, type: "webhook.test", storeId: store.id, data: { endpointId: made.id } });
    expect(seen[0]!.headers.get("Doorstep-Signature")).toBe(
      await signOutbound(made.secret, Number(seen[0]!.headers.get("Doorstep-Timestamp")), body),
    );

    const log = (await call(store.apiKey, "GET", `/v1/admin/webhooks/${made.id}/deliveries?limit=1`)).json<WebhookDeliveryLog>();
    expect(log).toMatchObject({
      endpointId: made.id,
      pending: 0,
      attempts: [{ eventId: result.eventId, eventType: "webhook.test", attempt: 1, status: 500, error: "HTTP 500" }],
      nextBefore: null,
    });
    // Never retried, and no delivery failure in the dashboard's report.
    await deliverDue(env, { storeId: store.id, send: receiver().send });
    const report = (await call(store.apiKey, "GET", "/v1/admin/deliveries")).json<{ deliveries: unknown[] }>();
    expect(report.deliveries).toEqual([]);
    expect((await call(store.apiKey, "POST", "/v1/admin/webhooks/we_missing/test")).status).toBe(404);
  });

  it("pages the delivery log newest first", async () => {
    const store = await createStore();
    const made = await endpoint(store);
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(null, { status: 204 }));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await call(store.apiKey, "POST", `/v1/admin/webhooks/${made.id}/test`)).json<WebhookTestResult>().eventId);
    const first = (await call(store.apiKey, "GET", `/v1/admin/webhooks/${made.id}/deliveries?limit=2`)).json<WebhookDeliveryLog>();
    expect(first.attempts.map((a) => a.eventId)).toEqual([ids[2], ids[1]]);
    const second = (
      await call(store.apiKey, "GET", `/v1/admin/webhooks/${made.id}/deliveries?limit=2&before=${first.nextBefore}`)
    ).json<WebhookDeliveryLog>();
    expect(second).toMatchObject({ attempts: [expect.objectContaining({ eventId: ids[0], status: 204 })], nextBefore: null });
  });
});

describe("the audit log", () => {
  it("pages newest first and keeps no secret", async () => {
    const store = await createStore();
    const key = await createKey(store, "ci", ["admin:read"]);
    await call(store.apiKey, "DELETE", `/v1/admin/keys/${key.id}`);
    await call(store.apiKey, "PATCH", "/v1/admin/settings", { name: "Acme Two" });
    const first = (await call(store.apiKey, "GET", "/v1/admin/audit?limit=2")).json<AuditAnswer>();
    expect(first.entries.map((e) => e.action)).toEqual(["settings.updated", "key.revoked"]);
    expect(first.entries[0]).toMatchObject({
      target: "name",
      before: "Acme Outdoor",
      after: "Acme Two",
      actor: { id: "store", kind: "api_key" },
    });
    const second = (await call(store.apiKey, "GET", `/v1/admin/audit?limit=2&before=${first.nextBefore}`)).json<AuditAnswer>();
    expect(second).toMatchObject({
      entries: [{ action: "key.created", target: key.id, after: { name: "ci", scopes: ["admin:read"] } }],
      nextBefore: null,
    });
    expect(JSON.stringify([first, second])).not.toContain(key.key);
    // Another store sees none of it.
    expect((await call((await createStore()).apiKey, "GET", "/v1/admin/audit")).json<AuditAnswer>().entries).toEqual([]);
  });
});
