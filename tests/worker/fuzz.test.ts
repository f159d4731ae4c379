/**
 * Hostile input at every public endpoint, inside the Workers runtime with real D1: generated JSON,
 * mutations of valid bodies, wrong content types and encodings, bodies around the size limit, odd
 * paths and headers. Every answer must be the contract's error shape with a 4xx (or a success), never
 * a 5xx or a stack trace, and a refused request must leave D1 exactly as it found it.
 *
 * VITE_FUZZ_RUNS sets the cases per endpoint and per read group (3,000 by default, what `npm test` runs well inside CI's time now that the API has grown; `npm run fuzz`
 * runs more). It is read from import.meta.env because the test runs inside workerd, whose
 * `process.env` holds the worker's bindings, not the shell's variables.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index.ts";
import { BASE, createStore, ORIGIN, postOrder, sampleOrder, storeWithOrder } from "./fixtures.ts";
import shopifyOrder from "./fixtures/platforms/shopify/orders-create-jpy-presentment.json";
import wooOrder from "./fixtures/platforms/woocommerce/order-created-guest.json";
import { BASE_PNG, BASE_WEBP, jpegWithGps } from "./fixtures/photos.ts";

const RUNS = Number(import.meta.env.VITE_FUZZ_RUNS ?? 3_000);
/** Generous: on two shared, busy cores 10,000 cases of the slowest endpoint took under a minute. */
const TIMEOUT_MS = Math.max(300_000, RUNS * 60);

/**
 * Requests go to the worker's fetch handler directly, not through SELF: inside vitest-pool-workers
 * every SELF.fetch made by a test file costs more than the one before (measured: 5 ms per request
 * at first, 200 ms after 600, even for a bare 404), while a direct call stays flat. The handler still
 * runs in workerd with the real D1 and rate-limit bindings; the execution context is awaited so that
 * work left to waitUntil is finished before D1 is inspected.
 */
async function send(path: string, init: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, init), workerEnv, ctx);
  const settled = new Response(await res.arrayBuffer(), res);
  await waitOnExecutionContext(ctx);
  return settled;
}

/**
 * The worker's D1, noting whether the request prepared anything but a plain SELECT (or ran exec), on
 * the binding or in a session opened from it. A request that did not cannot have changed D1, so the
 * write ledger below is read only after those that did: the check stays sound and most refused cases
 * cost no extra round trip.
 * Anything unrecognised counts as a possible write.
 */
let mayHaveWritten = false;
/** One SELECT and nothing after it (a ";" anywhere, even inside a literal, counts as a possible write). */
const READ_ONLY = /^\s*SELECT\b[^;]*$/i;
/** The binding, or a session of it (shoppers' requests read through one, http/d1-session.ts), watched. */
function watched<T extends D1Database | D1DatabaseSession>(db: T): T {
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      if (key === "prepare") {
        return (sql: string) => {
          if (!READ_ONLY.test(sql)) mayHaveWritten = true;
          return target.prepare(sql);
        };
      }
      if (key === "withSession") return (start?: string) => watched((target as D1Database).withSession(start));
      if (key === "batch" || key === "getBookmark" || key === "first" || key === "all" || key === "run" || key === "raw")
        return value.bind(target);
      return (...args: unknown[]) => {
        mayHaveWritten = true;
        return value.apply(target, args);
      };
    },
  });
}
const watchedDb = watched(env.DB);
/**
 * Widget events and carrier and platform webhooks are written by the queues' consumer after the
 * answer, i.e. during later cases, which would break "nothing else writes between cases". Here they go
 * to real local queues that no consumer reads (vitest.config.ts): the endpoints are fuzzed whole, up
 * to the enqueue, and the consumer's writes are tested on their own (event-queue.test.ts,
 * webhook-queue.test.ts).
 */
const workerEnv = { ...env, DB: watchedDb, EVENTS_QUEUE: env.FUZZ_EVENTS_QUEUE, WEBHOOKS_QUEUE: env.FUZZ_WEBHOOKS_QUEUE };

/**
 * A write counter bumped by triggers on every table of the schema, for every row inserted, updated or
 * deleted; a refused request must leave it where it was. Cheaper than fingerprinting each table per
 * case, and sound where counts and max(rowid) are not (an UPDATE moves neither). A write rolled back
 * with its batch rolls its trigger's bump back too, so only committed writes count. SQLite's own
 * total_changes() would not do: D1's bookkeeping moves it on every query, reads included.
 */
const LEDGER = "fuzz_ledger";
const writes = async () => (await env.DB.prepare(`SELECT n FROM ${LEDGER}`).first<{ n: number }>())!.n;

async function installLedger() {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name <> 'd1_migrations'",
  ).all<{ name: string }>();
  const tables = results.map((r) => r.name);
  expect(tables.length, "schema tables to watch").toBeGreaterThan(10);
  await env.DB.batch([
    env.DB.prepare(`CREATE TABLE ${LEDGER} (n INTEGER NOT NULL)`),
    env.DB.prepare(`INSERT INTO ${LEDGER} (n) VALUES (0)`),
    ...tables.flatMap((table) =>
      ["INSERT", "UPDATE", "DELETE"].map((op) =>
        env.DB.prepare(`CREATE TRIGGER "${LEDGER}_${table}_${op}" AFTER ${op} ON "${table}" BEGIN UPDATE ${LEDGER} SET n = n + 1; END`),
      ),
    ),
  ]);
}

/**
 * Client addresses: mostly one of millions, so the per-IP limiter lets the case reach the body
 * validation it is meant to exercise, and now and then one of four shared ones, as behind a carrier's NAT.
 */
const clientIp = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 1, max: 2 ** 24 - 1 }).map((n) => `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((i) => `198.51.100.${i}`) },
);

/** Order tokens to spread the per-token limit (60 per 10 s) over, for the same reason. */
const TOKEN_POOL = 48;
let ctx: {
  storeId: string;
  apiKey: string;
  token: string;
  orderId: string;
  tokens: string[];
  webhookSecrets: { easypost: string; aftership: string };
  platformSecrets: { shopify: string; woocommerce: string };
  /** A store of its own for the self-service routes (issue 26), whose settings and endpoints the cases change. */
  selfKey: string;
  endpointId: string;
  /** A review of the first order's TRAIL-1 (its public id), for the moderation and reply endpoints. */
  reviewId: string;
};
let tokenTurn = 0;
const nextToken = () => ctx.tokens[tokenTurn++ % ctx.tokens.length]!;

beforeAll(async () => {
  const { store, token, order } = await storeWithOrder();
  const tokens = [token];
  while (tokens.length < TOKEN_POOL) {
    const res = await postOrder(store.apiKey, sampleOrder());
    tokens.push(((await res.json()) as { orderToken: string }).orderToken);
  }
  const platformSecrets = { shopify: "shpss_fuzz_0123456789abcdef", woocommerce: "wc_fuzz_0123456789abcdef" };
  // The platforms' endpoints need the store connected to them (PUT /v1/admin/connections/{provider}).
  for (const [provider, body] of [
    ["shopify", { shop: "fuzz-shop.myshopify.com", secret: platformSecrets.shopify }],
    ["woocommerce", { site: "https://shop.example", secret: platformSecrets.woocommerce }],
  ] as const) {
    const res = await send(`/v1/admin/connections/${provider}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${store.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }
  const self = await createStore();
  const endpoint = await send("/v1/admin/webhooks", {
    method: "POST",
    headers: { Authorization: `Bearer ${self.apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ url: "https://hooks.fuzz.example/doorstep", events: ["review.created"] }),
  });
  expect(endpoint.status).toBe(201);
  ctx = {
    selfKey: self.apiKey,
    endpointId: ((await endpoint.json()) as { id: string }).id,
    storeId: store.id,
    apiKey: store.apiKey,
    token,
    orderId: order.id,
    tokens,
    webhookSecrets: store.webhookSecrets,
    platformSecrets,
    reviewId: await firstReviewId(store.apiKey, tokens),
  };
  await installLedger();
});

/** Every order of the pool reviews TRAIL-1 (so photo uploads find a review); answers one review's public id. */
async function firstReviewId(apiKey: string, tokens: string[]): Promise<string> {
  for (const token of tokens) {
    const res = await send(`/v1/o/${token}/reviews`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify([{ sku: "TRAIL-1", rating: 3, body: "Fine." }]),
    });
    expect(res.status).toBe(200);
  }
  const list = await send("/v1/admin/reviews/moderation", { headers: { Authorization: `Bearer ${apiKey}` } });
  return ((await list.json()) as { reviews: { id: string }[] }).reviews[0]!.id;
}

/** Replaces, deletes or retypes one value somewhere in a valid body. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  return fc.tuple(fc.jsonValue(), fc.nat(), fc.constantFrom("replace", "delete", "wrap", "stringify")).map(([junk, at, how]) => {
    const copy = structuredClone(valid) as Record<string, unknown> | unknown[];
    const paths: (string | number)[][] = [];
    const walk = (node: unknown, path: (string | number)[]) => {
      if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
          const p = [...path, Array.isArray(node) ? Number(k) : k];
          paths.push(p);
          walk(v, p);
        }
      }
    };
    walk(copy, []);
    if (!paths.length) return junk;
    const path = paths[at % paths.length]!;
    let parent: any = copy;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const key = path.at(-1)!;
    if (how === "delete") Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
    else if (how === "wrap") parent[key] = [parent[key]];
    else if (how === "stringify") parent[key] = JSON.stringify(parent[key]);
    else parent[key] = junk;
    return copy;
  });
}

const LIMIT = 64 * 1024;
const utf8 = new TextEncoder();

/** A body as text or as raw bytes (so invalid UTF-8 reaches the decoder as it would off the wire). */
type Body = string | Uint8Array;

const bodies = (valid: unknown): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 6, arbitrary: mutated(valid).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.string({ maxLength: 200, unit: "grapheme" }) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => new Uint8Array(b)) },
    // Encodings: the valid body as UTF-16 (with and without a BOM), behind a UTF-8 BOM, or cut mid-character.
    {
      weight: 1,
      arbitrary: fc.tuple(mutated(valid), fc.constantFrom("utf16", "utf16bom", "utf8bom", "cut")).map(([v, how]) => {
        const text = JSON.stringify(v) ?? "null";
        if (how === "utf8bom") return new Uint8Array([0xef, 0xbb, 0xbf, ...utf8.encode(text)]);
        if (how === "cut") return new Uint8Array([...utf8.encode(text.slice(0, -1)), 0xe2, 0x82]);
        const units = new Uint16Array([...(how === "utf16bom" ? [0xfeff] : []), ...Array.from(text, (ch) => ch.charCodeAt(0))]);
        return new Uint8Array(units.buffer);
      }),
    },
    // Sizes: a mutated body padded to just under, at, or past the 64 KiB limit.
    {
      weight: 1,
      arbitrary: fc.tuple(mutated(valid), fc.integer({ min: -16, max: 16 })).map(([v, delta]) => {
        const text = JSON.stringify(v) ?? "null";
        return text + " ".repeat(Math.max(0, LIMIT + delta - utf8.encode(text).length));
      }),
    },
  );

const preview = (body: Body) =>
  typeof body === "string" ? body.slice(0, 120) : `bytes[${body.length}] ${Array.from(body.slice(0, 24), (b) => b.toString(16)).join(" ")}`;

const contentTypes = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/json; charset=utf-16", "multipart/form-data", "") },
);

async function expectContractAnswer(res: Response, label: string) {
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, label).toBe("string");
    expect(typeof body.error?.message, label).toBe("string");
  }
}

/**
 * Sends one case and holds it to the contract; a refused one must also have written nothing. Nothing
 * else writes between cases, so the ledger's last reading is the count before this one.
 */
let ledger: number | undefined;
async function check(path: string, init: RequestInit, label: string) {
  ledger ??= await writes();
  mayHaveWritten = false;
  const res = await send(path, init);
  await expectContractAnswer(res, label);
  if (!mayHaveWritten) return;
  const before = ledger;
  ledger = await writes();
  if (res.status >= 400) expect(ledger, `${label}: refused with ${res.status} but wrote to D1`).toBe(before);
}

interface Target {
  name: string;
  method: string;
  path: () => string;
  valid: unknown;
  headers?: () => Record<string, string>;
  /** Signs the exact bytes sent, so most webhook cases get past the signature to the parser. */
  sign?: (body: Uint8Array) => Promise<Record<string, string>>;
}

async function hmacSha256(secret: string, body: Uint8Array) {
  const key = await crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, body));
}
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

const targets = (): Target[] => [
  {
    name: "POST /v1/orders",
    method: "POST",
    path: () => "/v1/orders",
    valid: sampleOrder(),
    headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }),
  },
  {
    name: "POST /v1/orders/{id}/shipments",
    method: "POST",
    path: () => `/v1/orders/${ctx.orderId}/shipments`,
    valid: { id: "s1", carrier: "UPS", trackingNumber: "1Z999AA10123456784", lines: [{ sku: "TRAIL-1", quantity: 1 }] },
    headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }),
  },
  {
    name: "POST /v1/shipments/{id}/events",
    method: "POST",
    path: () => "/v1/shipments/s1/events",
    valid: { id: "e1", status: "in_transit", occurredAt: "2026-11-21T10:00:00Z", location: "X" },
    headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }),
  },
  {
    name: "PUT /v1/catalog",
    method: "PUT",
    path: () => "/v1/catalog",
    valid: [{ sku: "A", name: "A", family: "f", price: 100, currency: "USD" }],
    headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }),
  },
  {
    name: "PUT /v1/offer-rules",
    method: "PUT",
    path: () => "/v1/offer-rules",
    valid: { holdoutShare: 0.1, crossSell: { A: ["B"] } },
    headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }),
  },
  {
    // Each accepted case changes the settings of the self-service store, never the shop the others use.
    name: "PATCH /v1/admin/settings",
    method: "PATCH",
    path: () => "/v1/admin/settings",
    valid: {
      branding: { primaryColor: "#112233", colorScheme: "auto", dark: { textColor: "#eeeeee" } },
      support: { email: "help@fuzz.example" },
      shipping: { processingDays: 2, transitDaysMin: 1, transitDaysMax: 3 },
      messages: { en: { thanks: "Cheers!" } },
      locales: ["en", "de"],
      statusPageUrl: null,
    },
    headers: () => ({ Authorization: `Bearer ${ctx.selfKey}` }),
  },
  {
    name: "POST /v1/admin/webhooks",
    method: "POST",
    path: () => "/v1/admin/webhooks",
    valid: { url: "https://hooks.fuzz.example/new", events: ["survey.submitted", "review.created"] },
    headers: () => ({ Authorization: `Bearer ${ctx.selfKey}` }),
  },
  {
    name: "PATCH /v1/admin/webhooks/{id}",
    method: "PATCH",
    path: () => `/v1/admin/webhooks/${ctx.endpointId}`,
    valid: { url: "https://hooks.fuzz.example/moved", events: ["review.created"], paused: true, rotateSecret: true },
    headers: () => ({ Authorization: `Bearer ${ctx.selfKey}` }),
  },
  {
    name: "POST /v1/admin/keys",
    method: "POST",
    path: () => "/v1/admin/keys",
    valid: { name: "order sync", scopes: ["orders:write", "catalog:write"] },
    headers: () => ({ Authorization: `Bearer ${ctx.selfKey}` }),
  },
  {
    name: "POST /v1/admin/login-links",
    method: "POST",
    path: () => "/v1/admin/login-links",
    valid: { role: "support", person: "Sam" },
    headers: () => ({ Authorization: `Bearer ${ctx.selfKey}` }),
  },
  {
    name: "POST /v1/admin/session",
    method: "POST",
    path: () => "/v1/admin/session",
    valid: { code: `dsl_${"A".repeat(43)}` },
    headers: () => ({}),
  },
  {
    name: "POST /v1/lookup",
    method: "POST",
    path: () => "/v1/lookup",
    valid: { storeId: "x", orderNumber: "1", email: "a@b.c" },
    headers: () => ({ Origin: ORIGIN }),
  },
  {
    name: "POST /v1/o/{token}/events",
    method: "POST",
    path: () => `/v1/o/${nextToken()}/events`,
    valid: [{ id: "abcdefgh1", type: "view", at: new Date().toISOString() }],
    headers: () => ({ Origin: ORIGIN }),
  },
  {
    name: "POST /v1/o/{token}/preferences",
    method: "POST",
    path: () => `/v1/o/${nextToken()}/preferences`,
    valid: { channel: "sms", contact: "+1 555 0100" },
    headers: () => ({ Origin: ORIGIN }),
  },
  {
    name: "POST /v1/o/{token}/survey",
    method: "POST",
    path: () => `/v1/o/${nextToken()}/survey`,
    valid: { rating: 4, standout: { choice: "price" }, wants: "tip" },
    headers: () => ({ Origin: ORIGIN }),
  },
  {
    name: "POST /v1/o/{token}/reviews",
    method: "POST",
    path: () => `/v1/o/${nextToken()}/reviews`,
    valid: [{ sku: "TRAIL-1", rating: 5, title: "t" }],
    headers: () => ({ Origin: ORIGIN }),
  },
  {
    name: "POST /v1/admin/reviews/{id}/moderation",
    method: "POST",
    path: () => `/v1/admin/reviews/${ctx.reviewId}/moderation`,
    valid: { action: "reject", reason: "spam" },
    headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }),
  },
  {
    name: "PUT /v1/admin/reviews/{id}/reply",
    method: "PUT",
    path: () => `/v1/admin/reviews/${ctx.reviewId}/reply`,
    valid: { body: "Thank you!" },
    headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }),
  },
  {
    name: "POST /v1/webhooks/easypost/{store}",
    method: "POST",
    path: () => `/v1/webhooks/easypost/${ctx.storeId}`,
    valid: {
      object: "Event",
      id: "evt_1",
      description: "tracker.updated",
      result: { tracking_code: "X1", status: "in_transit", tracking_details: [] },
    },
    headers: () => ({ "X-Hmac-Signature": "hmac-sha256-hex=00" }),
    sign: async (body) => ({
      "X-Hmac-Signature": `hmac-sha256-hex=${hex(await hmacSha256(ctx.webhookSecrets.easypost.normalize("NFKD"), body))}`,
    }),
  },
  {
    // Each case its own delivery id: a repeated one would only ever be answered as a duplicate.
    name: "POST /v1/platforms/shopify/{store}",
    method: "POST",
    path: () => `/v1/platforms/shopify/${ctx.storeId}`,
    valid: shopifyOrder,
    headers: () => ({
      "X-Shopify-Hmac-Sha256": "AAAA",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": "fuzz-shop.myshopify.com",
      "X-Shopify-Webhook-Id": crypto.randomUUID(),
    }),
    sign: async (body) => ({ "X-Shopify-Hmac-Sha256": base64(await hmacSha256(ctx.platformSecrets.shopify, body)) }),
  },
  {
    name: "POST /v1/platforms/woocommerce/{store}",
    method: "POST",
    path: () => `/v1/platforms/woocommerce/${ctx.storeId}`,
    valid: wooOrder,
    headers: () => ({
      "X-WC-Webhook-Signature": "AAAA",
      "X-WC-Webhook-Topic": "order.updated",
      "X-WC-Webhook-Source": "https://shop.example/",
      "X-WC-Webhook-Delivery-ID": crypto.randomUUID(),
    }),
    sign: async (body) => ({ "X-WC-Webhook-Signature": base64(await hmacSha256(ctx.platformSecrets.woocommerce, body)) }),
  },
  {
    name: "POST /v1/webhooks/aftership/{store}",
    method: "POST",
    path: () => `/v1/webhooks/aftership/${ctx.storeId}`,
    valid: { event: "tracking_update", event_id: "u1", msg: { tracking_number: "X1", checkpoints: [] } },
    headers: () => ({ "aftership-hmac-sha256": "AAAA" }),
    sign: async (body) => ({ "aftership-hmac-sha256": base64(await hmacSha256(ctx.webhookSecrets.aftership, body)) }),
  },
];

it("the write ledger sees a committed write, and the watched binding reports it", async () => {
  const before = await writes();
  mayHaveWritten = false;
  await workerEnv.DB.prepare("SELECT count(*) FROM stores").first();
  expect(mayHaveWritten).toBe(false);
  await workerEnv.DB.prepare("UPDATE stores SET name = name WHERE id = ?").bind(ctx.storeId).run();
  expect(mayHaveWritten).toBe(true);
  expect(await writes()).toBe(before + 1);
  ledger = undefined;
});

describe("fuzzing every body-taking endpoint", () => {
  for (const target of targets()) {
    it(
      `${target.name}: never a 5xx, always the error shape, no write when refused`,
      async () => {
        await fc.assert(
          fc.asyncProperty(bodies(target.valid), contentTypes, clientIp, fc.nat(9), async (generated, type, ip, tenth) => {
            const path = target.path();
            // A signed body is sent as the very bytes that were signed; one case in ten keeps the bad signature.
            const body = target.sign && typeof generated === "string" ? utf8.encode(generated) : generated;
            const signature = target.sign && tenth > 0 ? await target.sign(typeof body === "string" ? utf8.encode(body) : body) : {};
            await check(
              path,
              {
                method: target.method,
                headers: { ...(type ? { "Content-Type": type } : {}), "CF-Connecting-IP": ip, ...target.headers?.(), ...signature },
                body,
              },
              `${target.method} ${path} ${preview(body)}`,
            );
          }),
          { numRuns: RUNS },
        );
      },
      TIMEOUT_MS,
    );
  }
});

/** Odd segments, and now and then a real token or id, so odd queries also meet routes that find something. */
const segment = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
    { weight: 1, arbitrary: fc.constantFrom("..", "%00", "%ff", "con", "a/b") },
    { weight: 1, arbitrary: fc.constantFrom(...ctx.tokens, ctx.storeId, ctx.orderId) },
  );

/**
 * Reads and path-keyed writes, in groups; each case takes one route of its group, so every group gets
 * RUNS cases spread over its routes.
 */
const readGroups: {
  name: string;
  routes: ((enc: string, q: string) => [method: string, path: string])[];
  headers: () => Record<string, string>;
}[] = [
  {
    name: "shopper reads by token",
    routes: [
      (e) => ["GET", `/v1/o/${e}`],
      (e, q) => ["GET", `/v1/o/${e}/offers?placement=${q}`],
      (e) => ["GET", `/v1/o/${e}/return-code.svg`],
      (e) => ["GET", `/v1/stores/${e}/config`],
    ],
    headers: () => ({ Origin: ORIGIN }),
  },
  {
    // Anyone's reads of reviews (issue 24): odd stores, skus, pages, sorts and photo keys.
    name: "public review reads",
    routes: [
      (e, q) => ["GET", `/v1/stores/${ctx.storeId}/products/${e}/reviews?page=${q}`],
      (e, q) => ["GET", `/v1/stores/${ctx.storeId}/products/TRAIL-1/reviews?sort=${q}&page=${e}`],
      (e, q) => ["GET", `/v1/stores/${e}/products/${q}/reviews`],
      (e) => ["GET", `/v1/stores/${ctx.storeId}/products/${e}/reviews.jsonld`],
      (e) => ["GET", `/v1/stores/${e}/products/TRAIL-1/reviews.jsonld`],
      (e) => ["GET", `/v1/stores/${e}/feeds/google-product-reviews.xml`],
      (e) => ["GET", `/v1/photos/${e}`],
    ],
    headers: () => ({ Origin: ORIGIN }),
  },
  {
    name: "admin reads",
    routes: [
      (e, q) => ["GET", `/v1/admin/lift?from=${q}&to=${e}`],
      (e, q) => ["GET", `/v1/admin/metrics?from=${q}&to=${e}`],
      (_, q) => ["GET", `/v1/admin/survey-responses?from=2026-11-01&to=2026-11-02&format=${q}`],
      (e, q) => ["GET", `/v1/admin/reviews?from=${e}&to=${q}`],
      (_, q) => ["GET", `/v1/admin/alerts?status=${q}`],
      (e, q) => ["GET", `/v1/admin/reviews/moderation?status=${q}&page=${e}`],
      (e, q) => ["GET", `/v1/admin/reviews/moderation?rating=${q}&status=${e}`],
      () => ["GET", "/v1/admin/reviews/summary"],
      (e) => ["GET", `/v1/admin/orders/${e}/moments`],
      (e) => ["GET", `/v1/admin/orders/${e}`],
      () => ["GET", `/v1/admin/data-requests`],
      (e) => ["GET", `/v1/admin/customers/${e}/export`],
    ],
    headers: () => ({ Origin: ORIGIN, Authorization: `Bearer ${ctx.apiKey}` }),
  },
  {
    // Unknown ids are 404s, odd queries 422s.
    name: "writes keyed by a path segment or a query",
    routes: [
      (e) => ["POST", `/v1/admin/alerts/${e}/resolve`],
      (e) => ["DELETE", `/v1/admin/customers/${e}`],
      (_, q) => ["POST", `/v1/admin/moments/run?days=${q}`],
      (e) => ["DELETE", `/v1/admin/reviews/${e}/reply`],
      (e, q) => ["DELETE", `/v1/o/${ctx.token}/reviews/${e}/photos/${q}`],
      (e) => ["POST", `/v1/admin/reviews/${e}/moderation`],
    ],
    headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }),
  },
  {
    name: "self-service reads and writes keyed by a path segment or a query",
    routes: [
      (e, q) => ["GET", `/v1/admin/audit?limit=${q}&before=${e}`],
      (e, q) => ["GET", `/v1/admin/webhooks/${e}/deliveries?limit=${q}`],
      (_, q) => ["GET", `/v1/admin/webhooks/${ctx.endpointId}/deliveries?before=${q}`],
      () => ["GET", "/v1/admin/settings"],
      () => ["GET", "/v1/admin/keys"],
      () => ["GET", "/v1/admin/webhooks"],
      () => ["GET", "/v1/admin/session"],
      (e) => ["DELETE", `/v1/admin/keys/${e}`],
      (e) => ["DELETE", `/v1/admin/webhooks/${e}`],
      (e) => ["POST", `/v1/admin/webhooks/${e}/test`],
    ],
    headers: () => ({ Authorization: `Bearer ${ctx.selfKey}` }),
  },
];

describe("fuzzing paths and queries", () => {
  for (const group of readGroups) {
    it(
      `${group.name}: odd tokens, ids and query strings are answered with the error shape`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            segment(),
            fc.string({ maxLength: 40 }),
            fc.nat(group.routes.length - 1),
            clientIp,
            async (seg, query, at, ip) => {
              const [method, path] = group.routes[at]!(encodeURIComponent(seg), encodeURIComponent(query));
              await check(path, { method, headers: { "CF-Connecting-IP": ip, ...group.headers() } }, `${method} ${path}`);
            },
          ),
          { numRuns: RUNS },
        );
      },
      TIMEOUT_MS,
    );
  }
});

/** Files a shopper might upload: mangled photos (bit flips, cuts, spliced bytes), other files, noise. */
const uploads = (): fc.Arbitrary<Uint8Array> => {
  const photos = [jpegWithGps(), jpegWithGps(6), BASE_PNG, BASE_WEBP];
  const mangled = fc
    .tuple(
      fc.constantFrom(...photos),
      fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 8 }),
      fc.option(fc.nat()),
      fc.uint8Array({ maxLength: 16 }),
    )
    .map(([photo, flips, cut, splice]) => {
      const bytes = photo.slice();
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      const kept = cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
      const at = splice.length ? kept.length >> 1 : kept.length;
      return new Uint8Array([...kept.subarray(0, at), ...splice, ...kept.subarray(at)]);
    });
  return fc.oneof(
    { weight: 6, arbitrary: mangled },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) },
    { weight: 1, arbitrary: fc.constantFrom(...photos) },
  );
};

describe("fuzzing the photo upload (issue 24)", () => {
  it(
    "POST /v1/o/{token}/reviews/{sku}/photos: never a 5xx, always the error shape, no write when refused",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          uploads(),
          fc.constantFrom("image/jpeg", "image/png", "image/webp", "image/gif", "application/octet-stream", ""),
          fc.constantFrom("TRAIL-1", "SOCK-3", "NOPE"),
          clientIp,
          async (body, type, sku, ip) => {
            const path = `/v1/o/${nextToken()}/reviews/${sku}/photos`;
            await check(
              path,
              { method: "POST", headers: { ...(type ? { "Content-Type": type } : {}), "CF-Connecting-IP": ip, Origin: ORIGIN }, body },
              `POST ${path} ${type} ${preview(body)}`,
            );
          },
        ),
        { numRuns: Math.max(50, Math.floor(RUNS / 4)) },
      );
    },
    TIMEOUT_MS,
  );
});
