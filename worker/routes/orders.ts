import { Hono } from "hono";
import { newOrderToken } from "../crypto/random.ts";
import { statusUrl } from "../domain/status-url.ts";
import { requireApiKey } from "../http/api-key.ts";
import type { AppEnv } from "../http/app-env.ts";
import { readJson } from "../http/read-json.ts";
import { orderInput } from "../schemas/order.ts";
import { refreshMoments } from "../services/lifecycle-moments.ts";
import { upsertOrder } from "../storage/orders.ts";

/** Merchant's server → Doorstep: orders. */
export const ordersRoutes = new Hono<AppEnv>().use(requireApiKey).post("/", async (c) => {
  const store = c.get("store");
  const input = await readJson(c, orderInput);
  const { token, created } = await upsertOrder(c.env.DB, store.id, input, newOrderToken(), new Date().toISOString(), store.offerRules.attributionDays);
  await refreshMoments(c.env.DB, store, input.id);
  return c.json(
    { orderToken: token, statusUrl: statusUrl(store.statusPageUrl, store.primaryOrigin, token) },
    created ? 201 : 200,
  );
});
