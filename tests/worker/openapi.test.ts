import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/index.ts";
import { renderReferencePage } from "../../worker/openapi/reference-page.ts";
import { BASE } from "./fixtures.ts";

type OpenApi = { openapi: string; paths: Record<string, Record<string, { operationId: string; summary: string }>> };

async function fetchDocument(): Promise<{ res: Response; doc: OpenApi }> {
  const res = await SELF.fetch(`${BASE}/v1/openapi.json`);
  return { res, doc: (await res.json()) as OpenApi };
}

/** "GET /v1/o/{token}" for every operation the document lists. */
const documented = (doc: OpenApi) =>
  new Set(Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));

/**
 * "GET /v1/o/{token}" for every route the app answers. Left out: preflights (OPTIONS, answered for CORS
 * only, never an operation of their own) and middleware, which Hono lists as ALL on a `/*` path.
 */
function served(): Set<string> {
  return new Set(
    app.routes
      .filter((r) => r.method !== "OPTIONS" && !(r.method === "ALL" && r.path.endsWith("/*")))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
  );
}

describe("GET /v1/openapi.json", () => {
  it("answers an OpenAPI 3.1 document any page may read and caches may keep", async () => {
    const { res, doc } = await fetchDocument();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Cache-Control")).toMatch(/public, max-age=\d+/);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it("lists every route the app serves, and nothing it does not", async () => {
    const { doc } = await fetchDocument();
    const routes = served();
    expect(routes.size).toBeGreaterThan(15);
    expect(
      [...routes].filter((r) => !documented(doc).has(r)),
      "served but not documented",
    ).toEqual([]);
    expect(
      [...documented(doc)].filter((r) => !routes.has(r)),
      "documented but not served",
    ).toEqual([]);
  });

  it("describes requests with the schemas the worker validates with", async () => {
    const { doc } = await fetchDocument();
    const order = doc.paths["/v1/orders"]!.post as unknown as {
      requestBody: { content: { "application/json": { schema: { required: string[]; properties: Record<string, unknown> } } } };
      responses: Record<string, { content?: { "application/json": { schema: unknown } } }>;
    };
    const schema = order.requestBody.content["application/json"].schema;
    // orderInput: fees and discounts default to [], so a client may leave them out.
    expect(schema.required).toEqual(expect.arrayContaining(["id", "placedAt", "currency", "customer", "lines", "total"]));
    expect(schema.required).not.toContain("fees");
    expect(order.responses["401"]!.content!["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
  });
});

describe("GET /v1/docs", () => {
  it("answers a page naming every operation's path", async () => {
    const { doc } = await fetchDocument();
    const res = await SELF.fetch(`${BASE}/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const html = await res.text();
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(html).toContain(`<code>${path}</code>`);
      for (const op of Object.values(item)) expect(html).toContain(`id="${op.operationId}"`);
    }
    // Nothing runs and nothing loads from elsewhere.
    expect(html).not.toMatch(/<script|(src|href)="(https?:)?\/\//i);
  });

  it("escapes every piece of text it shows", () => {
    const hostile = `<script>alert("x")</script>`;
    const html = renderReferencePage({
      openapi: "3.1.1",
      info: { title: hostile, version: "1", description: hostile },
      tags: [{ name: hostile, description: hostile }],
      paths: {
        "/v1/x/{id}": {
          get: {
            operationId: `op"><img src=x onerror=alert(1)>`,
            tags: [hostile],
            summary: hostile,
            "x-doorstep-auth": "none",
            parameters: [
              { name: hostile, in: "query", required: false, description: hostile, schema: { type: "string", pattern: hostile } },
            ],
            responses: {
              200: {
                description: hostile,
                content: { "application/json": { schema: { type: "object", properties: { [hostile]: { enum: [hostile] } } } } },
              },
            },
          },
        },
      },
      components: { schemas: {} },
    });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });
});
