/**
 * The connections page and support's order panel through the admin API (issue 26): an owner's session
 * connects, tests, rotates and removes a connection (audited, never a credential answered); support
 * finds an order by number or email (exact matches, not an analyst) and sends its status link again,
 * once per double click, under the shopper's update choice. Connection tests go over the network to
 * the vendors' local stand-in (tests/stand-ins/aggregators.ts).
 */
import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { StoredOrder } from "../../contract/admin.ts";
import type {
  AuditAnswer,
  ConnectionsAnswer,
  ConnectionTestResult,
  OrderSearchAnswer,
  StatusLinkResent,
} from "../../contract/self-service.ts";
import type { Role } from "../../contract/vocabularies.ts";
import { openJson } from "../../worker/crypto/secret-box.ts";
import worker from "../../worker/index.ts";
import { BASE, createStore, ORIGIN, postOrder, sampleOrder, uniqueId } from "./fixtures.ts";

type Store = Awaited<ReturnType<typeof createStore>>;

let address = 0;
async function call(credential: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { "CF-Connecting-IP": `198.19.0.${(address++ % 250) + 1}` };
  if (credential) headers.Authorization = `Bearer ${credential}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    env as Env,
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, text, json: <T>() => JSON.parse(text) as T };
}
const errorOf = (answer: { json: <T>() => T }) => answer.json<{ error: { code: string; message: string; details?: unknown } }>().error;

async function sessionFor(store: Store, role: Role): Promise<string> {
  const link = await call(store.apiKey, "POST", "/v1/admin/login-links", { role, person: `${role} person` });
  expect(link.status, link.text).toBe(201);
  const code = new URL(link.json<{ url: string }>().url).hash.replace("#code=", "");
  const signedIn = await call(null, "POST", "/v1/admin/session", { code });
  expect(signedIn.status, signedIn.text).toBe(201);
  return signedIn.json<{ token: string }>().token;
}

const auditOf = async (store: Store) => (await call(store.apiKey, "GET", "/v1/admin/audit?limit=200")).json<AuditAnswer>().entries;

describe("connections from an owner's dashboard session", () => {
  let store: Store;
  const sessions = {} as Record<Role, string>;
  beforeAll(async () => {
    store = await createStore();
    for (const role of ["owner", "analyst", "support"] as const) sessions[role] = await sessionFor(store, role);
  });

  it("connects an aggregator, lists it with when its secret was set (never the secret), tests it against the vendor, and removes it", async () => {
    const vendorKey = `EZTK${uniqueId("key").replace(/-/g, "")}`;
    const connected = await call(sessions.owner, "PUT", "/v1/admin/connections/easypost", { apiKey: vendorKey });
    expect(connected.status, connected.text).toBe(200);
    expect(connected.text).not.toContain(vendorKey);

    const listed = await call(sessions.owner, "GET", "/v1/admin/connections");
    expect(listed.text).not.toContain(vendorKey);
    const easypost = listed.json<ConnectionsAnswer>().connections.find((c) => c.platform === "easypost")!;
    expect(easypost).toMatchObject({ kind: "aggregator", status: "active", lastOutAt: null, lastError: null });
    expect(Date.parse(easypost.secretSetAt)).toBeGreaterThan(Date.now() - 60_000);

    const tested = await call(sessions.owner, "POST", "/v1/admin/connections/easypost/test");
    expect(tested.status, tested.text).toBe(200);
    expect(tested.json<ConnectionTestResult>()).toMatchObject({ provider: "easypost", tested: true, ok: true, status: 200 });
    const afterTest = (await call(sessions.owner, "GET", "/v1/admin/connections")).json<ConnectionsAnswer>().connections[0]!;
    expect(afterTest.lastOutAt).toBe(tested.json<ConnectionTestResult>().at);

    const removed = await call(sessions.owner, "DELETE", "/v1/admin/connections/easypost");
    expect(removed.status).toBe(204);
    expect((await call(sessions.owner, "GET", "/v1/admin/connections")).json<ConnectionsAnswer>().connections).toEqual([]);
    expect((await call(sessions.owner, "POST", "/v1/admin/connections/easypost/test")).status).toBe(404);

    const audit = (await auditOf(store)).filter((e) => e.action.startsWith("connection."));
    expect(audit.map((e) => e.action)).toEqual(["connection.removed", "connection.connected"]);
    expect(audit[1]!.actor).toMatchObject({ kind: "session", role: "owner" });
    expect(JSON.stringify(audit)).not.toContain(vendorKey);
  });

  it("typing a new secret rotates it: secretSetAt moves, and a refused key is the connection's last error", async () => {
    const first = await call(sessions.owner, "PUT", "/v1/admin/connections/klaviyo", { apiKey: "pk_first0123456789" });
    expect(first.status).toBe(200);
    const before = (await call(store.apiKey, "GET", "/v1/admin/connections")).json<ConnectionsAnswer>().connections[0]!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await call(sessions.owner, "PUT", "/v1/admin/connections/klaviyo", { apiKey: "pk_revoked0123456789" })).status).toBe(200);
    const tested = (await call(sessions.owner, "POST", "/v1/admin/connections/klaviyo/test")).json<ConnectionTestResult>();
    expect(tested).toMatchObject({ tested: true, ok: false, status: 401 });
    expect(tested.message).toContain("Incorrect authentication credentials");
    const after = (await call(store.apiKey, "GET", "/v1/admin/connections")).json<ConnectionsAnswer>().connections[0]!;
    expect(after.secretSetAt > before.secretSetAt).toBe(true);
    expect(after.lastError).toContain("HTTP 401");
    expect(JSON.stringify(after)).not.toContain("pk_revoked");
    await call(store.apiKey, "DELETE", "/v1/admin/connections/klaviyo");
  });

  it("keep: true rotates one credential and keeps the rest; the list names the credentials held, never their values", async () => {
    const put = (body: unknown) => call(sessions.owner, "PUT", "/v1/admin/connections/shopify", body);
    expect((await put({ shop: "keep-shop.myshopify.com", secret: "shpss_first0123456", token: "shpat_first0123456" })).status).toBe(200);
    expect((await put({ keep: true, token: "shpat_second012345" })).status).toBe(200);
    const listed = await call(sessions.owner, "GET", "/v1/admin/connections");
    const shopify = listed.json<ConnectionsAnswer>().connections.find((c) => c.platform === "shopify")!;
    expect(shopify).toMatchObject({ settings: { shop: "keep-shop.myshopify.com" }, credentials: ["secret", "token"] });
    for (const secret of ["shpss_", "shpat_"]) expect(listed.text).not.toContain(secret);
    const row = await env.DB.prepare(`SELECT secrets_sealed FROM store_connections WHERE store_id = ? AND provider = 'shopify'`)
      .bind(store.id)
      .first<string>("secrets_sealed");
    expect(await openJson(env.DOORSTEP_SECRET_KEY, row!)).toEqual({ secret: "shpss_first0123456", token: "shpat_second012345" });
    // Without keep, a PUT replaces everything, as before: a missing secret is refused by name.
    const refused = await put({ token: "shpat_third0123456" });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(errorOf(refused).details)).toContain("shop");
    await call(store.apiKey, "DELETE", "/v1/admin/connections/shopify");
  });

  it("a platform is not called: its test says when it last delivered", async () => {
    expect(
      (await call(sessions.owner, "PUT", "/v1/admin/connections/shopify", { shop: "panel-shop.myshopify.com", secret: "shpss_0123456789" }))
        .status,
    ).toBe(200);
    const tested = (await call(sessions.owner, "POST", "/v1/admin/connections/shopify/test")).json<ConnectionTestResult>();
    expect(tested).toMatchObject({ provider: "shopify", tested: false, ok: null, lastInAt: null });
    expect(tested.message).toContain("nothing has come in yet");
    await call(store.apiKey, "DELETE", "/v1/admin/connections/shopify");
  });

  it("analyst and support sessions may look but not connect, test or remove (insufficient_scope settings:write)", async () => {
    await call(store.apiKey, "PUT", "/v1/admin/connections/aftership", { apiKey: "asat_0123456789abcdef" });
    for (const role of ["analyst", "support"] as const) {
      expect((await call(sessions[role], "GET", "/v1/admin/connections")).status).toBe(200);
      for (const [method, path, body] of [
        ["PUT", "/v1/admin/connections/aftership", { apiKey: "asat_other0123456789" }],
        ["POST", "/v1/admin/connections/aftership/test", undefined],
        ["DELETE", "/v1/admin/connections/aftership", undefined],
      ] as const) {
        const refused = await call(sessions[role], method, path, body);
        expect(refused.status, `${role} ${method} ${path}`).toBe(403);
        expect(errorOf(refused)).toMatchObject({ code: "insufficient_scope", details: { scope: "settings:write", role } });
      }
    }
    expect((await call(store.apiKey, "GET", "/v1/admin/connections")).json<ConnectionsAnswer>().connections).toHaveLength(1);
  });
});

describe("support's order panel", () => {
  let store: Store;
  const sessions = {} as Record<Role, string>;
  const email = `Pat.${uniqueId("shopper")}@Example.com`;
  const orders = [
    sampleOrder({ placedAt: "2026-11-20T10:00:00Z", customer: { id: "cust-pat", email } }),
    sampleOrder({ placedAt: "2026-11-25T10:00:00Z", customer: { id: "cust-pat", email } }),
    sampleOrder({ customer: { id: "cust-other", email: `other-${email}` } }),
  ];
  const tokens: string[] = [];
  beforeAll(async () => {
    store = await createStore();
    for (const order of orders) {
      const res = await postOrder(store.apiKey, order);
      expect(res.status).toBe(201);
      tokens.push(((await res.json()) as { orderToken: string }).orderToken);
    }
    for (const role of ["owner", "analyst", "support"] as const) sessions[role] = await sessionFor(store, role);
  });

  it("finds orders by exact number or exact email (case aside), newest first; never by a part", async () => {
    // An order sent through the API has no number of its own: its id is what the shopper quotes.
    const byNumber = await call(sessions.support, "GET", `/v1/admin/orders?number=${encodeURIComponent(orders[0]!.id)}`);
    expect(byNumber.status, byNumber.text).toBe(200);
    expect(byNumber.json<OrderSearchAnswer>().orders.map((o) => o.id)).toEqual([orders[0]!.id]);
    const byEmail = (
      await call(sessions.support, "GET", `/v1/admin/orders?email=${encodeURIComponent(email.toLowerCase())}`)
    ).json<OrderSearchAnswer>();
    expect(byEmail.orders.map((o) => o.id)).toEqual([orders[1]!.id, orders[0]!.id]);
    expect(byEmail.orders[0]).toMatchObject({ customerId: "cust-pat", email, parcels: 0, currency: "USD" });
    const part = (
      await call(sessions.owner, "GET", `/v1/admin/orders?email=${encodeURIComponent(`at.${email.slice(4)}`)}`)
    ).json<OrderSearchAnswer>();
    expect(part.orders).toEqual([]);
    const prefix = encodeURIComponent(orders[0]!.id.slice(0, -1));
    expect((await call(store.apiKey, "GET", `/v1/admin/orders?number=${prefix}`)).json<OrderSearchAnswer>().orders).toEqual([]);
  });

  it("wants exactly one of number and email, and refuses an analyst's session (role_not_allowed)", async () => {
    for (const query of ["", `?number=x&email=${encodeURIComponent(email)}`, "?email=not-an-email"]) {
      const refused = await call(sessions.support, "GET", `/v1/admin/orders${query}`);
      expect(refused.status, query).toBe(422);
      expect(errorOf(refused).code).toBe("invalid_values");
    }
    const analyst = await call(sessions.analyst, "GET", "/v1/admin/orders?number=x");
    expect(analyst.status).toBe(403);
    expect(errorOf(analyst)).toMatchObject({ code: "role_not_allowed", details: { role: "analyst" } });
  });

  it("opens one order as stored (token, contacts) and its moments for support and the owner, never for an analyst", async () => {
    const id = encodeURIComponent(orders[0]!.id);
    for (const path of [`/v1/admin/orders/${id}`, `/v1/admin/orders/${id}/moments`]) {
      const analyst = await call(sessions.analyst, "GET", path);
      expect(analyst.status, path).toBe(403);
      expect(errorOf(analyst)).toMatchObject({ code: "role_not_allowed", details: { role: "analyst" } });
    }
    for (const credential of [sessions.support, sessions.owner, store.apiKey]) {
      const stored = await call(credential, "GET", `/v1/admin/orders/${id}`);
      expect(stored.status, stored.text).toBe(200);
      expect(stored.json<{ id: string }>().id).toBe(orders[0]!.id);
    }
  });

  it("shows the order's survey answer and reviews", async () => {
    const headers = { "Content-Type": "application/json", Origin: ORIGIN };
    const survey = await SELF.fetch(`${BASE}/v1/o/${tokens[0]}/survey`, {
      method: "POST",
      headers,
      body: JSON.stringify({ rating: 2, comment: "Box was crushed" }),
    });
    expect(survey.status, await survey.clone().text()).toBe(200);
    const review = await SELF.fetch(`${BASE}/v1/o/${tokens[0]}/reviews`, {
      method: "POST",
      headers,
      body: JSON.stringify([{ sku: "TRAIL-1", rating: 4, body: "Comfortable from day one." }]),
    });
    expect(review.status, await review.clone().text()).toBe(200);
    const order = (await call(sessions.support, "GET", `/v1/admin/orders/${orders[0]!.id}`)).json<StoredOrder>();
    expect(order.feedback.survey).toMatchObject({ rating: 2, comment: "Box was crushed" });
    expect(order.feedback.reviews).toEqual([expect.objectContaining({ sku: "TRAIL-1", rating: 4, body: "Comfortable from day one." })]);
  });

  it("sends the status link again through the store's tools, once for a double click, audited", async () => {
    const orderId = orders[1]!.id;
    const [first, second] = await Promise.all([
      call(sessions.support, "POST", `/v1/admin/orders/${orderId}/status-link`),
      call(sessions.support, "POST", `/v1/admin/orders/${orderId}/status-link`),
    ]);
    const answers = [first, second].map((a) => ({ status: a.status, body: a.json<StatusLinkResent>() }));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    const made = answers.find((a) => a.status === 201)!.body;
    expect(made).toMatchObject({ orderId, status: "sent", reason: null, channel: "email", repeated: false });
    expect(made.statusUrl).toBe(`${ORIGIN}/orders/status?order=${tokens[1]}`);
    expect(answers.find((a) => a.status === 200)!.body).toMatchObject({ status: "sent", eventId: made.eventId, repeated: true });

    const events = await env.DB.prepare(`SELECT id, payload FROM outbound_events WHERE store_id = ? AND type = 'moment.status_link'`)
      .bind(store.id)
      .all<{ id: string; payload: string }>();
    expect(events.results.map((e) => e.id)).toEqual([made.eventId]);
    const data = (
      JSON.parse(events.results[0]!.payload) as {
        data: { kind: string; orderId: string; links: { status: string }; consent: { basis: string } };
      }
    ).data;
    expect(data).toMatchObject({ kind: "status_link", orderId, consent: { basis: "updates" } });
    expect(data.links.status).toContain(tokens[1]);

    const audit = (await auditOf(store)).filter((e) => e.action === "order.status_link_sent");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      target: orderId,
      actor: { kind: "session", role: "support" },
      after: { status: "sent", channel: "email" },
    });
  });

  it("follows the shopper's update choice, not marketing consent: none means not sent", async () => {
    const pref = await SELF.fetch(`${BASE}/v1/o/${tokens[2]}/preferences`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify({ channel: "none" }),
    });
    expect(pref.status).toBe(200);
    const res = await call(sessions.owner, "POST", `/v1/admin/orders/${orders[2]!.id}/status-link`);
    expect(res.status).toBe(201);
    expect(res.json<StatusLinkResent>()).toMatchObject({ status: "suppressed", reason: "opted_out", eventId: null });
  });

  it("an analyst may not send it; an unknown order is 404", async () => {
    const analyst = await call(sessions.analyst, "POST", `/v1/admin/orders/${orders[0]!.id}/status-link`);
    expect(analyst.status).toBe(403);
    expect(errorOf(analyst)).toMatchObject({ code: "insufficient_scope", details: { scope: "orders:write", role: "analyst" } });
    const unknown = await call(sessions.support, "POST", "/v1/admin/orders/no-such-order/status-link");
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe("order_not_found");
  });
});
