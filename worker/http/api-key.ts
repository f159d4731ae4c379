import { createMiddleware } from "hono/factory";
import { sha256Hex } from "../crypto/hash.ts";
import { getStoreByApiKeyHash } from "../storage/stores.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/**
 * Merchant routes: `Authorization: Bearer <store API key>`. Keys are looked up by their SHA-256, so the
 * comparison happens inside the database index and leaks no timing about the key itself.
 */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!match) {
    throw new ApiError(401, "unauthorized", "Send the store's API key as 'Authorization: Bearer <key>'.", undefined, {
      "WWW-Authenticate": 'Bearer realm="doorstep"',
    });
  }
  const store = await getStoreByApiKeyHash(c.env.DB, await sha256Hex(match[1]!));
  if (!store) {
    throw new ApiError(401, "unauthorized", "This API key is not valid.", undefined, {
      "WWW-Authenticate": 'Bearer realm="doorstep", error="invalid_token"',
    });
  }
  c.set("store", store);
  await next();
});
