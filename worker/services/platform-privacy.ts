/**
 * Shopify's mandatory privacy topics, wired to what Doorstep already does for erasure, and the data
 * requests a merchant fetches with their export (GET /v1/admin/data-requests; services/customer-export.ts).
 */
import type { Platform } from "../domain/platforms/platform-order.ts";
import { eraseCustomerStatements } from "../storage/erasure.ts";
import { dataRequestStatement } from "../storage/platform-orders.ts";
import { customersOfOrders, unerasedCustomersOf } from "../storage/platform-privacy.ts";
import { applyChanges } from "../storage/changes.ts";

/** Customers erased per pass of a whole shop's erasure; the rest follow in later passes. */
export const ERASE_PER_PASS = 50;

/**
 * `customers/redact`: the customer and the customers of the orders named (guest orders each have a
 * customer of their own) lose their personal data, exactly as `DELETE /v1/admin/customers/{id}` does.
 */
export async function redactCustomers(
  db: D1Database,
  storeId: string,
  customerId: string | undefined,
  orderIds: string[],
  now: Date,
): Promise<string> {
  const ids = new Set(await customersOfOrders(db, storeId, customerId, orderIds));
  const iso = now.toISOString();
  for (const id of ids) await applyChanges(db, eraseCustomerStatements(storeId, id, iso));
  return `customers/redact: ${ids.size} customer${ids.size === 1 ? "" : "s"} erased`;
}

/**
 * `shop/redact` (48 hours after the app was uninstalled): every customer of the platform's orders is
 * erased, a pass at a time. Answers whether customers are left for another pass.
 */
export async function redactShop(
  db: D1Database,
  storeId: string,
  platform: Platform,
  now: Date,
): Promise<{ outcome: string; more: boolean }> {
  const ids = await unerasedCustomersOf(db, storeId, platform, ERASE_PER_PASS + 1);
  const iso = now.toISOString();
  for (const id of ids.slice(0, ERASE_PER_PASS)) await applyChanges(db, eraseCustomerStatements(storeId, id, iso));
  const more = ids.length > ERASE_PER_PASS;
  return { outcome: `shop/redact: ${Math.min(ids.length, ERASE_PER_PASS)} customers erased${more ? ", more to follow" : ""}`, more };
}

/** `customers/data_request`: recorded; the merchant fetches the export and sends it to the shopper. */
export async function recordDataRequest(
  db: D1Database,
  storeId: string,
  platform: Platform,
  requestId: string,
  customerId: string | undefined,
  orderIds: string[],
  now: Date,
): Promise<string> {
  await applyChanges(db, [dataRequestStatement(storeId, platform, requestId, customerId, orderIds, now.toISOString())]);
  return `customers/data_request ${requestId} recorded`;
}
