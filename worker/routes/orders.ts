import type { Context } from "hono";
import { newOrderToken } from "../crypto/random.ts";
import { statusUrl } from "../domain/status-url.ts";
import type { AppEnv } from "../http/app-env.ts";
import { readBody, type Route } from "../http/declared.ts";
import { declaration } from "../openapi/operations.ts";
import { refreshMoments } from "../services/lifecycle-moments.ts";
import { shardOf } from "../services/shards.ts";
import { upsertOrder } from "../storage/orders.ts";

/** Merchant's server → Doorstep: orders (create or replace, idempotent on the merchant's id). */
async function upsert(c: Context<AppEnv>) {
  const store = c.get("store");
  const input = await readBody(c, declaration("upsertOrder"));
  const { token, created } = await upsertOrder(
    c.env.DB,
    store.id,
    input,
    // The token carries the store's shard (the request's, http/storage.ts): the shopper's requests need no lookup.
    newOrderToken(shardOf(c.env)),
    new Date().toISOString(),
    store.offerRules.attributionDays,
  );
  await refreshMoments(c.env.DB, store, input.id);
  return c.json({ orderToken: token, statusUrl: statusUrl(store.statusPageUrl, store.primaryOrigin, token) }, created ? 201 : 200);
}

export const orderRoutes: Route[] = [["upsertOrder", upsert]];
