/**
 * Hostile input at every public endpoint, inside the Workers runtime with real D1: generated JSON,
 * mutations of valid bodies, wrong content types, odd paths and headers. Every answer must be the
 * contract's error shape with a 4xx (or a success), never a 5xx or a stack trace. FUZZ_RUNS sets the
 * cases per endpoint (CI's default keeps the suite quick; `FUZZ_RUNS=10000` for a long run).
 */
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, ORIGIN, sampleOrder, storeWithOrder } from "./fixtures.ts";

const RUNS = Number((globalThis as { process?: { env?: Record<string, string> } }).process?.env?.FUZZ_RUNS ?? 50);

/**
 * A small pool of client addresses: enough that the per-IP limit does not answer every case with 429,
 * few enough that the local rate-limiter simulation (one table per key) stays fast.
 */
const clientIp = fc.integer({ min: 1, max: 40 }).map((i) => `198.51.100.${i}`);

let ctx: { storeId: string; apiKey: string; token: string; orderId: string };

beforeAll(async () => {
  const { store, token, order } = await storeWithOrder();
  ctx = { storeId: store.id, apiKey: store.apiKey, token, orderId: order.id };
});

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

const bodies = (valid: unknown) =>
  fc.oneof(
    { weight: 3, arbitrary: mutated(valid).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => new TextDecoder("latin1").decode(b)) },
  );

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
  } else {
    await res.body?.cancel();
  }
}

interface Target {
  name: string;
  method: string;
  path: () => string;
  valid: unknown;
  headers?: () => Record<string, string>;
}

const targets = (): Target[] => [
  { name: "POST /v1/orders", method: "POST", path: () => "/v1/orders", valid: sampleOrder(), headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }) },
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
  { name: "PUT /v1/offer-rules", method: "PUT", path: () => "/v1/offer-rules", valid: { holdoutShare: 0.1, crossSell: { A: ["B"] } }, headers: () => ({ Authorization: `Bearer ${ctx.apiKey}` }) },
  { name: "POST /v1/admin/session", method: "POST", path: () => "/v1/admin/session", valid: { code: `dsl_${"A".repeat(43)}` }, headers: () => ({}) },
  { name: "POST /v1/lookup", method: "POST", path: () => "/v1/lookup", valid: { storeId: "x", orderNumber: "1", email: "a@b.c" }, headers: () => ({ Origin: ORIGIN }) },
  { name: "POST /v1/o/{token}/events", method: "POST", path: () => `/v1/o/${ctx.token}/events`, valid: [{ id: "abcdefgh1", type: "view", at: new Date().toISOString() }], headers: () => ({ Origin: ORIGIN }) },
  { name: "POST /v1/o/{token}/preferences", method: "POST", path: () => `/v1/o/${ctx.token}/preferences`, valid: { channel: "sms", contact: "+1 555 0100" }, headers: () => ({ Origin: ORIGIN }) },
  { name: "POST /v1/o/{token}/survey", method: "POST", path: () => `/v1/o/${ctx.token}/survey`, valid: { rating: 4, standout: { choice: "price" }, wants: "tip" }, headers: () => ({ Origin: ORIGIN }) },
  { name: "POST /v1/o/{token}/reviews", method: "POST", path: () => `/v1/o/${ctx.token}/reviews`, valid: [{ sku: "TRAIL-1", rating: 5, title: "t" }], headers: () => ({ Origin: ORIGIN }) },
  {
    name: "POST /v1/webhooks/easypost/{store}",
    method: "POST",
    path: () => `/v1/webhooks/easypost/${ctx.storeId}`,
    valid: { object: "Event", id: "evt_1", description: "tracker.updated", result: { tracking_code: "X1", status: "in_transit", tracking_details: [] } },
    headers: () => ({ "X-Hmac-Signature": "hmac-sha256-hex=00" }),
  },
  {
    name: "POST /v1/webhooks/aftership/{store}",
    method: "POST",
    path: () => `/v1/webhooks/aftership/${ctx.storeId}`,
    valid: { event: "tracking_update", event_id: "u1", msg: { tracking_number: "X1", checkpoints: [] } },
    headers: () => ({ "aftership-hmac-sha256": "AAAA" }),
  },
];

describe("fuzzing every body-taking endpoint", () => {
  for (const target of targets()) {
    it(`${target.name}: never a 5xx, always the error shape`, async () => {
      await fc.assert(
        fc.asyncProperty(bodies(target.valid), contentTypes, clientIp, async (body, type, ip) => {
          const res = await SELF.fetch(`${BASE}${target.path()}`, {
            method: target.method,
            headers: { ...(type ? { "Content-Type": type } : {}), "CF-Connecting-IP": ip, ...target.headers?.() },
            body,
          });
          await expectContractAnswer(res, `${target.name} ${body.slice(0, 120)}`);
        }),
        { numRuns: RUNS },
      );
    }, 180_000);
  }
});

describe("fuzzing paths and queries", () => {
  it("odd tokens, ids and query strings are answered with the error shape", async () => {
    const segment = fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.constantFrom("..", "%00", "%ff", "con", "a/b"));
    await fc.assert(
      fc.asyncProperty(segment, fc.string({ maxLength: 40 }), clientIp, async (seg, query, ip) => {
        const enc = encodeURIComponent(seg);
        const q = encodeURIComponent(query);
        const reads = [
          `/v1/o/${enc}`,
          `/v1/o/${enc}/offers?placement=${q}`,
          `/v1/o/${enc}/return-code.svg`,
          `/v1/stores/${enc}/config`,
          `/v1/admin/lift?from=${q}&to=${enc}`,
          `/v1/admin/metrics?from=${q}&to=${enc}`,
          `/v1/admin/survey-responses?from=2026-11-01&to=2026-11-02&format=${q}`,
          `/v1/admin/reviews?from=${enc}&to=${q}`,
          `/v1/admin/alerts?status=${q}`,
          `/v1/admin/orders/${enc}/moments`,
        ];
        for (const path of reads) {
          const res = await SELF.fetch(`${BASE}${path}`, { headers: { Origin: ORIGIN, "CF-Connecting-IP": ip, Authorization: `Bearer ${ctx.apiKey}` } });
          await expectContractAnswer(res, path);
        }
        // Writes keyed by a path segment or a query: unknown ids are 404s, odd queries 422s.
        for (const [method, path] of [
          ["POST", `/v1/admin/alerts/${enc}/resolve`],
          ["DELETE", `/v1/admin/customers/${enc}`],
          ["POST", `/v1/admin/moments/run?days=${q}`],
        ] as const) {
          const res = await SELF.fetch(`${BASE}${path}`, { method, headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${ctx.apiKey}` } });
          await expectContractAnswer(res, `${method} ${path}`);
        }
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 3)) },
    );
  }, 180_000);
});
