/**
 * Parcels at risk for the dashboard and the admin API: stalled, late, held by an exception, or not
 * registered with the store's aggregator (with each registration's provider, status, attempts and
 * the vendor's last error), the counts of every delay notice, and each carrier's on-time rate.
 */
import { carrierPerformance, parcelsAtRisk, riskCounts, unshippedOrders, type RiskRow } from "../storage/parcel-risk.ts";
import { registrationsOf } from "../storage/parcel-registrations.ts";

export { PARCEL_RISKS as RISKS, type ParcelRisk as Risk } from "../../contract/vocabularies.ts";
import type { ParcelRisk as Risk } from "../../contract/vocabularies.ts";

/** Why a parcel is listed. */
export function risksOf(row: RiskRow): Risk[] {
  const risks: Risk[] = [];
  if (row.notices.includes("stalled")) risks.push("stalled");
  if (row.notices.includes("late")) risks.push("late");
  if (row.status === "exception" && !row.deliveredAt) risks.push("exception");
  if (row.unregistered) risks.push("unregistered");
  return risks;
}

/** The store's parcels at risk (all of them, or those with one `risk`), with counts for the dashboard. */
export async function describeParcelsAtRisk(db: D1Database, storeId: string, risk?: Risk) {
  const [rows, counts, unshipped] = await Promise.all([parcelsAtRisk(db, storeId), riskCounts(db, storeId), unshippedOrders(db, storeId)]);
  const listed = rows
    .map((row) => ({ row, risks: risksOf(row) }))
    .filter(({ risks }) => risks.length > 0 && (!risk || risks.includes(risk)));
  const registrations = await registrationsOf(
    db,
    storeId,
    listed.map(({ row }) => row.shipmentId),
  );
  return {
    counts,
    unshipped: risk ? [] : unshipped,
    parcels: listed.map(({ row, risks }) => ({
      shipmentId: row.shipmentId,
      orderId: row.orderId,
      carrier: row.carrier,
      trackingNumber: row.trackingNumber,
      status: row.status,
      ...(row.exceptionKind ? { exception: row.exceptionKind } : {}),
      risks,
      lastScanAt: row.lastScanAt,
      promisedTo: row.promisedTo,
      expectedTo: row.expectedTo,
      registrations: registrations.get(row.shipmentId) ?? [],
    })),
  };
}

/** Delivered parcels per carrier in the range, and the share delivered inside the promised window. */
export async function describeCarrierPerformance(db: D1Database, storeId: string, from: string, to: string) {
  const rows = await carrierPerformance(db, storeId, from, to);
  return rows.map((r) => ({ ...r, onTimeRate: r.delivered ? r.onTime / r.delivered : null }));
}
