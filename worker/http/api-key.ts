import { createMiddleware } from "hono/factory";
import { sha256Hex } from "../crypto/hash.ts";
import { sessionStore } from "../storage/dashboard.ts";
import { getStore, getStoreByApiKeyHash } from "../storage/stores.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/**
 * Merchant routes: `Authorization: Bearer <store API key>` (or a dashboard session token). Both are
 * looked up by their SHA-256, so the comparison happens inside the database index and leaks no timing
 * about the credential itself.
 */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!match) {
    throw new ApiError(401, "unauthorized", "Send the store's API key as 'Authorization: Bearer <key>'.", undefined, {
      "WWW-Authenticate": 'Bearer realm="doorstep"',
    });
  }
  const credential = match[1]!;
  const hash = await sha256Hex(credential);
  // A dashboard session (dss_…, from a one-time login link) reads and acts like the store's key.
  const sessionOf = credential.startsWith("dss_") ? await sessionStore(c.env.DB, hash, new Date().toISOString()) : null;
  const store = sessionOf ? await getStore(c.env.DB, sessionOf) : await getStoreByApiKeyHash(c.env.DB, hash);
  if (!store) {
    throw new ApiError(401, "unauthorized", "This API key (or dashboard session) is not valid.", undefined, {
      "WWW-Authenticate": 'Bearer realm="doorstep", error="invalid_token"',
    });
  }
  c.set("store", store);
  await next();
});
