/**
 * The OpenAPI document says what each route refuses; this test asks every route and checks it really
 * does (issue 18, item 3). From each operation's declaration it builds the requests the document
 * promises an answer for — no credential, the wrong content type, a body over the stated limit,
 * malformed JSON, a body of the wrong shape, an invalid query value — sends them to the worker, and
 * requires the documented status and error code, and that every status a probe gets is one the
 * document lists for that operation.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index.ts";
import type { Operation } from "../../worker/openapi/document.ts";
import { buildOpenApiDocument } from "../../worker/openapi/document.ts";
import { DOORSTEP_API } from "../../worker/openapi/operations.ts";
import { SCOPES, type Scope } from "../../contract/vocabularies.ts";
import { BASE, ORIGIN, storeWithOrder } from "./fixtures.ts";

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
const doc = buildOpenApiDocument(DOORSTEP_API) as unknown as Doc;
const documentedStatuses = (op: Operation) => Object.keys(doc.paths[op.path]![op.method]!.responses).map(Number);

let context: Awaited<ReturnType<typeof storeWithOrder>>;
let address = 0;
/** Per scope, a key holding every other scope (POST /v1/admin/keys): what a route needing that scope refuses. */
const keyWithout = {} as Record<Scope, string>;

beforeAll(async () => {
  context = await storeWithOrder();
  // Connected, so that a platform's webhook reaches its signature check rather than "no connection".
  const connect = (provider: string, body: unknown) =>
    send(declaredOp("connect"), { body: JSON.stringify(body), headers: { "Content-Type": "application/json" }, path: { provider } });
  await connect("shopify", { shop: "probe-shop.myshopify.com", secret: "probe-client-secret-0123" });
  await connect("woocommerce", { site: "https://probe.example", secret: "probe-webhook-secret-0123" });
  for (const scope of SCOPES) {
    const made = await send(declaredOp("createApiKey"), {
      body: JSON.stringify({ name: `without ${scope}`, scopes: SCOPES.filter((s) => s !== scope) }),
      headers: { "Content-Type": "application/json" },
    });
    keyWithout[scope] = (JSON.parse(made.text) as { key: string }).key;
  }
});

/** The worker's fetch handler, each probe from its own address so the per-IP limiter never answers. */
async function send(
  op: Operation,
  init: { headers?: Record<string, string>; body?: string; query?: string; auth?: boolean; key?: string; path?: Record<string, string> },
) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(init.path?.[name] ?? pathValue(name)));
  const headers: Record<string, string> = { "CF-Connecting-IP": `192.0.2.${(address++ % 250) + 1}`, ...(init.headers ?? {}) };
  if (init.auth !== false && (op.auth === "api_key" || op.auth === "api_key_or_session"))
    headers.Authorization = `Bearer ${init.key ?? context.store.apiKey}`;
  if (op.auth === "order_token") headers.Origin = ORIGIN;
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}${init.query ?? ""}`, { method: op.method.toUpperCase(), headers, body: init.body }),
    env as Env,
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, text };
}

function pathValue(name: string): string {
  switch (name) {
    case "token":
      return context.token;
    case "storeId":
      return context.store.id;
    case "orderId":
      return context.order.id;
    case "provider":
      return "easypost";
    default:
      return `probe-${name}`;
  }
}

const errorCode = (text: string) => (JSON.parse(text) as { error?: { code?: string } }).error?.code;

/** Every operation the document lists, with what its declaration says can be probed. */
const operations = DOORSTEP_API.operations;
const declaredOp = (id: string) => operations.find((op) => op.operationId === id)!;

describe("every route refuses what its documentation says it refuses", () => {
  it("covers the whole API", () => {
    expect(operations.length).toBeGreaterThan(25);
  });

  for (const op of operations) {
    const name = `${op.method.toUpperCase()} ${op.path}`;
    const probes: { label: string; init: Parameters<typeof send>[1]; status: number; code: string }[] = [];
    if (op.auth === "api_key" || op.auth === "api_key_or_session") {
      probes.push({ label: "no credential", init: { auth: false }, status: 401, code: "unauthorized" });
      // Resolved when the probe runs: the keys are made in beforeAll.
      const scope = op.scope!;
      probes.push({
        label: `a key without ${scope}`,
        init: {
          get key() {
            return keyWithout[scope];
          },
        },
        status: 403,
        code: "insufficient_scope",
      });
    }
    if (op.auth === "webhook_signature") {
      probes.push({
        label: "unsigned",
        init: { body: "{}", headers: { "Content-Type": "application/json" } },
        status: 401,
        code: "invalid_signature",
      });
    }
    if (op.body && op.auth !== "webhook_signature") {
      const json = { "Content-Type": "application/json" };
      probes.push({
        label: `a body over ${op.body.maxBytes} bytes`,
        init: { body: " ".repeat(op.body.maxBytes + 1), headers: json },
        status: 413,
        code: "payload_too_large",
      });
      probes.push({ label: "malformed JSON", init: { body: "{", headers: json }, status: 400, code: "malformed_json" });
      if (op.body.contentTypeChecked !== false) {
        probes.push({
          label: "text/html",
          init: { body: "{}", headers: { "Content-Type": "text/html" } },
          status: 415,
          code: "unsupported_media_type",
        });
      }
      if (!op.body.schema.safeParse(42).success) {
        probes.push({ label: "a body of the wrong shape", init: { body: "42", headers: json }, status: 422, code: "invalid_values" });
      }
    }
    if (op.rawBody) {
      const type = { "Content-Type": op.rawBody.mediaTypes[0]! };
      probes.push({
        label: `a body over ${op.rawBody.maxBytes} bytes`,
        init: { body: " ".repeat(op.rawBody.maxBytes + 1), headers: type },
        status: 413,
        code: "payload_too_large",
      });
      probes.push({
        label: "text/html",
        init: { body: "<p>not a photo</p>", headers: { "Content-Type": "text/html" } },
        status: 415,
        code: "unsupported_media_type",
      });
      // Judged by its bytes, not its label: text sent as an image is refused as no image at all.
      probes.push({ label: "text labelled as an image", init: { body: "not a photo", headers: type }, status: 422, code: "not_an_image" });
    }
    for (const query of op.query ?? []) {
      for (const key of Object.keys(query.shape)) {
        if (query.safeParse({ [key]: "\u0000not a value\u0000" }).success) continue;
        probes.push({ label: `an invalid ${key}`, init: { query: `?${key}=%00not%20a%20value%00` }, status: 422, code: "invalid_values" });
      }
    }
    if (!probes.length) continue;
    it.each(probes)(`${name}: $label → $status $code, as documented`, async ({ init, status, code }) => {
      const answer = await send(op, init);
      expect(documentedStatuses(op), `${name} answered ${answer.status}, which its documentation does not list`).toContain(answer.status);
      expect({ status: answer.status, code: errorCode(answer.text) }).toEqual({ status, code });
    });
  }
});
