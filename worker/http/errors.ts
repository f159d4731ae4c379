import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { StorageUnavailable } from "../storage/storage-guard.ts";
import { allowAnyOriginForError } from "./cors.ts";

/**
 * An expected failure: it carries the contract's stable `error.code` and a message meant for a person.
 * Routes throw it; `renderError` turns it (and anything unexpected) into the one JSON error shape.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** D1 failures are short-lived (a reset, an overloaded moment); a second is long enough to matter. */
export const STORAGE_RETRY_AFTER_SECONDS = 1;

export const notFound = (code: string, message: string) => new ApiError(404, code, message);

export function errorResponse(c: Context, err: ApiError) {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: err.code, message: err.message },
  };
  if (err.details !== undefined) body.error.details = err.details;
  for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
  return c.json(body, err.status);
}

/** `app.onError`: the only place a thrown error becomes a response. */
export function renderError(err: unknown, c: Context) {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    return errorResponse(c, new ApiError(err.status as ContentfulStatusCode, "bad_request", err.message || "Bad request."));
  }
  if (err instanceof StorageUnavailable) {
    // Nothing the client sent was wrong and a retry may well succeed: say so, and when. Readable from
    // any page (it carries no data) so the widget can honour Retry-After.
    console.error("doorstep: storage unavailable", c.req.method, loggablePath(c.req.url), err.message);
    allowAnyOriginForError(c);
    return errorResponse(
      c,
      new ApiError(503, "storage_unavailable", "We could not reach our database just now. Please try again in a moment.", undefined, {
        "Retry-After": String(STORAGE_RETRY_AFTER_SECONDS),
      }),
    );
  }
  // Unexpected: log it for the operator, tell the client nothing about internals. The answer carries
  // no data, so any page may read it: the widget can say "try again" instead of seeing a CORS failure.
  console.error("doorstep: unexpected error", c.req.method, loggablePath(c.req.url), err);
  allowAnyOriginForError(c);
  return errorResponse(c, new ApiError(500, "internal_error", "Something went wrong on our side. Please try again."));
}

/**
 * The path for a log line, without what would let a reader act: a shopper's order token (it opens the
 * order) and any customer id (personal data). The query is never logged.
 */
export function loggablePath(url: string): string {
  return new URL(url).pathname.replace(/^(\/v1\/o\/)[^/]+/, "$1…").replace(/^(\/v1\/admin\/customers\/)[^/]+/, "$1…");
}

export function renderNotFound(c: Context) {
  return errorResponse(c, notFound("not_found", "There is nothing at this address."));
}
