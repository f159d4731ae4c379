/**
 * Reads from replicas (issue 23, item 3): shoppers' and the dashboard's requests run in a D1 session,
 * and the answer carries its bookmark (`Doorstep-Bookmark`), which the client sends back so its next
 * read starts from a copy at least as new as its own write. Local D1 has no replicas, so a read sees
 * every write anyway: what is tested here is the plumbing — where each request's session starts, that
 * every statement of the request runs in it, that the bookmark goes out and comes back, and CORS.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../contract/order-view.ts";
import { sha256Hex } from "../../worker/crypto/hash.ts";
import { randomToken } from "../../worker/crypto/random.ts";
import { BOOKMARK_HEADER, isBookmark, sessionStart } from "../../worker/http/d1-session.ts";
import worker from "../../worker/index.ts";
import { answersBookmark, buildOpenApiDocument, readsFromBookmark } from "../../worker/openapi/document.ts";
import { DOORSTEP_API } from "../../worker/openapi/operations.ts";
import { loginCodeStatement } from "../../worker/storage/dashboard.ts";
import { BASE, ORIGIN, storeWithOrder } from "./fixtures.ts";

let address = 0;

/** What reached D1 during one request: the sessions opened (by where they start), and statements run outside any. */
interface Seen {
  sessions: string[];
  onBinding: number;
}

/** The binding, watched: which sessions a request opens, and whether any statement bypasses them. */
function watched(seen: Seen): D1Database {
  const db = env.DB;
  return {
    prepare: (query: string) => {
      seen.onBinding++;
      return db.prepare(query);
    },
    batch: (statements: D1PreparedStatement[]) => {
      seen.onBinding++;
      return db.batch(statements);
    },
    exec: (query: string) => db.exec(query),
    dump: () => db.dump(),
    withSession: (start?: string) => {
      seen.sessions.push(start ?? "(none)");
      return db.withSession(start);
    },
  } as D1Database;
}

async function call(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("CF-Connecting-IP", `203.0.113.${(address++ % 250) + 1}`);
  const seen: Seen = { sessions: [], onBinding: 0 };
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, { ...init, headers }), { ...env, DB: watched(seen) } as Env, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, text, bookmark: res.headers.get(BOOKMARK_HEADER), seen };
}

const fromShop = (extra: Record<string, string> = {}) => ({ Origin: ORIGIN, ...extra });
const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("where a request's session starts", () => {
  const bookmark = "00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683";
  const start = (method: string, path: string, more: { authorization?: string; bookmark?: string } = {}) =>
    sessionStart({ method, path, ...more });

  it("a shopper's read: from the bookmark sent, else anywhere", () => {
    expect(start("GET", "/v1/o/tok")).toBe("first-unconstrained");
    expect(start("GET", "/v1/o/tok", { bookmark })).toBe(bookmark);
    expect(start("GET", "/v1/o/tok/offers", { bookmark })).toBe(bookmark);
    expect(start("GET", "/v1/stores/s1/config")).toBe("first-unconstrained");
    expect(start("GET", "/v1/stores/s1/products/TRAIL-1/reviews", { bookmark })).toBe(bookmark);
    expect(start("GET", "/v1/stores/s1/feeds/google-product-reviews.xml")).toBe("first-unconstrained");
    expect(start("DELETE", "/v1/o/tok/reviews/TRAIL-1/photos/p1", { bookmark })).toBe("first-primary");
    expect(start("OPTIONS", "/v1/o/tok/survey")).toBe("first-unconstrained");
  });

  it("a shopper's write: at the primary, whatever bookmark came with it", () => {
    for (const path of ["/v1/o/tok/events", "/v1/o/tok/survey", "/v1/o/tok/reviews", "/v1/o/tok/preferences"]) {
      expect(start("POST", path, { bookmark })).toBe("first-primary");
    }
  });

  it("the dashboard's session credential, and signing in and out", () => {
    expect(start("GET", "/v1/admin/metrics", { authorization: "Bearer dss_abc" })).toBe("first-unconstrained");
    expect(start("GET", "/v1/admin/alerts", { authorization: "bearer dss_abc", bookmark })).toBe(bookmark);
    expect(start("POST", "/v1/admin/alerts/o1/resolve", { authorization: "Bearer dss_abc", bookmark })).toBe("first-primary");
    expect(start("POST", "/v1/admin/session")).toBe("first-primary");
    expect(start("DELETE", "/v1/admin/session", { authorization: "Bearer dss_abc" })).toBe("first-primary");
  });

  it("everyone else keeps the binding itself (the primary), bookmark or not", () => {
    expect(start("GET", "/v1/admin/metrics", { authorization: "Bearer dsk_abc", bookmark })).toBeUndefined();
    expect(start("POST", "/v1/orders", { authorization: "Bearer dsk_abc" })).toBeUndefined();
    expect(start("GET", "/v1/admin/orders/o1", { authorization: "Bearer DSS_abc" })).toBeUndefined();
    expect(start("POST", "/v1/webhooks/easypost/s1")).toBeUndefined();
    // Lookup's answer must not differ by a header (tests/worker/lookup-shape.test.ts); it reads the primary.
    expect(start("POST", "/v1/lookup", { bookmark })).toBeUndefined();
    expect(start("GET", "/v1/health")).toBeUndefined();
    expect(start("GET", "/v1/photos/p1")).toBeUndefined();
    // Paths that only look like the shopper's.
    expect(start("GET", "/v1/stores")).toBeUndefined();
    expect(start("GET", "/v1/orders/o1")).toBeUndefined();
  });

  it("only what looks like a D1 bookmark is one: anything else is read as no bookmark", () => {
    expect(isBookmark(bookmark)).toBe(true);
    for (const bad of ["", "first-primary", "first-unconstrained", "zz-11", "0000-", `${"0".repeat(65)}`, "00000085 0000024c", "a/b"]) {
      expect(isBookmark(bad), bad).toBe(false);
      expect(start("GET", "/v1/o/tok", { bookmark: bad })).toBe("first-unconstrained");
    }
  });
});

describe("a shopper's answers carry the session's bookmark", () => {
  it("an order read: every statement in one session started anywhere, its bookmark exposed to the store's page", async () => {
    const { token } = await storeWithOrder();
    const res = await call(`/v1/o/${token}`, { headers: fromShop() });
    expect(res.status).toBe(200);
    expect(res.seen).toEqual({ sessions: ["first-unconstrained"], onBinding: 0 });
    expect(isBookmark(res.bookmark ?? undefined)).toBe(true);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain(BOOKMARK_HEADER);
  });

  it("a survey answer's bookmark, sent with the next read, starts that read's session, which sees the answer", async () => {
    const { token } = await storeWithOrder();
    const before = await call(`/v1/o/${token}`, { headers: fromShop() });
    const saved = await call(`/v1/o/${token}/survey`, postJson({ rating: 5 }, fromShop()));
    expect(saved.status).toBe(200);
    expect(saved.seen.sessions).toEqual(["first-primary"]);
    expect(saved.seen.onBinding).toBe(0);
    expect(isBookmark(saved.bookmark ?? undefined)).toBe(true);
    // Bookmarks sort as the database's history does: the write's is past the earlier read's.
    expect(saved.bookmark! > before.bookmark!).toBe(true);

    const read = await call(`/v1/o/${token}`, { headers: fromShop({ [BOOKMARK_HEADER]: saved.bookmark! }) });
    expect(read.status).toBe(200);
    expect(read.seen).toEqual({ sessions: [saved.bookmark], onBinding: 0 });
    expect((JSON.parse(read.text) as OrderView).feedback.survey?.rating).toBe(5);
    expect(read.bookmark! >= saved.bookmark!).toBe(true);
  });

  it("a refresh answered 304 carries it too", async () => {
    const { token } = await storeWithOrder();
    const first = await call(`/v1/o/${token}`, { headers: fromShop() });
    const again = await call(`/v1/o/${token}`, { headers: fromShop({ "If-None-Match": first.headers.get("ETag")! }) });
    expect(again.status).toBe(304);
    expect(isBookmark(again.bookmark ?? undefined)).toBe(true);
  });

  it("a bookmark that is not one is ignored: the read is answered as without it", async () => {
    const { token } = await storeWithOrder();
    const res = await call(`/v1/o/${token}`, { headers: fromShop({ [BOOKMARK_HEADER]: "first-primary" }) });
    expect(res.status).toBe(200);
    expect(res.seen.sessions).toEqual(["first-unconstrained"]);
  });

  it("an unknown token's 404 is answered from a session too, and says nothing more", async () => {
    const res = await call(`/v1/o/${randomToken(22)}`, { headers: fromShop() });
    expect(res.status).toBe(404);
    expect(res.seen.onBinding).toBe(0);
    expect(res.headers.get("Access-Control-Expose-Headers")).not.toContain(BOOKMARK_HEADER);
  });

  it("the preflight lets the store's page send the bookmark header", async () => {
    const { token } = await storeWithOrder();
    const res = await call(`/v1/o/${token}`, {
      method: "OPTIONS",
      headers: fromShop({ "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "doorstep-bookmark" }),
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Headers")).toContain(BOOKMARK_HEADER);
  });
});

describe("the widget's events post stays a simple request", () => {
  it("text/plain and nothing else: answered for the store's page without a preflight, its bookmark readable", async () => {
    const { token } = await storeWithOrder();
    const events = [{ id: `ev-${randomToken(8)}`, type: "view", target: "tracking", at: new Date().toISOString() }];
    // Only CORS-safelisted headers: a browser sends this without asking first.
    const res = await call(`/v1/o/${token}/events`, {
      method: "POST",
      headers: { "Content-Type": "text/plain", Origin: ORIGIN },
      body: JSON.stringify(events),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(res.seen.sessions).toEqual(["first-primary"]);
    expect(isBookmark(res.bookmark ?? undefined)).toBe(true);
  });
});

describe("the dashboard and the merchant's server", () => {
  async function signIn(storeId: string) {
    const code = `dsl_${randomToken(32)}`;
    const { sql, params } = loginCodeStatement(await sha256Hex(code), storeId, new Date(Date.now() + 60_000).toISOString());
    await env.DB.prepare(sql)
      .bind(...params)
      .run();
    return call("/v1/admin/session", postJson({ code }));
  }

  it("signing in answers a bookmark; the first read with the new session starts from it", async () => {
    const { store } = await storeWithOrder();
    const signedIn = await signIn(store.id);
    expect(signedIn.status).toBe(201);
    expect(signedIn.seen.sessions).toEqual(["first-primary"]);
    expect(isBookmark(signedIn.bookmark ?? undefined)).toBe(true);
    const { token } = JSON.parse(signedIn.text) as { token: string };

    const alerts = await call("/v1/admin/alerts", { headers: { Authorization: `Bearer ${token}`, [BOOKMARK_HEADER]: signedIn.bookmark! } });
    expect(alerts.status).toBe(200);
    expect(alerts.seen).toEqual({ sessions: [signedIn.bookmark], onBinding: 0 });
    expect(alerts.bookmark! >= signedIn.bookmark!).toBe(true);
  });

  it("the store's API key reads and writes on the binding itself: no session, no bookmark", async () => {
    const { store, order } = await storeWithOrder();
    const res = await call(`/v1/admin/orders/${order.id}`, {
      headers: {
        Authorization: `Bearer ${store.apiKey}`,
        [BOOKMARK_HEADER]: "00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683",
      },
    });
    expect(res.status).toBe(200);
    expect(res.seen.sessions).toEqual([]);
    expect(res.bookmark).toBeNull();
  });
});

describe("the OpenAPI document says which operations answer a bookmark, and which reads start from one", () => {
  const bookmark = "00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683";
  type Doc = {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, { headers?: object }> }>>;
  };
  const doc = buildOpenApiDocument(DOORSTEP_API) as unknown as Doc;

  it("as the worker decides it for each operation's requests", () => {
    const operations = DOORSTEP_API.operations;
    expect(operations.filter(answersBookmark).length).toBeGreaterThan(10);
    for (const op of operations) {
      const request = {
        method: op.method.toUpperCase(),
        path: op.path.replace(/\{(\w+)\}/g, "$1-1"),
        authorization: op.auth === "api_key_or_session" ? "Bearer dss_probe" : op.auth === "api_key" ? "Bearer dsk_probe" : undefined,
      };
      expect(sessionStart(request) !== undefined, op.operationId).toBe(answersBookmark(op));
      expect(sessionStart({ ...request, bookmark }) === bookmark, op.operationId).toBe(readsFromBookmark(op));

      const documented = doc.paths[op.path]![op.method]!;
      const takesHeader = (documented.parameters ?? []).some((p) => p.in === "header" && p.name === BOOKMARK_HEADER);
      expect(takesHeader, op.operationId).toBe(readsFromBookmark(op));
      for (const status of Object.keys(op.responses)) {
        expect(BOOKMARK_HEADER in (documented.responses[status]!.headers ?? {}), `${op.operationId} ${status}`).toBe(answersBookmark(op));
      }
    }
  });
});
