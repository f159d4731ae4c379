import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { sha256Hex } from "../crypto/hash.ts";
import { sessionStore } from "../storage/dashboard.ts";
import { getStore, getStoreByApiKeyHash } from "../storage/stores.ts";
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
 * Opens the store a credential belongs to. Both kinds are looked up by their SHA-256, so the
 * comparison happens inside the database index and leaks no timing about the credential itself.
 */
function merchantAuth(sessions: "allowed" | "refused") {
  return createMiddleware<AppEnv>(async (c, next) => {
    const credential = bearerCredential(c);
    const hash = await sha256Hex(credential);
    const isSession = credential.startsWith(SESSION_PREFIX);
    const sessionOf = isSession ? await sessionStore(c.env.DB, hash, new Date().toISOString()) : null;
    const store = isSession ? (sessionOf ? await getStore(c.env.DB, sessionOf) : null) : await getStoreByApiKeyHash(c.env.DB, hash);
    if (!store) {
      throw new ApiError(401, "unauthorized", "This API key (or dashboard session) is not valid.", undefined, {
        "WWW-Authenticate": 'Bearer realm="doorstep", error="invalid_token"',
      });
    }
    // A dashboard session comes from a login link and lives in a browser for hours: it reads figures
    // and handles alerts, and nothing else. Writing orders, catalogue or rules, and erasing customers,
    // take the store's API key.
    if (isSession && sessions === "refused") {
      throw new ApiError(403, "session_not_allowed", "A dashboard session cannot do this; use the store's API key.");
    }
    c.set("store", store);
    c.set("credential", isSession ? "session" : "api_key");
    await next();
  });
}

/** Merchant routes a server calls: `Authorization: Bearer <store API key>` only. */
export const requireApiKey = merchantAuth("refused");

/** The dashboard's routes: the store's API key or a dashboard session (dss_…, from a one-time login link). */
export const requireApiKeyOrSession = merchantAuth("allowed");

/** After requireApiKeyOrSession, for the few dashboard-area routes that still take the API key itself. */
export const refuseSessions = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("credential") === "session") {
    throw new ApiError(403, "session_not_allowed", "A dashboard session cannot do this; use the store's API key.");
  }
  await next();
});
