/**
 * The versions a shopper's refresh is answered from (migration 0017): `orders.view_version` rises in
 * the same transaction as every write that changes what GET /v1/o/{token} shows of that order, and
 * `stores.view_version` with the store settings that view shows. A reader that sees a version sees the
 * data written with it (one transaction), so an answer keyed by the versions is never older than them.
 *
 * The writers, each with its rise (folded into its own UPDATE where the order or store row is the one
 * written, else one statement from here in the same batch):
 *   orders.ts            the order upsert (folded), a token rotated (orderViewChanged)
 *   consent.ts           marketing consent that changes (customerViewsChanged: every order of theirs shows it)
 *   services/consent.ts  the delivery-update choice (orderViewChanged)
 *   shipments.ts         a parcel upserted, scans recorded, a carrier's estimate (parcelViewsChanged)
 *   parcel-delays.ts     a merchant's new estimate (with its scan: parcelViewsChanged)
 *   platform-orders.ts   parcels retired from a group (orderViewChanged), an order cancelled (folded)
 *   events.ts            the checkout-feel cue (folded)
 *   feedback.ts          survey and reviews (orderViewChanged)
 *   erasure.ts           a customer erased (customerViewsChanged)
 *   stores.ts            store settings and origins (folded into stores.view_version)
 *   survey-definitions   a survey published or reset (storeViewsChanged)
 * tests/worker/view-versions.test.ts makes each kind of write through the public API and requires the
 * ETag to change: a writer that forgets fails it.
 *
 * Plain `?` placeholders: the operator CLI inlines parameters in order (statement.ts toSqlScript).
 */
import { sql, type Statement } from "./statement.ts";

/** For an UPDATE of the row itself: `SET …, ${RAISE}`. */
export const RAISE = "view_version = view_version + 1";

/** One order's view changed. */
export const orderViewChanged = (storeId: string, orderId: string): Statement =>
  sql(`UPDATE orders SET ${RAISE} WHERE store_id = ? AND id = ?`, storeId, orderId);

/** Every order view of the store changes (a survey published or reset); only where `onlyIf` holds, if given. */
export const storeViewsChanged = (storeId: string, onlyIf?: Statement): Statement =>
  sql(`UPDATE stores SET ${RAISE} WHERE id = ?${onlyIf ? ` AND ${onlyIf.sql}` : ""}`, storeId, ...(onlyIf?.params ?? []));

/** Every order of one customer shows it (marketing consent, erasure). */
export const customerViewsChanged = (storeId: string, customerId: string, onlyIf?: Statement): Statement =>
  sql(
    `UPDATE orders SET ${RAISE} WHERE store_id = ? AND customer_id = ?${onlyIf ? ` AND ${onlyIf.sql}` : ""}`,
    storeId,
    customerId,
    ...(onlyIf?.params ?? []),
  );

/** Every order with a parcel under this tracking number (scans and estimates are kept by it). */
export const parcelViewsChanged = (storeId: string, trackingNumber: string): Statement =>
  sql(
    `UPDATE orders SET ${RAISE} WHERE store_id = ? AND id IN (SELECT order_id FROM shipments WHERE store_id = ? AND tracking_number = ?)`,
    storeId,
    storeId,
    trackingNumber,
  );
