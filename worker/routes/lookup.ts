import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { readBody, type Route } from "../http/declared.ts";
import { allowStoreOrigins, preflight } from "../http/cors.ts";
import { notFound } from "../http/errors.ts";
import { clientIp, enforceLimit, rateLimit } from "../http/rate-limit.ts";
import { assertOriginAllowed } from "../http/shopper-order.ts";
import { useStoreShard } from "../http/storage.ts";
import { declaration } from "../openapi/operations.ts";
import type { LookupAnswer } from "../../contract/shopper-answers.ts";
import { findOrderToken } from "../storage/lookup.ts";
import { getStore } from "../storage/stores.ts";

/**
 * Every answer takes at least this long. Database timing for "no such order" and "wrong email" is
 * within a millisecond; the floor makes it unmeasurable from outside rather than merely small.
 */
const ANSWER_FLOOR_MS = 250;
const LOOKUP_RETRY_AFTER_SECONDS = 60;

/**
 * Any page may ask (the store is named in the body, not the path); the answer itself is readable only
 * by the store's own origins.
 */
export function lookupPreflight(c: Context<AppEnv>) {
  const origin = c.req.header("origin");
  return preflight(c, origin ? [origin] : []);
}

/** Shoppers without a link: order number + email → the order's token, or null. */
async function lookup(c: Context<AppEnv>) {
  const started = Date.now();
  const input = await readBody(c, declaration("lookupOrder"));
  // The store is named in the body: its shard (the directory's answer) becomes the request's database.
  await useStoreShard(c, input.storeId);
  const store = await getStore(c.env.DB, input.storeId);
  if (!store) throw notFound("store_not_found", "This shop is not set up for order lookup.");
  allowStoreOrigins(c, store.origins);
  assertOriginAllowed(c, store.origins);
  // Shoppers type "#1001" or " nw-1001 "; merchants' ids are kept as sent, so try as typed without the "#".
  const orderNumber = input.orderNumber.replace(/^#/, "").trim();
  // Per address, and per email across every address: an email someone knows cannot be tried against
  // a store's (often sequential) order numbers faster than 10 a minute, however many machines try.
  // Not per order number: a flood of wrong emails on one order number would lock its owner out, and
  // the email is the part that is hard to guess. The trade-off is in the contract (POST /v1/lookup).
  await enforceLimit(c, c.env.RATE_LIMIT_LOOKUP, `ip:${clientIp(c)}`, LOOKUP_RETRY_AFTER_SECONDS);
  await enforceLimit(c, c.env.RATE_LIMIT_LOOKUP, `email:${store.id}:${input.email.toLowerCase()}`, LOOKUP_RETRY_AFTER_SECONDS);
  const token = await findOrderToken(c.env.DB, store.id, orderNumber, input.email);
  const wait = ANSWER_FLOOR_MS - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  c.header("Cache-Control", "no-store");
  return c.json({ orderToken: token } satisfies LookupAnswer);
}

export const lookupRoutes: Route[] = [["lookupOrder", rateLimit("ip"), lookup]];
