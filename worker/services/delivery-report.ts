/**
 * Messages to the store's tools for the dashboard and the admin API: per destination (Klaviyo or a
 * webhook endpoint), how the last 7 days' deliveries ended, and the deliveries that failed for good or
 * are being retried, each with its last attempt's status and error.
 */
import { DELIVERY_PROBLEMS, type DeliveriesAnswer, type DeliveryProblemState, type DestinationCounts } from "../../contract/outbound.ts";
import { deliveryReport } from "../storage/delivery-report.ts";

/** The counts cover this many days back from now; so do the deliveries listed. */
export const REPORT_DAYS = 7;

/** An endpoint's host only: the rest of a URL may carry a token the merchant's receiver checks. */
export function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

export async function describeDeliveries(
  db: D1Database,
  storeId: string,
  q: { status?: DeliveryProblemState; limit: number; now?: Date },
): Promise<DeliveriesAnswer> {
  const now = q.now ?? new Date();
  const since = new Date(now.getTime() - REPORT_DAYS * 86_400_000).toISOString();
  const { counts, problems } = await deliveryReport(db, {
    storeId,
    since,
    states: q.status ? [q.status] : DELIVERY_PROBLEMS,
    limit: q.limit,
  });
  const byDestination = new Map<string, DestinationCounts>();
  for (const row of counts) {
    // Deliveries stopped by an erasure are neither sent nor failed: not counted.
    if (row.state === "erased") continue;
    const entry = byDestination.get(row.destination) ?? {
      destination: row.destination,
      host: hostOf(row.url),
      delivered: 0,
      retrying: 0,
      failed: 0,
      cancelled: 0,
    };
    entry[row.state] += row.count;
    byDestination.set(row.destination, entry);
  }
  return {
    since,
    counts: [...byDestination.values()],
    deliveries: problems.map(({ destination, url, ...row }) => ({ destination, host: hostOf(url), ...row })),
  };
}
