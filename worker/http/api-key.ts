import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Role, Scope } from "../../contract/vocabularies.ts";
import { sha256Hex } from "../crypto/hash.ts";
import {
  type Access,
  LAST_USED_RESOLUTION_MS,
  lastUseIsStale,
  scopedKeyAccess,
  scopeRefusal,
  sessionAccess,
  STORE_KEY_ID,
  storeKeyAccess,
} from "../domain/access.ts";
import { findApiKey, findSession, keyUsedStatement, recordKeyUse } from "../storage/credentials.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

const SESSION_PREFIX = "dss_";

/** The bearer credential of a request, or a 401 saying how to send one. */
export function bearerCredential(c: Context<AppEnv>): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!match) {
    throw new ApiError(401, "unauthorized", "Send the store's API key as 'Authorization: Bearer <key>'.", undefined, {
      "WWW-Authenticate": 'Bearer realm="doorstep"',
    });
  }
  return match[1]!;
}

/**
 * Opens the store a credential belongs to, with what the credential may do: the store's own API key
 * (every scope), one of its scoped keys (its scopes; a revoked one opens nothing), or a dashboard
 * session (its role's scopes). Each is looked up by its SHA-256, so the comparison happens inside the
 * database index and leaks no timing about the credential itself.
 */
function merchantAuth(sessions: "allowed" | "refused") {
  return createMiddleware<AppEnv>(async (c, next) => {
    const credential = bearerCredential(c);
    const hash = await sha256Hex(credential);
    const now = new Date();
    let access: Access | null = null;
    if (credential.startsWith(SESSION_PREFIX)) {
      const session = await findSession(c.env.DB, hash, now.toISOString());
      if (session) {
        c.set("store", session.store);
        access = sessionAccess({ tokenHash: hash, ...session });
      }
    } else {
      const found = await findApiKey(c.env.DB, hash);
      if (found) {
        c.set("store", found.store);
        access = found.key ? scopedKeyAccess(found.key) : storeKeyAccess(found.storeKeyLastUsedAt);
      }
    }
    if (!access) {
      throw new ApiError(401, "unauthorized", "This API key (or dashboard session) is not valid.", undefined, {
        "WWW-Authenticate": 'Bearer realm="doorstep", error="invalid_token"',
      });
    }
    // A dashboard session comes from a login link and lives in a browser for hours: it never reaches
    // the routes a merchant's server calls (orders, parcels, catalogue and rules, consent news, a
    // backfill run), whatever its role. Those take an API key.
    if (access.credential === "session" && sessions === "refused") {
      throw new ApiError(403, "session_not_allowed", "A dashboard session cannot do this; use the store's API key.");
    }
    c.set("credential", access.credential);
    c.set("access", access);
    await next();
    noteKeyUse(c, access, now);
  });
}

/**
 * A key's last use, written after the answer and at most once a minute per key: the lookup already
 * read when it was last recorded, so most requests write nothing. Only answers under 400 count, so a
 * refused request never writes (tests/worker/fuzz.test.ts holds every refusal to that).
 */
function noteKeyUse(c: Context<AppEnv>, access: Access, now: Date): void {
  const { key } = access;
  if (!key || c.res.status >= 400 || !lastUseIsStale(key.lastUsedAt, now)) return;
  const statement = keyUsedStatement(
    c.get("store").id,
    key.id === STORE_KEY_ID ? null : key.id,
    now.toISOString(),
    new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString(),
  );
  c.executionCtx.waitUntil(
    recordKeyUse(c.env.DB, statement).catch((error: unknown) => console.error("doorstep: recording a key's use failed", error)),
  );
}

/** Merchant routes a server calls: `Authorization: Bearer <API key>` only. */
export const requireApiKey = merchantAuth("refused");

/** The dashboard's routes: an API key or a dashboard session (dss_…, from a one-time login link). */
export const requireApiKeyOrSession = merchantAuth("allowed");

/**
 * After either of the above: the operation's scope, held by the credential, or 403 `insufficient_scope`
 * naming it. http/declared.ts puts it behind every merchant operation, from the scope its declaration
 * names, so no route can leave it out.
 */
export function requireScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const access = c.get("access");
    if (!access.scopes.includes(scope)) {
      throw new ApiError(403, "insufficient_scope", scopeRefusal(access, scope), {
        scope,
        ...(access.session && { role: access.session.role }),
      });
    }
    await next();
  });
}

/**
 * After the scope: a dashboard session only of these roles (403 `role_not_allowed`), for an operation a
 * role holding its scope should still not run, such as an analyst (admin:read) finding shoppers by
 * email. API keys are judged by their scopes alone.
 */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const role = c.get("access").session?.role;
    if (role && !roles.includes(role)) {
      throw new ApiError(403, "role_not_allowed", `A dashboard session with the ${role} role cannot do this: only ${roles.join(" or ")}.`, {
        role,
      });
    }
    await next();
  });
}
