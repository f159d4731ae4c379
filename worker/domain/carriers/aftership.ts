import type { AfterShipWebhook } from "../../schemas/webhooks.ts";
import { toUtcIso } from "../shipment-status.ts";
import { fromAfterShip } from "./aftership-status.ts";
import { normaliseTrackingNumber } from "./tracking-links.ts";
import { calendarDateOf, joinPlace, type ReportedUpdate, type TrackingReport } from "./tracking-report.ts";

const TRACKING_EVENTS = new Set(["tracking_update", "edd_revise"]);

/**
 * An AfterShip tracking webhook as a tracking report. `msg` is the whole tracking with every
 * checkpoint; checkpoints carry a `hash` in recent API versions, which identifies them best.
 * Answers null for webhook events that are not about a tracking's progress.
 */
export function afterShipReport(body: AfterShipWebhook): TrackingReport | null {
  if (!TRACKING_EVENTS.has(body.event)) return null;
  const tracking = body.msg;
  const updates: ReportedUpdate[] = [];
  for (const checkpoint of tracking.checkpoints ?? []) {
    const occurredAt = toUtcIso(checkpoint.checkpoint_time);
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
  const from = calendarDateOf(latest?.datetime_min) ?? calendarDateOf(latest?.datetime) ?? calendarDateOf(tracking.expected_delivery);
  const to = calendarDateOf(latest?.datetime_max) ?? calendarDateOf(latest?.datetime) ?? from;
  const reportedAt = toUtcIso(tracking.updated_at) ?? (body.ts ? new Date(body.ts * 1000).toISOString() : undefined);
  return {
    vendor: "aftership",
    deliveryId: body.event_id,
    trackingNumber: normaliseTrackingNumber(tracking.tracking_number),
    estimate: from && to && reportedAt ? { from, to: to < from ? from : to, reportedAt } : undefined,
    updates,
  };
}
