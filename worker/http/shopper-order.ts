/**
 * What every shopper route (/v1/o/{token}/…) does before its own work, as one middleware: the rate
 * limits (per IP and per token, before any D1 work), the order the token opens (put on `c.var` with its
 * store and the token), and the origin policy.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { ORDER_TOKEN_PATTERN } from "../crypto/random.ts";
import type { OrderRecord, Store } from "../domain/records.ts";
import type { OfferFacts } from "../storage/offers.ts";
import {
  orderHeadByToken,
  readOrderAndStore,
  readOrderView,
  readOrderViewWithOfferFacts,
  type OrderHead,
  type OrderViewData,
} from "../storage/order-view.ts";
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
    const { token, found } = await opened(c, readOrderAndStore);
    if (policy !== "image") allowStoreOrigins(c, found.store.origins);
    if (policy === "write") assertOriginAllowed(c, found.store.origins);
    c.set("order", found.order);
    c.set("store", found.store);
    c.set("token", token);
    await next();
  });
}

/**
 * A write that needs only whose order the token opens and the store's origins (widget events): the
 * token's head, one indexed statement of one small row, instead of the order with its lines and the
 * store with all its settings (`shopperOrder`), which an events post never reads.
 */
export function shopperOrderOwner() {
  return createMiddleware<ShopperOwnerEnv>(async (c, next) => {
    const { token, found } = await opened(c, orderHeadByToken);
    allowStoreOrigins(c, found.origins);
    assertOriginAllowed(c, found.origins);
    c.set("head", found);
    c.set("token", token);
    await next();
  });
}

export interface ShopperOwnerEnv {
  Bindings: AppEnv["Bindings"];
  Variables: { head: OrderHead; token: string };
}

export interface ShopperViewEnv {
  Bindings: AppEnv["Bindings"];
  /**
   * `view`: the whole view, when the request was not a refresh (then it was read instead of the head);
   * `facts`: what its offers are ranked from, read in the same statement when offers are asked for.
   */
  Variables: { head: OrderHead; token: string; view?: OrderViewData; facts?: OfferFacts };
}

/**
 * The same preamble for the order's own view (GET /v1/o/{token}, a `read`). A refresh (`If-None-Match`,
 * no offers) gets only the token's head on `c.var` (which order and store, their view versions, the
 * origins): one indexed statement, all a refresh answered 304 reads; the route reads the rest only when
 * it has to. Any other read needs the whole view anyway, and the statement that reads it carries the
 * head too (and, with `?offers=`, what the offers are ranked from): one statement instead of two or
 * three (D1 runs queries one at a time).
 */
export function shopperOrderHead() {
  return createMiddleware<ShopperViewEnv>(async (c, next) => {
    const offers = c.req.query("offers") !== undefined;
    const refresh = c.req.header("if-none-match") !== undefined && !offers;
    if (refresh) {
      const { token, found } = await opened(c, orderHeadByToken);
      c.set("head", found);
      c.set("token", token);
    } else {
      const plain = (db: D1Database, t: string) => readOrderView(db, t).then((data) => data && { data });
      // Offers that cannot be worked out leave the order to be shown without them (the route's rule):
      // a read of their facts that fails falls back to the view alone.
      const { token, found } = await opened(
        c,
        (db, t): Promise<{ data: OrderViewData; facts?: OfferFacts } | null> =>
          offers ? readOrderViewWithOfferFacts(db, t).catch(() => plain(db, t)) : plain(db, t),
      );
      const { order, store, versions } = found.data;
      c.set("head", { storeId: store.id, orderId: order.id, customerId: order.customerId, versions, origins: store.origins });
      c.set("view", found.data);
      c.set("facts", found.facts);
      c.set("token", token);
    }
    allowStoreOrigins(c, c.var.head.origins);
    await next();
  });
}

/** Rate limits, then what the token opens; one 404 for every token that opens nothing. */
async function opened<E extends { Bindings: AppEnv["Bindings"] }, T>(
  c: Context<E>,
  find: (db: D1Database, token: string) => Promise<T | null>,
): Promise<{ token: string; found: T }> {
  await enforceScopes(c, ["ip", "token"]);
  const token = c.req.param("token") ?? "";
  const found = ORDER_TOKEN_PATTERN.test(token) ? await find(c.env.DB, token) : null;
  if (!found) {
    allowAnyOriginForError(c);
    throw notFound("order_not_found", "We could not find this order. Check the link in your confirmation email.");
  }
  return { token, found };
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
