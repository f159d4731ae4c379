import type { Context } from "hono";
import { BOOKMARK_HEADER } from "./d1-session.ts";

/**
 * CORS for shoppers' browsers, answered only for the origins a store registered. Without a match the
 * response carries no CORS headers, so another site's script cannot read a shopper's order.
 */
export function allowStoreOrigins(c: Context, origins: readonly string[]): boolean {
  c.header("Vary", "Origin", { append: true });
  const origin = c.req.header("origin");
  if (!origin || !origins.includes(origin)) return false;
  c.header("Access-Control-Allow-Origin", origin);
  c.header("Access-Control-Expose-Headers", `ETag, Retry-After, ${BOOKMARK_HEADER}`);
  return true;
}

/** Answers a preflight request for the given origins. */
export function preflight(c: Context, origins: readonly string[]) {
  if (allowStoreOrigins(c, origins)) {
    c.header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
    // The bookmark a write's answer carried, sent back with the next read (http/d1-session.ts).
    c.header("Access-Control-Allow-Headers", `Content-Type, ${BOOKMARK_HEADER}`);
    c.header("Access-Control-Max-Age", "86400");
  }
  return c.body(null, 204);
}

/**
 * For answers that describe no store's data (unknown token, rate limited, a database outage, an
 * unexpected error): readable from any page, so the widget can tell the shopper what happened instead
 * of seeing a network error.
 */
export function allowAnyOriginForError(c: Context) {
  c.header("Vary", "Origin", { append: true });
  const origin = c.req.header("origin");
  if (!origin) return;
  c.header("Access-Control-Allow-Origin", origin);
  c.header("Access-Control-Expose-Headers", "Retry-After");
}
