import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import type { Route } from "../http/declared.ts";
import { buildOpenApiDocument, type JsonSchema } from "../openapi/document.ts";
import { DOORSTEP_API } from "../openapi/operations.ts";
import { renderReferencePage } from "../openapi/reference-page.ts";

/** Both answers describe code, not data: any page may read them, and caches may keep them a while. */
const CACHE = "public, max-age=300, stale-while-revalidate=3600";

// Converting every schema takes a few milliseconds; an isolate does it once, on the first request.
let cached: { json: string; html: string } | undefined;
function reference() {
  if (!cached) {
    const document: JsonSchema = buildOpenApiDocument(DOORSTEP_API);
    cached = { json: JSON.stringify(document), html: renderReferencePage(document) };
  }
  return cached;
}

/** The API's own description: the OpenAPI document, built from the declarations the routes mount by. */
const openApiJson = (c: Context<AppEnv>) =>
  c.body(reference().json, 200, {
    "Content-Type": "application/json; charset=UTF-8",
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": CACHE,
  });

/** …and a page to read it on. */
const referencePage = (c: Context<AppEnv>) =>
  c.body(reference().html, 200, {
    "Content-Type": "text/html; charset=UTF-8",
    "Cache-Control": CACHE,
    // The page runs nothing and loads nothing; its only style is the inline sheet.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  });

export const docsRoutes: Route[] = [
  ["health", (c: Context<AppEnv>) => c.json({ ok: true })],
  ["getOpenApiDocument", openApiJson],
  ["getReference", referencePage],
];
