import type { AfterShipWebhook } from "../../schemas/webhooks.ts";
import { fromAfterShip } from "./aftership-status.ts";
import { normaliseTrackingNumber } from "./tracking-links.ts";
import { calendarDateOf, joinPlace, vendorInstant, vendorSeconds, type ReportedUpdate, type TrackingReport } from "./tracking-report.ts";

const TRACKING_EVENTS = new Set(["tracking_update", "edd_revise"]);

/**
 * An AfterShip tracking webhook as a tracking report. `msg` is the whole tracking with every
 * checkpoint; checkpoints carry a `hash` in recent API versions, which identifies them best.
 * Answers null for webhook events that are not about a tracking's progress. Times are judged against `now`.
 */
export function afterShipReport(body: AfterShipWebhook, now = new Date()): TrackingReport | null {
  if (!TRACKING_EVENTS.has(body.event)) return null;
  const tracking = body.msg;
  const updates: ReportedUpdate[] = [];
  for (const checkpoint of tracking.checkpoints ?? []) {
    const occurredAt = vendorInstant(checkpoint.checkpoint_time, now);
    if (!occurredAt) continue;
    const vendorStatus = `${checkpoint.tag}/${checkpoint.subtag ?? ""}`;
    const location =
      joinPlace(checkpoint.location) ??
      joinPlace(checkpoint.city, checkpoint.state, checkpoint.country_region_name ?? checkpoint.country_name);
    const description = checkpoint.message ?? undefined;
    updates.push({
      ...fromAfterShip(checkpoint.tag, checkpoint.subtag),
      occurredAt,
      location,
      description: description || undefined,
      vendorStatus,
      key: checkpoint.hash ?? [occurredAt, vendorStatus, description ?? "", location ?? ""].join("|"),
      raw: checkpoint,
    });
  }
  const latest = tracking.latest_estimated_delivery;
  const day = (value: string | null | undefined) => calendarDateOf(value, now);
  const from = day(latest?.datetime_min) ?? day(latest?.datetime) ?? day(tracking.expected_delivery);
  const to = day(latest?.datetime_max) ?? day(latest?.datetime) ?? from;
  const reportedAt = vendorInstant(tracking.updated_at, now) ?? vendorSeconds(body.ts, now);
  return {
    vendor: "aftership",
    deliveryId: body.event_id,
    trackingNumber: normaliseTrackingNumber(tracking.tracking_number),
    estimate: from && to && reportedAt ? { from, to: to < from ? from : to, reportedAt } : undefined,
    updates,
  };
}
