/**
 * A verified carrier webhook (EasyPost, AfterShip), recorded: each update under an id derived from
 * what the vendor sent (so a resend is recognised), the delivery, updates and estimate as one
 * transaction, then the schedules of the parcel's orders recomputed.
 */
import { sha256Base64Url } from "../crypto/hash.ts";
import type { TrackingReport } from "../domain/carriers/tracking-report.ts";
import type { Store } from "../domain/records.ts";
import { recordWebhook } from "../storage/shipments.ts";
import { refreshMomentsForTracking } from "./lifecycle-moments.ts";

export async function recordCarrierReport(
  db: D1Database,
  store: Store,
  report: TrackingReport,
  body: string,
): Promise<{ replay: boolean; newUpdates: number }> {
  const now = new Date().toISOString();
  const prefix = report.vendor === "easypost" ? "ep" : "as";
  const updates = await Promise.all(
    report.updates.map(async ({ key, vendorStatus, raw, ...update }) => ({
      ...update,
      id: `${prefix}:${(await sha256Base64Url(key)).slice(0, 22)}`,
      source: report.vendor,
      vendorStatus,
      raw: JSON.stringify(raw),
    })),
  );
  const result = await recordWebhook(
    db,
    {
      storeId: store.id,
      vendor: report.vendor,
      deliveryId: report.deliveryId,
      trackingNumber: report.trackingNumber,
      body,
      updates,
      estimate: report.estimate && { ...report.estimate, source: report.vendor },
    },
    now,
  );
  // A replay may be the vendor retrying after an answer it never got (or a 503 from the refresh
  // itself): the delivery is stored but the schedule may not have followed, so it is refreshed again.
  if (result.newUpdates || result.replay) await refreshMomentsForTracking(db, store, report.trackingNumber);
  return { replay: result.replay, newUpdates: result.newUpdates };
}
