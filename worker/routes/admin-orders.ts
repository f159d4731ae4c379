import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import type { Route } from "../http/declared.ts";
import { notFound } from "../http/errors.ts";
import { describeOrder } from "../services/admin-orders.ts";
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

export const adminOrderRoutes: Route[] = [
  ["getStoredOrder", storedOrder],
  ["listDataRequests", listDataRequests],
];
