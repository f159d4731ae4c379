/**
 * Shoppers' privacy rights, for the merchant to act on: a copy of what Doorstep holds about a customer
 * (GDPR art. 15), and a new link to an order whose old one must stop working. Erasure (art. 17) is
 * `DELETE /v1/admin/customers/{customerId}` (routes/admin.ts).
 */
import type { Context } from "hono";
import { customerExportFileName } from "../domain/customer-export.ts";
import type { AppEnv } from "../http/app-env.ts";
import { readBody, type Route } from "../http/declared.ts";
import { declaration } from "../openapi/operations.ts";
import { recordMerchantConsent } from "../services/consent.ts";
import { notFound } from "../http/errors.ts";
import { exportCustomer } from "../services/customer-export.ts";
import { rotateOrderToken } from "../services/order-tokens.ts";
import { shardOf } from "../services/shards.ts";

/** Everything held about one customer, as a JSON file to download and hand to them. */
async function customerExport(c: Context<AppEnv>) {
  const storeId = c.get("store").id;
  const customerId = c.req.param("customerId") ?? "";
  const now = new Date();
  const file = await exportCustomer(c.env.DB, storeId, customerId, now);
  if (!file) throw notFound("customer_not_found", "There is no customer with this id in this store.");
  c.header("Cache-Control", "private, no-store");
  c.header("Content-Disposition", `attachment; filename="${customerExportFileName(storeId, customerId, now)}"`);
  return c.json(file);
}

/** The order's token replaced: the old link is refused from now on; the new one is answered once here. */
async function rotateToken(c: Context<AppEnv>) {
  const orderId = c.req.param("orderId") ?? "";
  const rotated = await rotateOrderToken(c.env.DB, shardOf(c.env), c.get("store"), orderId, new Date());
  if (!rotated) throw notFound("order_not_found", "There is no order with this id in this store.");
  c.header("Cache-Control", "no-store");
  return c.json(rotated);
}

/** News of a customer's marketing consent from the merchant (an unsubscribe, a confirmed opt-in). */
async function customerConsent(c: Context<AppEnv>) {
  const input = await readBody(c, declaration("setCustomerConsent"));
  const customerId = c.req.param("customerId") ?? "";
  const answer = await recordMerchantConsent(c.env.DB, c.get("store").id, customerId, input, new Date().toISOString());
  if (!answer) throw notFound("customer_not_found", "There is no customer with this id in this store.");
  return c.json(answer);
}

export const privacyRoutes: Route[] = [
  ["setCustomerConsent", customerConsent],
  ["exportCustomer", customerExport],
  ["rotateOrderToken", rotateToken],
];
