import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { readQuery, type Route } from "../http/declared.ts";
import { notFound } from "../http/errors.ts";
import { enforceLimit } from "../http/rate-limit.ts";
import { declaration } from "../openapi/operations.ts";
import { describeOrder, searchOrders } from "../services/admin-orders.ts";
import { deliverSoon } from "../services/outbound-delivery.ts";
import { resendStatusLink } from "../services/status-link.ts";
import { customerExport } from "../services/customer-export.ts";
import { dataRequests } from "../storage/platform-privacy.ts";

/** One order as stored, by its id (the platform's order id for platform orders); API key or dashboard. */
async function storedOrder(c: Context<AppEnv>) {
  const order = await describeOrder(c.env.DB, c.get("store"), c.req.param("orderId") ?? "");
  if (!order) throw notFound("order_not_found", "There is no order with this id in this store.");
  c.header("Cache-Control", "private, no-store");
  return c.json(order);
}

/**
 * Shoppers' requests for their data that a platform passed on (Shopify's customers/data_request), each
 * with what Doorstep holds about them (the same export as GET /v1/admin/customers/{id}/export), for the
 * merchant to send on.
 */
async function listDataRequests(c: Context<AppEnv>) {
  const store = c.get("store");
  const requests = await dataRequests(c.env.DB, store.id);
  c.header("Cache-Control", "private, no-store");
  return c.json({
    requests: await Promise.all(
      requests.map(async (r) => ({ ...r, data: await customerExport(c.env.DB, store.id, r.customerId, r.orderIds) })),
    ),
  });
}

/**
 * Support finds an order by its number or its customer's email, exact matches only, and at most 60
 * searches per 10 seconds per credential: enough to help a queue of shoppers, too few to walk a list
 * of addresses.
 */
async function search(c: Context<AppEnv>) {
  const { number, email } = readQuery(c, declaration("searchOrders"));
  await enforceLimit(c, c.env.RATE_LIMIT_TOKEN, `admin-search:${c.get("store").id}:${c.get("access").actor.id}`, 10);
  c.header("Cache-Control", "private, no-store");
  return c.json(await searchOrders(c.env.DB, c.get("store").id, number !== undefined ? { number } : { email: email ?? "" }));
}

/** The order's status link sent again through the store's tools; a repeat within two minutes sends nothing. */
async function statusLink(c: Context<AppEnv>) {
  const resent = await resendStatusLink(c.env, c.get("store"), c.req.param("orderId") ?? "", c.get("access").actor);
  if (!resent) throw notFound("order_not_found", "There is no order with this id in this store.");
  if (resent.status === "sent" && !resent.repeated) deliverSoon(c.env, c.executionCtx, c.get("store").id);
  c.header("Cache-Control", "no-store");
  return c.json(resent, resent.repeated ? 200 : 201);
}

export const adminOrderRoutes: Route[] = [
  // Declared for owner and support sessions only: an analyst reads figures, not shoppers.
  ["searchOrders", search],
  ["resendStatusLink", statusLink],
  ["getStoredOrder", storedOrder],
  ["listDataRequests", listDataRequests],
];
