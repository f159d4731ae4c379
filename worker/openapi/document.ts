/**
 * Builds the OpenAPI 3.1 document from a table of operations (operations.ts). Request schemas are the
 * zod schemas the routes validate with, converted by zod's own `z.toJSONSchema`: OpenAPI 3.1 schema
 * objects are JSON Schema 2020-12, zod's default target, so nothing needs translating. Error answers
 * all point at one `Error` component, the shape `renderError` (http/errors.ts) sends.
 */
import { z } from "zod";
import type { Role, Scope } from "../../contract/vocabularies.ts";
import { errorBody } from "./responses.ts";

/** Who may call an operation (docs/contract.md §2). */
/** api_key: an API key only (a dashboard session gets 403); api_key_or_session: either. */
export type Auth = "none" | "api_key" | "api_key_or_session" | "order_token" | "webhook_signature";

/** The credentials a merchant holds: each such operation names the scope it needs. */
export const MERCHANT_AUTH: readonly Auth[] = ["api_key", "api_key_or_session"];

export interface PathParameter {
  name: string;
  schema: z.ZodType;
  description: string;
}

export interface HeaderParameter {
  name: string;
  description: string;
  required: boolean;
}

export interface ResponseSpec {
  description: string;
  /** The JSON answer's shape; omitted for an answer without a body. */
  schema?: z.ZodType;
  /** A representation that is not JSON (an SVG, an HTML page, CSV), instead of or beside the JSON one. */
  mediaType?: string;
  /** Response header name → what it carries. */
  headers?: Record<string, string>;
}

export interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI form: `/v1/o/{token}`. */
  path: `/${string}`;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  /**
   * The scope a credential must hold (issue 26): required of every api_key and api_key_or_session
   * operation (http/declared.ts refuses to mount one without), enforced before the handler runs.
   */
  scope?: Scope;
  /**
   * Only dashboard sessions of these roles, beyond holding the scope (403 role_not_allowed otherwise):
   * for what a role holding the scope should still not do, such as an analyst finding shoppers by
   * email. API keys are judged by their scopes alone.
   */
  roles?: readonly Role[];
  /** One per `{name}` in the path, in order. */
  params?: readonly PathParameter[];
  headers?: readonly HeaderParameter[];
  /** Each property of each object is one query parameter (several objects: zod cannot extend a refined one). */
  query?: readonly z.ZodObject[];
  body?: {
    schema: z.ZodType;
    description?: string;
    maxBytes: number;
    /** false for webhooks: vendors' Content-Type is not checked, only their signature. */
    contentTypeChecked?: boolean;
    /** The media types taken, each parsed as JSON (application/json unless said). */
    mediaTypes?: readonly string[];
  };
  /**
   * A body that is not JSON (a photo): the media types taken and the limit. The route reads the bytes
   * itself (http/read-json.ts readBodyBytes) and judges them by their content, not their label.
   */
  rawBody?: { mediaTypes: readonly string[]; maxBytes: number; description?: string };
  responses: Record<number, ResponseSpec>;
  /** Failures particular to this operation: status → the error codes and when they happen. */
  errors?: Record<number, string>;
  /** Behind the per-IP (and, for shoppers, per-token) rate limiters. */
  rateLimited?: boolean;
}

export interface Tag {
  name: string;
  description: string;
}

/** The OpenAPI extension naming an operation's `Auth`, for readers (and the reference page). */
export const AUTH_EXTENSION = "x-doorstep-auth";
/** And the one naming the scope it needs. */
export const SCOPE_EXTENSION = "x-doorstep-scope";
/** And the one naming the only dashboard roles that may call it, when a scope is not enough. */
export const ROLES_EXTENSION = "x-doorstep-roles";

export type JsonSchema = Record<string, unknown>;

/** A zod schema as a 3.1 Schema Object: what clients send (`input`) or what the worker answers (`output`). */
export function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // `$schema` is implied: a 3.1 document's default dialect is 2020-12 (plus OpenAPI's few keywords).
  // Anything zod cannot represent throws here, so the document's tests catch it rather than a reader.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    // zod closes output objects (additionalProperties: false); answers may gain fields, and a client
    // that followed the document must not start rejecting them when one does.
    override: ({ jsonSchema }) => {
      if (io === "output" && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  }) as JsonSchema;
  return rest;
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };

/** The only answers made without the database (liveness and this document): no storage_unavailable. */
const WITHOUT_STORAGE = new Set(["/v1/health", "/v1/openapi.json", "/v1/docs"]);

/** Failures every operation of a kind shares, so the table lists only what is particular to a route. */
function sharedErrors(op: Operation): Record<number, string> {
  const errors: Record<number, string> = {};
  const add = (status: number, text: string) => (errors[status] = errors[status] ? `${errors[status]}; ${text}` : text);
  if (op.auth === "api_key" || op.auth === "api_key_or_session")
    add(401, "unauthorized: no API key, or not a valid one (with WWW-Authenticate)");
  if (op.auth === "api_key") add(403, "session_not_allowed: a dashboard session cannot do this; send an API key");
  if (op.scope)
    add(403, `insufficient_scope: the API key, or the dashboard session's role, does not hold ${op.scope} (details: {scope, role?})`);
  if (op.roles) add(403, `role_not_allowed: a dashboard session of a role other than ${op.roles.join(" or ")} (details: {role})`);
  if (op.auth === "webhook_signature") add(401, "invalid_signature: the signature header is missing or does not match the body");
  if (op.auth === "order_token") add(404, "order_not_found: unknown, revoked or malformed token (readable from any origin)");
  if (op.body) {
    add(400, "malformed_json: the body is not JSON, or not UTF-8; body_incomplete: the upload was cut off before its end");
    add(413, `payload_too_large: the body is over ${op.body.maxBytes} bytes`);
    if (op.body.contentTypeChecked !== false)
      add(415, `unsupported_media_type: Content-Type is not ${(op.body.mediaTypes ?? ["application/json"]).join(" or ")}`);
  }
  if (op.rawBody) {
    add(400, "body_incomplete: the upload was cut off before its end");
    add(413, `payload_too_large: the body is over ${op.rawBody.maxBytes} bytes`);
    add(415, `unsupported_media_type: Content-Type is not ${op.rawBody.mediaTypes.join(" or ")}`);
  }
  if (op.body || op.query) add(422, "invalid_values: `details` names each failing field as {path, message}");
  if (op.rateLimited) add(429, "rate_limited: wait for Retry-After seconds");
  if (!WITHOUT_STORAGE.has(op.path)) add(503, "storage_unavailable: the database failed for a moment; retry after Retry-After seconds");
  for (const [status, text] of Object.entries(op.errors ?? {})) add(Number(status), text);
  return errors;
}

/**
 * The D1 bookmark (new in 2026-12, issue 23; worker/http/d1-session.ts decides at run time, and
 * tests/worker/d1-sessions.test.ts holds this to it): the shopper's operations (the order token's and
 * a store's public reads), a dashboard session's, and signing in and out read through a D1 session and
 * answer its bookmark; their reads start from the bookmark a client sends back.
 */
const BOOKMARK = "Doorstep-Bookmark";
export const answersBookmark = (op: Operation) =>
  op.auth === "order_token" || op.auth === "api_key_or_session" || op.path.startsWith("/v1/stores/") || op.path === "/v1/admin/session";
export const readsFromBookmark = (op: Operation) => answersBookmark(op) && op.method === "get";

const forSessions = (op: Operation) => (op.auth === "api_key_or_session" ? " Honoured for a dashboard session (dss_…) only." : "");

function bookmarkParameter(op: Operation): JsonSchema[] {
  if (!readsFromBookmark(op)) return [];
  const description =
    "Optional (new in 2026-12, issue 23): the newest Doorstep-Bookmark this client was answered. The read is answered from a copy of the database at least that new, so it sees the client's own earlier writes; without it, any copy may answer. Anything that is not a bookmark is ignored." +
    forSessions(op);
  return [{ name: BOOKMARK, in: "header", required: false, description, schema: { type: "string" } }];
}

function parameters(op: Operation): JsonSchema[] {
  const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const declared = (op.params ?? []).map((p) => p.name);
  if (inPath.join() !== declared.join()) {
    throw new Error(`openapi: ${op.operationId} declares path parameters [${declared}] for ${op.path}`);
  }
  const path = (op.params ?? []).map((p) => ({
    name: p.name,
    in: "path",
    required: true,
    description: p.description,
    schema: jsonSchema(p.schema, "input"),
  }));
  const query = (op.query ?? []).flatMap((object) => queryParameters(jsonSchema(object, "input")));
  const headers = (op.headers ?? []).map((h) => ({
    name: h.name,
    in: "header",
    required: h.required,
    description: h.description,
    schema: { type: "string" },
  }));
  return [...path, ...query, ...headers, ...bookmarkParameter(op)];
}

function queryParameters(object: JsonSchema): JsonSchema[] {
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries((object.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema,
  }));
}

const bookmarkAnswered = (op: Operation) =>
  "New in 2026-12 (issue 23): where in the database's history this answer was read or written, opaque (a later bookmark sorts after an earlier one). A client keeps the newest it was answered and may send it back as Doorstep-Bookmark with its next reads." +
  forSessions(op).replace("Honoured", "Answered");

function responses(op: Operation): JsonSchema {
  const out: JsonSchema = {};
  for (const [status, spec] of Object.entries(op.responses)) {
    const content =
      spec.schema || spec.mediaType
        ? {
            ...(spec.schema && { "application/json": { schema: jsonSchema(spec.schema, "output") } }),
            ...(spec.mediaType && { [spec.mediaType]: { schema: { type: "string" } } }),
          }
        : undefined;
    const named = { ...spec.headers, ...(answersBookmark(op) && { [BOOKMARK]: bookmarkAnswered(op) }) };
    const headers = Object.keys(named).length
      ? Object.fromEntries(Object.entries(named).map(([name, description]) => [name, { description, schema: { type: "string" } }]))
      : undefined;
    out[status] = { description: spec.description, ...(headers && { headers }), ...(content && { content }) };
  }
  for (const [status, text] of Object.entries(sharedErrors(op))) {
    const headers =
      status === "429" || status === "503" ? { "Retry-After": { description: "seconds to wait", schema: { type: "integer" } } } : undefined;
    out[status] = { description: text, ...(headers && { headers }), content: { "application/json": { schema: ERROR_REF } } };
  }
  return out;
}

function operationObject(op: Operation): JsonSchema {
  const params = parameters(op);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description && { description: op.description }),
    [AUTH_EXTENSION]: op.auth,
    ...(op.scope && { [SCOPE_EXTENSION]: op.scope }),
    ...(op.roles && { [ROLES_EXTENSION]: [...op.roles] }),
    // OpenAPI 3.1 lets a bearer scheme's requirement list the roles it needs: here, the scope.
    security: MERCHANT_AUTH.includes(op.auth) ? [{ apiKey: op.scope ? [op.scope] : [] }] : [],
    ...(params.length && { parameters: params }),
    ...(op.body && {
      requestBody: {
        required: true,
        ...(op.body.description && { description: op.body.description }),
        content: Object.fromEntries(
          (op.body.mediaTypes ?? ["application/json"]).map((type) => [type, { schema: jsonSchema(op.body!.schema, "input") }]),
        ),
      },
    }),
    ...(op.rawBody && {
      requestBody: {
        required: true,
        ...(op.rawBody.description && { description: op.rawBody.description }),
        content: Object.fromEntries(op.rawBody.mediaTypes.map((type) => [type, { schema: { type: "string", format: "binary" } }])),
      },
    }),
    responses: responses(op),
  };
}

export interface DocumentSource {
  info: { title: string; version: string; description: string };
  tags: Tag[];
  operations: readonly Operation[];
}

/** The whole OpenAPI 3.1 document, as a plain JSON value. */
export function buildOpenApiDocument({ info, tags, operations }: DocumentSource): JsonSchema {
  const paths: Record<string, JsonSchema> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`openapi: ${op.method.toUpperCase()} ${op.path} is listed twice`);
    item[op.method] = operationObject(op);
  }
  return {
    openapi: "3.1.1",
    info: { ...info, license: { name: "MIT", identifier: "MIT" } },
    tags,
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody, "output") },
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description:
            "An API key (dsk_…), for the merchant's server only: never put it in a page. The store's own key holds every scope; a key made with POST /v1/admin/keys holds the scopes it was made with. Each operation names the one scope it needs (x-doorstep-scope, and the security requirement); a credential without it gets 403 insufficient_scope naming it. The dashboard's routes (x-doorstep-auth: api_key_or_session) also take a dashboard session (dss_…) from POST /v1/admin/session, holding its role's scopes (owner: all; analyst: admin:read; support: admin:read and orders:write); every other route refuses one with 403 session_not_allowed.",
        },
      },
    },
  };
}
