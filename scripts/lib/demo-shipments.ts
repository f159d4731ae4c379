/**
 * Parcels for the demo orders, in every state a shopper can meet: one moving live (the carrier
 * simulator drives it), one order split in two parcels, one delayed, one delivered. Each arrives the
 * way production data does: the merchant registers shipments and posts its own events, the
 * aggregators post signed webhooks.
 *
 * Tracking numbers carry the run's start time, so a rerun of the demo (same order ids, same local
 * D1) starts its parcels from scratch instead of inheriting the last run's carrier history.
 */
import { afterShipTrackingUpdate, easyPostTrackerEvent, type AfterShipCheckpoint, type EasyPostScan } from "./carrier-payloads.ts";

const HOUR = 3_600_000;

export interface DemoShipment {
  orderId: string;
  shipment: {
    id: string;
    carrier: string;
    trackingNumber: string;
    lines: { sku: string; quantity: number }[];
    promisedFrom?: string;
    promisedTo?: string;
  };
  /** Updates the merchant's server posts itself. */
  merchantEvents?: { id: string; status: string; occurredAt: string; location?: string; description?: string }[];
  /** Webhook bodies an aggregator posts (in this order). */
  webhooks?: { vendor: "easypost" | "aftership"; payload: unknown }[];
}

export interface DemoPlan {
  shipments: DemoShipment[];
  /** The parcel the simulator moves forward, one EasyPost webhook per step. */
  live: { trackingNumber: string; steps: EasyPostScan[]; estDeliveryDate: string };
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

export function demoShipmentPlan(now: Date): DemoPlan {
  const t = now.getTime();
  const ago = (hours: number) => new Date(t - hours * HOUR).toISOString();
  const run = String(Math.floor(t / 1000)).slice(-8);
  const live = `9400111899${run}01`;

  const shellParcel = `00340434${run}2557`;
  const teeParcel = `00340434${run}2558`;
  const check = (
    tag: string,
    subtag: string,
    message: string,
    hoursAgo: number,
    city: string,
    countryName = "Germany",
  ): AfterShipCheckpoint => ({
    tag,
    subtag,
    message,
    time: ago(hoursAgo),
    city,
    countryName,
  });
  const shellCheckpoints = [
    check("InfoReceived", "InfoReceived_001", "The shipment has been prepared by the sender", 22, "Hamburg"),
    check("InTransit", "InTransit_002", "The shipment has been picked up", 18, "Hamburg"),
    check("InTransit", "InTransit_007", "The shipment has been loaded onto the delivery vehicle to the destination region", 9, "Leipzig"),
  ];

  const upsDelayed = `1Z999AA1${run}84`;
  const delayedCheckpoints = [
    check("InfoReceived", "InfoReceived_001", "Shipper created a label", 48, "Portland", "United States"),
    check("InTransit", "InTransit_001", "Departed from facility", 40, "Portland", "United States"),
    check("Exception", "Exception_005", "Delay: severe weather conditions have delayed delivery", 6, "Salt Lake City", "United States"),
  ];

  return {
    live: {
      trackingNumber: live,
      estDeliveryDate: `${day(t + 2 * 24 * HOUR)}T00:00:00Z`,
      steps: [
        {
          status: "pre_transit",
          statusDetail: "label_created",
          message: "Shipping Label Created, USPS Awaiting Item",
          datetime: "",
          city: "PORTLAND",
          state: "OR",
          country: "US",
        },
        {
          status: "in_transit",
          statusDetail: "received_at_origin_facility",
          message: "Accepted at USPS Origin Facility",
          datetime: "",
          city: "PORTLAND",
          state: "OR",
          country: "US",
        },
        {
          status: "in_transit",
          statusDetail: "arrived_at_facility",
          message: "Arrived at USPS Regional Facility",
          datetime: "",
          city: "SEATTLE",
          state: "WA",
          country: "US",
        },
        {
          status: "out_for_delivery",
          statusDetail: "out_for_delivery",
          message: "Out for Delivery, Expected Delivery by 8:00pm",
          datetime: "",
          city: "SAN FRANCISCO",
          state: "CA",
          country: "US",
        },
        {
          status: "delivered",
          statusDetail: "arrived_at_destination",
          message: "Delivered, Front Door/Porch",
          datetime: "",
          city: "SAN FRANCISCO",
          state: "CA",
          country: "US",
        },
      ],
    },
    shipments: [
      {
        orderId: "NW-1001",
        shipment: {
          id: "NW-1001-1",
          carrier: "USPS",
          trackingNumber: live,
          lines: [
            { sku: "ridgeline-trail-runner", quantity: 1 },
            { sku: "trail-sock-3pack", quantity: 2 },
          ],
        },
      },
      {
        orderId: "NW-1002",
        shipment: { id: "NW-1002-1", carrier: "DHL", trackingNumber: shellParcel, lines: [{ sku: "cirrus-wind-shell", quantity: 1 }] },
        webhooks: [
          {
            vendor: "aftership",
            payload: afterShipTrackingUpdate({
              trackingNumber: shellParcel,
              checkpoints: shellCheckpoints,
              expectedDelivery: day(t + 24 * HOUR),
            }),
          },
        ],
      },
      {
        orderId: "NW-1002",
        shipment: { id: "NW-1002-2", carrier: "DHL", trackingNumber: teeParcel, lines: [{ sku: "basecamp-merino-tee", quantity: 1 }] },
        webhooks: [
          {
            vendor: "aftership",
            payload: afterShipTrackingUpdate({
              trackingNumber: teeParcel,
              checkpoints: [check("InfoReceived", "InfoReceived_001", "The shipment has been prepared by the sender", 3, "Hamburg")],
              expectedDelivery: day(t + 3 * 24 * HOUR),
            }),
          },
        ],
      },
      {
        orderId: "NW-1003",
        shipment: {
          id: "NW-1003-1",
          carrier: "UPS",
          trackingNumber: upsDelayed,
          lines: [{ sku: "beacon-headlamp", quantity: 1 }],
          promisedFrom: day(t),
          promisedTo: day(t + 24 * HOUR),
        },
        webhooks: [
          {
            vendor: "aftership",
            payload: afterShipTrackingUpdate({
              trackingNumber: upsDelayed,
              slug: "ups",
              checkpoints: delayedCheckpoints,
              expectedDelivery: day(t + 4 * 24 * HOUR),
            }),
          },
        ],
      },
      {
        orderId: "NW-1004",
        shipment: {
          id: "NW-1004-1",
          carrier: "FedEx",
          trackingNumber: `7946${run}41`,
          lines: [
            { sku: "switchback-run-vest", quantity: 1 },
            { sku: "summit-daypack", quantity: 1 },
            { sku: "trail-sock-3pack", quantity: 1 },
          ],
        },
        merchantEvents: [
          {
            id: `${run}-packed`,
            status: "packed",
            occurredAt: ago(70),
            location: "Portland, OR",
            description: "Packed at our Portland warehouse",
          },
          { id: `${run}-shipped`, status: "in_transit", occurredAt: ago(64), location: "Portland, OR", description: "Picked up by FedEx" },
          {
            id: `${run}-out`,
            status: "out_for_delivery",
            occurredAt: ago(33),
            location: "Denver, CO",
            description: "On the FedEx vehicle for delivery",
          },
          {
            id: `${run}-delivered`,
            status: "delivered",
            occurredAt: ago(29),
            location: "Denver, CO",
            description: "Delivered, left at front door",
          },
        ],
      },
    ],
  };
}

/** The live parcel's tracker after `step + 1` steps, as EasyPost would post it. */
export function liveTrackerEvent(plan: DemoPlan, step: number, now: Date) {
  const minute = 60_000;
  const steps = plan.live.steps.slice(0, step + 1).map((scan, i) => ({
    ...scan,
    // Each earlier step a little further in the past, the newest one now.
    datetime: new Date(now.getTime() - (step - i) * minute).toISOString(),
  }));
  return easyPostTrackerEvent({ trackingCode: plan.live.trackingNumber, scans: steps, estDeliveryDate: plan.live.estDeliveryDate });
}
