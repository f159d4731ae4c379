/**
 * What Doorstep holds about one customer, for them to have (GDPR art. 15): `GET /v1/admin/customers/{id}/export`
 * and each data request a platform passes on (`GET /v1/admin/data-requests`) answer the same export.
 */
import type { CustomerExport, CustomerExportFile } from "../../contract/admin.ts";
import { assembleCustomerExport, customerExportFile } from "../domain/customer-export.ts";
import { customerExists, customerRows } from "../storage/customer-export.ts";

/** The customer (null: none named) and the orders named with them, the customers of those orders included. */
export async function customerExport(
  db: D1Database,
  storeId: string,
  customerId: string | null,
  orderIds: string[],
): Promise<CustomerExport> {
  return assembleCustomerExport(await customerRows(db, storeId, customerId, orderIds));
}

/** One customer's export as a file; null when the store has no such customer. */
export async function exportCustomer(db: D1Database, storeId: string, customerId: string, now: Date): Promise<CustomerExportFile | null> {
  if (!(await customerExists(db, storeId, customerId))) return null;
  return customerExportFile(storeId, customerId, await customerExport(db, storeId, customerId, []), now);
}
