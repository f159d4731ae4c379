/** A merchant's new estimate for a delayed parcel, kept where the carriers' estimates are. */
import { sql, type Statement } from "./statement.ts";

/**
 * The estimate a `delayed` parcel event gives, as of when the merchant says it was made: like the
 * carriers' own, it replaces only an older estimate, and a later one from the carrier replaces it.
 */
export function merchantEstimateStatement(
  storeId: string,
  trackingNumber: string,
  estimate: { from: string; to: string },
  reportedAt: string,
): Statement {
  return sql(
    `INSERT INTO carrier_estimates (store_id, tracking_number, source, estimate_from, estimate_to, reported_at)
     VALUES (?, ?, 'merchant', ?, ?, ?)
     ON CONFLICT (store_id, tracking_number) DO UPDATE SET
       source = excluded.source, estimate_from = excluded.estimate_from, estimate_to = excluded.estimate_to, reported_at = excluded.reported_at
     WHERE excluded.reported_at > carrier_estimates.reported_at`,
    storeId,
    trackingNumber,
    estimate.from,
    estimate.to,
    reportedAt,
  );
}
