/**
 * Routes from their declarations. Each operation is declared once (openapi/operations.ts: method,
 * path, auth, path parameters, query, body schema and limit, answers); the app mounts a handler at the
 * declared method and path behind the declared credential check, and the handler reads its body, query
 * and parameters through the declared schemas. The OpenAPI document is built from the same
 * declarations, so what it says is what the worker does (tests/worker/openapi-probes.test.ts asks).
 */
import type { Context, Handler, Hono, MiddlewareHandler } from "hono";
import type { z } from "zod";
import type { Operation } from "../openapi/document.ts";
import { declaration, type OperationId } from "../openapi/operations.ts";
import { requireApiKey, requireApiKeyOrSession, requireRole, requireScope } from "./api-key.ts";
import type { AppEnv } from "./app-env.ts";
import { readJson, validate } from "./read-json.ts";

type WithBody = Operation & { body: { schema: z.ZodType; maxBytes: number; mediaTypes?: readonly string[] } };
type WithQuery = Operation & { query: readonly z.ZodObject[] };
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The body, read within the declared limit and validated with the declared schema. */
export function readBody<O extends WithBody>(c: Context, op: O): Promise<z.output<O["body"]["schema"]>> {
  return readJson(c, op.body.schema, op.body.maxBytes, op.body.mediaTypes) as Promise<z.output<O["body"]["schema"]>>;
}

/** The query, validated with each declared query schema (several: zod cannot extend a refined one). */
export function readQuery<O extends WithQuery>(c: Context, op: O): Intersect<z.output<O["query"][number]>> {
  const query = c.req.query();
  return Object.assign({}, ...op.query.map((schema) => validate(schema, query))) as Intersect<z.output<O["query"][number]>>;
}

/**
 * The credential check an operation's `auth` names and, for a merchant's credential, the scope its
 * declaration names (403 insufficient_scope without it); order tokens and signatures are checked by
 * their routes' own middleware. An operation naming `roles` also refuses sessions of any other role. A merchant operation declared without a scope is not mounted at all:
 * the worker fails to start, so no route can forget it.
 */
function guard(op: Operation): MiddlewareHandler<AppEnv>[] {
  if (op.auth !== "api_key" && op.auth !== "api_key_or_session") return [];
  if (!op.scope) throw new Error(`openapi: ${op.operationId} takes an API key but declares no scope`);
  return [
    op.auth === "api_key" ? requireApiKey : requireApiKeyOrSession,
    requireScope(op.scope),
    ...(op.roles ? [requireRole(...op.roles)] : []),
  ];
}

/** `/v1/o/{token}` → `/v1/o/:token` */
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

// Handlers of several Hono environments (shopper routes add the order to c.var) mount on one app.
// biome-ignore lint/suspicious/noExplicitAny: each route types its own context; the app only routes.
type AnyHandler = Handler<any> | MiddlewareHandler<any>;

/** A route: the id of its declaration, and what runs after the declared credential check. */
export type Route = [OperationId, ...AnyHandler[]];

/** Mounts routes on the app at their declared methods and paths. */
export function mount(app: Hono<AppEnv>, routes: readonly Route[]): void {
  for (const [id, ...handlers] of routes) {
    const op = declaration(id);
    app.on([op.method.toUpperCase()], [honoPath(op.path)], ...guard(op), ...(handlers as Handler<AppEnv>[]));
  }
}
