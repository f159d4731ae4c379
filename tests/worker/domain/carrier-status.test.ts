import { describe, expect, it } from "vitest";
import { fromAfterShip } from "../../../worker/domain/carriers/aftership-status.ts";
import { afterShipReport } from "../../../worker/domain/carriers/aftership.ts";
import { fromEasyPost } from "../../../worker/domain/carriers/easypost-status.ts";
import { easyPostReport } from "../../../worker/domain/carriers/easypost.ts";
import { carrierPage, normaliseTrackingNumber } from "../../../worker/domain/carriers/tracking-links.ts";
import { afterShipWebhook, easyPostEvent } from "../../../worker/schemas/webhooks.ts";
import { afterShipTrackingUpdate, easyPostTrackerEvent } from "../../../scripts/lib/carrier-payloads.ts";

describe("EasyPost status → contract status", () => {
  it.each([
    ["pre_transit", "label_created", "packed", undefined, false],
    ["in_transit", "arrived_at_facility", "in_transit", undefined, false],
    ["in_transit", "departed_facility", "in_transit", undefined, false],
    ["in_transit", "weather_delay", "in_transit", undefined, true],
    ["in_transit", "delayed", "in_transit", undefined, true],
    ["in_transit", "held", "exception", "held", false],
    ["out_for_delivery", "out_for_delivery", "out_for_delivery", undefined, false],
    ["available_for_pickup", "arrived_at_pickup_location", "out_for_delivery", undefined, false],
    ["delivered", "arrived_at_destination", "delivered", undefined, false],
    ["return_to_sender", "return", "returned", undefined, false],
    ["failure", "delivery_exception", "exception", "attempt_failed", false],
    ["failure", "address_correction", "exception", "address", false],
    ["failure", "refused", "exception", "refused", false],
    ["failure", "damaged", "exception", "damaged_or_lost", false],
    ["failure", "lost", "exception", "damaged_or_lost", false],
    ["failure", "unknown", "exception", "other", false],
    ["cancelled", "cancelled", "exception", "other", false],
    ["unknown", "unknown", null, undefined, false],
    ["error", "unknown", null, undefined, false],
  ] as const)("%s / %s → %s", (status, detail, expected, kind, delay) => {
    const result = fromEasyPost(status, detail);
    expect(result.status).toBe(expected);
    expect(result.exceptionKind).toBe(kind);
    expect(result.carrierDelay).toBe(delay);
  });
});

describe("AfterShip tag/subtag → contract status", () => {
  it.each([
    ["Pending", "Pending_001", null, undefined, false],
    ["InfoReceived", "InfoReceived_001", "packed", undefined, false],
    ["InTransit", "InTransit_002", "in_transit", undefined, false],
    ["InTransit", "InTransit_007", "in_transit", undefined, false],
    ["OutForDelivery", "OutForDelivery_001", "out_for_delivery", undefined, false],
    ["AvailableForPickup", "AvailableForPickup_001", "out_for_delivery", undefined, false],
    ["AttemptFail", "AttemptFail_001", "exception", "attempt_failed", false],
    ["Delivered", "Delivered_001", "delivered", undefined, false],
    ["Delivered", "Delivered_005", "delivered", undefined, false],
    ["Exception", "Exception_002", "exception", "address", false],
    ["Exception", "Exception_003", "exception", "refused", false],
    ["Exception", "Exception_004", "in_transit", undefined, true],
    ["Exception", "Exception_005", "in_transit", undefined, true],
    ["Exception", "Exception_006", "exception", "held", false],
    ["Exception", "Exception_007", "exception", "address", false],
    ["Exception", "Exception_008", "exception", "attempt_failed", false],
    ["Exception", "Exception_010", "returned", undefined, false],
    ["Exception", "Exception_011", "returned", undefined, false],
    ["Exception", "Exception_012", "exception", "damaged_or_lost", false],
    ["Exception", "Exception_013", "exception", "damaged_or_lost", false],
    ["Exception", "Exception_019", "exception", "other", false],
    ["Expired", "Expired_001", null, undefined, false],
  ] as const)("%s / %s → %s", (tag, subtag, expected, kind, delay) => {
    const result = fromAfterShip(tag, subtag);
    expect(result.status).toBe(expected);
    expect(result.exceptionKind).toBe(kind);
    expect(result.carrierDelay).toBe(delay);
  });
});

describe("vendor payloads → tracking reports", () => {
  it("reads every tracking detail of an EasyPost tracker.updated Event, with place and UTC time", () => {
    const event = easyPostTrackerEvent({
      trackingCode: "9400 1000 0000 0000 0000 00",
      estDeliveryDate: "2026-11-25T00:00:00Z",
      scans: [
        {
          status: "pre_transit",
          statusDetail: "label_created",
          message: "Shipping Label Created",
          datetime: "2026-11-20T16:00:00Z",
          city: "PORTLAND",
          state: "OR",
          country: "US",
        },
        {
          status: "in_transit",
          statusDetail: "arrived_at_facility",
          message: "Arrived at USPS Facility",
          datetime: "2026-11-21T09:12:00-08:00",
          city: "PORTLAND",
          state: "OR",
          country: "US",
        },
      ],
    });
    const report = easyPostReport(easyPostEvent.parse(event))!;
    expect(report.trackingNumber).toBe("9400100000000000000000");
    expect(report.deliveryId).toBe(event.id);
    expect(report.estimate).toMatchObject({ from: "2026-11-25", to: "2026-11-25" });
    expect(report.updates.map((u) => [u.status, u.occurredAt, u.location, u.description])).toEqual([
      ["packed", "2026-11-20T16:00:00.000Z", "PORTLAND, OR, US", "Shipping Label Created"],
      ["in_transit", "2026-11-21T17:12:00.000Z", "PORTLAND, OR, US", "Arrived at USPS Facility"],
    ]);
  });

  it("ignores EasyPost Events that are not about trackers", () => {
    const event = { ...easyPostTrackerEvent({ trackingCode: "EZ1000000001", scans: [] }), description: "batch.updated" };
    expect(easyPostReport(easyPostEvent.parse(event))).toBeNull();
  });

  it("reads AfterShip checkpoints, including local times without an offset, and the latest estimate", () => {
    const body = afterShipTrackingUpdate({
      trackingNumber: "00340434161094042557",
      expectedDelivery: "2026-11-26",
      checkpoints: [
        {
          tag: "InfoReceived",
          subtag: "InfoReceived_001",
          message: "Electronic notification received",
          time: "2026-11-20T18:00:00+01:00",
          city: "Hamburg",
          countryName: "Germany",
        },
        {
          tag: "Exception",
          subtag: "Exception_004",
          message: "Customs clearance delayed",
          time: "2026-11-22T07:30:00",
          city: "Leipzig",
          countryName: "Germany",
        },
      ],
    });
    const report = afterShipReport(afterShipWebhook.parse(body))!;
    expect(report.deliveryId).toBe(body.event_id);
    expect(report.estimate).toMatchObject({ from: "2026-11-26", to: "2026-11-26" });
    expect(report.updates.map((u) => [u.status, u.carrierDelay, u.occurredAt, u.location])).toEqual([
      ["packed", false, "2026-11-20T17:00:00.000Z", "Hamburg, Germany"],
      ["in_transit", true, "2026-11-22T07:30:00.000Z", "Leipzig, Germany"],
    ]);
  });

  it("ignores AfterShip events about something other than a tracking's progress", () => {
    const body = afterShipTrackingUpdate({ trackingNumber: "1Z999", checkpoints: [], event: "tracking_pending_time" });
    expect(afterShipReport(afterShipWebhook.parse(body))).toBeNull();
  });
});

describe("tracking numbers and carrier pages", () => {
  it("normalises the forms people and vendors write", () => {
    expect(normaliseTrackingNumber(" 1z 999-aa1 ")).toBe("1Z999AA1");
  });
  it("links known carriers and names unknown ones as given", () => {
    expect(carrierPage("UPS", "1Z999AA10123456784")).toEqual({ name: "UPS", url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" });
    expect(carrierPage("Royal Mail", "AB123")).toEqual({
      name: "Royal Mail",
      url: "https://www.royalmail.com/track-your-item#/tracking-results/AB123",
    });
    expect(carrierPage("Bike Courier Co", "X1")).toEqual({ name: "Bike Courier Co" });
  });
});
