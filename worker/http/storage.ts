import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { HOME_SHARD, shardOfCredential, type Shard } from "../domain/shards.ts";
import { shardDatabase, shardOfStore } from "../services/shards.ts";
import type { AppEnv } from "./app-env.ts";
import { BOOKMARK_HEADER, sessionStart } from "./d1-session.ts";
import { inSession } from "../storage/d1-session.ts";
import { parseFaults, withFaults, type Faults } from "../storage/faults.ts";
import { guardD1, StorageUnavailable } from "../storage/storage-guard.ts";

let parsedFaults: { value: string; faults: Faults } | undefined;

/** What names a request's shard: a credential carrying it, or a store id the directory places. */
export type ShardKey = { credential: string } | { storeId: string } | undefined;

/** The routes naming their store in the body, which choose their shard themselves (below). */
const BODY_ROUTED = new Set(["POST /v1/lookup", "POST /v1/admin/session"]);

/** Store ids in paths of the public routes that name their store (config, reviews, feeds, webhooks). */
const STORE_PATH = /^\/v1\/(?:stores|webhooks\/[^/]+|platforms\/[^/]+)\/([^/]+)/;
/** Order tokens and photo keys: credentials in the path, carrying their shard. */
const CREDENTIAL_PATH = /^\/v1\/(?:o|photos)\/([^/]+)/;

const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * Where a request's shard is read from, before any route runs: the path's order token or photo key,
 * the path's store id, or the Bearer credential. Two routes name their store in the body (order lookup,
 * dashboard sign-in); they choose their shard themselves (`useStoreShard`, `useCredentialShard`).
 * Everything else (health, docs, the OpenAPI document) needs no store and stays on s0.
 */
export function shardKey(request: { path: string; authorization?: string }): ShardKey {
  const credential = CREDENTIAL_PATH.exec(request.path)?.[1];
  if (credential) return { credential: decoded(credential) };
  const storeId = STORE_PATH.exec(request.path)?.[1];
  if (storeId) return { storeId: decoded(storeId) };
  const bearer = /^Bearer\s+(\S+)/i.exec(request.authorization ?? "")?.[1];
  return bearer ? { credential: bearer } : undefined;
}

/**
 * The request's database. The shard's D1 binding (issue 23, many databases: services/shards.ts) goes
 * behind the storage guard (so a database failure answers 503 with Retry-After, not 500), and, only
 * when the test-only DOORSTEP_FAULTS var is set, behind the fault hook first, so injected failures
 * travel the same path as real ones. Shoppers' and the dashboard's requests then run in a D1 session
 * (http/d1-session.ts says where it starts), and their answer carries the session's bookmark in
 * `Doorstep-Bookmark`, error answers included. A copy of the bindings is made: the original object is
 * shared by every request of the isolate. Routes keep reading `c.env.DB`: it is the shard's database.
 *
 * A credential naming a shard this worker does not have is looked up in s0, where nothing has it: the
 * same 404 or 401 as any credential that opens nothing. A store the directory places in a shard with
 * no binding is a configuration fault, answered 503 (its data exists; the worker cannot reach it).
 */
export const storageGuard = createMiddleware<AppEnv>(async (c, next) => {
  const bindings = c.env;
  const spec = bindings.DOORSTEP_FAULTS;
  if (spec && parsedFaults?.value !== spec) parsedFaults = { value: spec, faults: parseFaults(spec) };
  const start = sessionStart({
    method: c.req.method,
    path: c.req.path,
    authorization: c.req.header("authorization"),
    bookmark: c.req.header(BOOKMARK_HEADER),
  });
  let session: ReturnType<typeof inSession> | undefined;
  // `null`: no session (a default parameter would take `undefined` for "the request's").
  const enter = (shard: Shard, binding: D1Database, sessionFor: typeof start | null = start) => {
    let db = spec ? withFaults(binding, parsedFaults!.faults) : binding;
    db = guardD1(db);
    session = sessionFor == null ? undefined : inSession(db, sessionFor);
    c.env = { ...bindings, DB: session?.db ?? db, DOORSTEP_SHARD: shard };
  };
  const enterCredential = (credential: string) => {
    const shard = shardOfCredential(credential);
    const db = shardDatabase(bindings, shard);
    if (db) enter(shard, db);
    else enter(HOME_SHARD, bindings.DB);
  };
  const enterStore = async (storeId: string) => {
    const shard = await shardOfStore(guardD1(bindings.DB), storeId);
    const db = shardDatabase(bindings, shard);
    if (!db) throw new StorageUnavailable(new Error(`store ${storeId} is in shard ${shard}, which this worker has no binding for`));
    enter(shard, db);
  };
  c.set("shards", { enterCredential, enterStore });
  const key = shardKey({ path: c.req.path, authorization: c.req.header("authorization") });
  // A route choosing its shard from the body opens its session there, not a first one in s0 as well.
  if (key === undefined && BODY_ROUTED.has(`${c.req.method} ${c.req.path}`)) enter(HOME_SHARD, bindings.DB, null);
  else if (key === undefined) enter(HOME_SHARD, bindings.DB);
  else if ("credential" in key) enterCredential(key.credential);
  else await enterStore(key.storeId);
  await next();
  const bookmark = session?.bookmark();
  if (bookmark) c.header(BOOKMARK_HEADER, bookmark);
});

/** For a route naming its store in the body (order lookup): the store's shard becomes the request's database. */
export const useStoreShard = (c: Context<AppEnv>, storeId: string): Promise<void> => c.get("shards").enterStore(storeId);

/** For a route reading a credential from the body (dashboard sign-in's login code): its shard becomes the request's database. */
export const useCredentialShard = (c: Context<AppEnv>, credential: string): void => c.get("shards").enterCredential(credential);
