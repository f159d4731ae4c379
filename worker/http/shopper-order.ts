/**
 * What every shopper route (/v1/o/{token}/…) does before its own work, as one middleware: the rate
 * limits (per IP and per token, before any D1 work), the order the token opens (put on `c.var` with its
 * store and the token), and the origin policy.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { ORDER_TOKEN_PATTERN } from "../crypto/random.ts";
import type { OrderRecord, Store } from "../domain/records.ts";
import { getOrderAndStoreByToken } from "../storage/orders.ts";
import type { AppEnv } from "./app-env.ts";
import { allowAnyOriginForError, allowStoreOrigins } from "./cors.ts";
import { ApiError, notFound } from "./errors.ts";
import { enforceScopes } from "./rate-limit.ts";

export interface ShopperEnv {
  Bindings: AppEnv["Bindings"];
  Variables: { order: OrderRecord; store: Store; token: string };
}

/**
 * How a route treats the page that calls it: `read` answers CORS for the store's origins, `write` also
 * refuses other origins, `image` (the return code, for an <img> or opened on its own) answers no CORS.
 */
type OriginPolicy = "read" | "write" | "image";

/**
 * Rate limits, then the order behind the token. An unknown, revoked or malformed token gets one and the
 * same 404, readable cross-origin: it says nothing about any order, and lets the widget tell the shopper
 * the link is wrong instead of pretending the network failed.
 */
export function shopperOrder(policy: OriginPolicy) {
  return createMiddleware<ShopperEnv>(async (c, next) => {
    await enforceScopes(c, ["ip", "token"]);
    const token = c.req.param("token") ?? "";
    const found = ORDER_TOKEN_PATTERN.test(token) ? await getOrderAndStoreByToken(c.env.DB, token) : null;
    if (!found) {
      allowAnyOriginForError(c);
      throw notFound("order_not_found", "We could not find this order. Check the link in your confirmation email.");
    }
    if (policy !== "image") allowStoreOrigins(c, found.store.origins);
    if (policy === "write") assertOriginAllowed(c, found.store.origins);
    c.set("order", found.order);
    c.set("store", found.store);
    c.set("token", token);
    await next();
  });
}

/**
 * Writes from a browser must come from one of the store's pages; a missing Origin means a server-side
 * caller, which the token (or, for lookup, the email) alone authorises.
 */
export function assertOriginAllowed(c: Context, origins: readonly string[]) {
  const origin = c.req.header("origin");
  if (origin && !origins.includes(origin)) {
    throw new ApiError(403, "origin_not_allowed", "This site is not registered for the store.");
  }
}
