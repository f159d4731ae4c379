import type { EasyPostEvent } from "../../schemas/webhooks.ts";
import { fromEasyPost } from "./easypost-status.ts";
import { normaliseTrackingNumber } from "./tracking-links.ts";
import { calendarDateOf, joinPlace, vendorInstant, type ReportedUpdate, type TrackingReport } from "./tracking-report.ts";

const TRACKER_EVENTS = new Set(["tracker.created", "tracker.updated"]);

/**
 * An EasyPost `tracker.*` Event as a tracking report. Each Event carries the tracker's whole history
 * (`tracking_details`), so every detail is reported; the ones already stored are recognised by key.
 * Answers null for Events about anything other than trackers. Times are judged against `now`.
 */
export function easyPostReport(event: EasyPostEvent, now = new Date()): TrackingReport | null {
  const tracker = event.result;
  if (!TRACKER_EVENTS.has(event.description) || !tracker.tracking_code) return null;
  const updates: ReportedUpdate[] = [];
  for (const detail of tracker.tracking_details ?? []) {
    const occurredAt = vendorInstant(detail.datetime, now);
    if (!occurredAt) continue;
    const loc = detail.tracking_location;
    const location = joinPlace(loc?.city, loc?.state, loc?.country);
    const description = detail.message ?? detail.description ?? undefined;
    const vendorStatus = `${detail.status}/${detail.status_detail ?? ""}`;
    updates.push({
      ...fromEasyPost(detail.status, detail.status_detail),
      occurredAt,
      location,
      description: description || undefined,
      vendorStatus,
      key: [occurredAt, vendorStatus, description ?? "", location ?? ""].join("|"),
      raw: detail,
    });
  }
  const day = calendarDateOf(tracker.carrier_detail?.est_delivery_date_local, now) ?? calendarDateOf(tracker.est_delivery_date, now);
  const reportedAt = vendorInstant(tracker.updated_at, now) ?? vendorInstant(event.updated_at, now) ?? vendorInstant(event.created_at, now);
  return {
    vendor: "easypost",
    deliveryId: event.id,
    trackingNumber: normaliseTrackingNumber(tracker.tracking_code),
    estimate: day && reportedAt ? { from: day, to: day, reportedAt } : undefined,
    updates,
  };
}
