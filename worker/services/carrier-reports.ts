/**
 * A verified carrier webhook (EasyPost, AfterShip), recorded: each update under an id derived from
 * what the vendor sent (so a resend is recognised), the delivery, updates and estimate as one
 * transaction, then the schedules of the parcel's orders recomputed. In the request for a body too
 * large for a queue message (`recordCarrierReport`); otherwise a batch at a time by the webhooks
 * queue's consumer (`recordCarrierReports`), with the same dedup.
 */
import { sha256Base64Url } from "../crypto/hash.ts";
import { afterShipReport } from "../domain/carriers/aftership.ts";
import { easyPostReport } from "../domain/carriers/easypost.ts";
import type { TrackingReport } from "../domain/carriers/tracking-report.ts";
import type { Store } from "../domain/records.ts";
import { afterShipWebhook, easyPostEvent } from "../schemas/webhooks.ts";
import { deliveriesSeen, recordWebhook, webhookWrite, type WebhookToStore } from "../storage/shipments.ts";
import { applyChanges, type Change as Statement } from "../storage/changes.ts";
import { refreshMomentsForTracking } from "./lifecycle-moments.ts";

type Vendor = TrackingReport["vendor"];

/**
 * What a verified body says, read as the route read it: null when it is not a tracker event (ignored),
 * and an error naming the field when it does not parse (a queued body always did: the route checked it).
 * `now` is the time it was received, so a report read later leaves out the same future scans.
 */
export function carrierReportOf(vendor: Vendor, text: string, now: Date): TrackingReport | null {
  const json = JSON.parse(text) as unknown;
  return vendor === "easypost" ? easyPostReport(easyPostEvent.parse(json), now) : afterShipReport(afterShipWebhook.parse(json), now);
}

async function hookOf(store: Store, report: TrackingReport, body: string): Promise<WebhookToStore> {
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
  return {
    storeId: store.id,
    vendor: report.vendor,
    deliveryId: report.deliveryId,
    trackingNumber: report.trackingNumber,
    body,
    updates,
    estimate: report.estimate && { ...report.estimate, source: report.vendor },
  };
}

export async function recordCarrierReport(
  db: D1Database,
  store: Store,
  report: TrackingReport,
  body: string,
): Promise<{ replay: boolean; newUpdates: number }> {
  const now = new Date().toISOString();
  const result = await recordWebhook(db, await hookOf(store, report, body), now);
  // A replay may be the vendor retrying after an answer it never got (or a 503 from the refresh
  // itself): the delivery is stored but the schedule may not have followed, so it is refreshed again.
  if (result.newUpdates || result.replay) await refreshMomentsForTracking(db, store, report.trackingNumber);
  return { replay: result.replay, newUpdates: result.newUpdates };
}

/** One queued report: what the vendor sent, and when the API received it. */
export interface QueuedReport {
  report: TrackingReport;
  body: string;
  receivedAt: string;
}

/**
 * A transaction's statements at most: a delivery carries the tracking's whole history (a statement a
 * scan), so a hundred of them could make thousands; past this the reports go in more than one
 * transaction, in order, each delivery whole in one.
 */
const MAX_STATEMENTS_PER_WRITE = 500;

/**
 * Records one store's queued reports, in their order, in one transaction (more for very many
 * statements, each delivery whole in one), then refreshes the schedule
 * of each parcel that changed, once. The same exactly-once rules as a report in the request: a
 * delivery id stored before (a redelivered message, the vendor's own resend) writes nothing again,
 * within the batch too; carrier events are keyed (store, tracking number, update id), and only a newer
 * estimate replaces one, so reports out of order never move a parcel back. A replay still refreshes
 * its parcel's schedule, which a failure after the write may have missed. Throws when the write or a
 * refresh fails: the caller retries every report (those already written then count as replays).
 */
export async function recordCarrierReports(
  db: D1Database,
  store: Store,
  reports: readonly QueuedReport[],
): Promise<{ replays: number; newUpdates: number }> {
  const seen = await deliveriesSeen(
    db,
    store.id,
    reports.map((r) => ({ vendor: r.report.vendor, deliveryId: r.report.deliveryId })),
  );
  const refresh = new Set<string>();
  const batched = new Set<string>();
  let statements: Statement[] = [];
  let counted: { start: number; newUpdates: (results: D1Result[]) => number; trackingNumber: string }[] = [];
  let replays = 0;
  let newUpdates = 0;
  const flush = async () => {
    if (!statements.length) return;
    const results = await applyChanges(db, statements);
    for (const c of counted) {
      const n = c.newUpdates(results.slice(c.start));
      newUpdates += n;
      if (n) refresh.add(c.trackingNumber);
    }
    statements = [];
    counted = [];
  };
  for (const [i, { report, body, receivedAt }] of reports.entries()) {
    const key = `${report.vendor}:${report.deliveryId}`;
    if (seen[i] || batched.has(key)) {
      replays++;
      refresh.add(report.trackingNumber);
      continue;
    }
    batched.add(key);
    const write = webhookWrite(await hookOf(store, report, body), receivedAt);
    if (statements.length + write.statements.length > MAX_STATEMENTS_PER_WRITE) await flush();
    counted.push({ start: statements.length, newUpdates: write.newUpdates, trackingNumber: report.trackingNumber });
    statements.push(...write.statements);
  }
  await flush();
  for (const trackingNumber of refresh) await refreshMomentsForTracking(db, store, trackingNumber);
  return { replays, newUpdates };
}

export type { Vendor as CarrierVendor };
