/**
 * Each order's parcel: a carrier of the shopper's country, a believable tracking number, and its scans
 * from packing to the front door, 2–5 days in all; now and then delayed in the network or a missed
 * delivery. Scans after `now` have not happened yet.
 */
import type { Dice } from "./dice.ts";
import type { HistoryRun } from "./run.ts";
import { DAY, HOUR, MINUTE, type HistoryOrder, type Scan, type ShipmentPlan } from "./types.ts";
import { DE_PLACES, US_PLACES } from "./words.ts";

type Trouble = ShipmentPlan["trouble"];

export function shipmentFor(run: HistoryRun, order: HistoryOrder): ShipmentPlan {
  const { dice } = run;
  const german = order.customer.market.country === "DE";
  const carrier = german
    ? dice.weighted([
        ["DHL", 0.75],
        ["DPD", 0.25],
      ] as const)
    : dice.weighted([
        ["UPS", 0.45],
        ["USPS", 0.35],
        ["FedEx", 0.2],
      ] as const);
  const trackingNumber = newTrackingNumber(run, carrier);
  const trouble: Trouble = dice.chance(0.07) ? "delayed" : dice.chance(0.035) ? "exception" : undefined;
  const times = journeyTimes(dice, order.placedAt, trouble);
  const scans = scansOf(dice, times, trouble, german);
  return {
    id: `${order.input.id}-1`,
    carrier,
    trackingNumber,
    createdAt: times.packedAt - dice.between(5, 40) * MINUTE,
    scans: scans.filter((s) => s.at < run.nowMs),
    deliveredAt: times.deliveredAt < run.nowMs ? times.deliveredAt : undefined,
    trouble,
  };
}

/** A number in the carrier's own format, never used twice. */
function newTrackingNumber(run: HistoryRun, carrier: string): string {
  const { dice, trackingNumbers } = run;
  let trackingNumber = "";
  while (!trackingNumber || trackingNumbers.has(trackingNumber)) {
    trackingNumber =
      carrier === "UPS"
        ? `1Z${dice.randomId(6).toUpperCase().replace(/[-_]/g, "X")}03${dice.digits(8)}`
        : carrier === "USPS"
          ? `9405${dice.digits(18)}`
          : carrier === "FedEx"
            ? dice.digits(12)
            : carrier === "DHL"
              ? `00340512${dice.digits(12)}`
              : `0150${dice.digits(10)}`;
  }
  trackingNumbers.add(trackingNumber);
  return trackingNumber;
}

interface JourneyTimes {
  packedAt: number;
  shippedAt: number;
  deliveredAt: number;
}

/** Packed within a day, picked up hours later; a delayed parcel takes 2–4 days more, an exception one more attempt. */
function journeyTimes(dice: Dice, placedAt: number, trouble: Trouble): JourneyTimes {
  const packedAt = placedAt + dice.between(4, 26) * HOUR;
  const shippedAt = packedAt + dice.between(2, 9) * HOUR;
  let deliveredAt = placedAt + dice.between(2, 5) * DAY;
  if (deliveredAt < shippedAt + 14 * HOUR) deliveredAt = shippedAt + dice.between(14, 30) * HOUR;
  if (trouble === "delayed") deliveredAt += dice.between(2, 4) * DAY;
  if (trouble === "exception") deliveredAt += dice.between(1, 2) * DAY;
  return { packedAt, shippedAt, deliveredAt };
}

/** Packed, picked up, at a hub, (delayed or a failed attempt,) out for delivery, delivered. */
function scansOf(dice: Dice, { packedAt, shippedAt, deliveredAt }: JourneyTimes, trouble: Trouble, german: boolean): Scan[] {
  const [origin, hubs, destinations] = german ? DE_PLACES : US_PLACES;
  const scans: Scan[] = [
    { id: "packed", status: "packed", at: packedAt, location: dice.pick(origin!) },
    {
      id: "in-transit",
      status: "in_transit",
      at: shippedAt,
      location: dice.pick(origin!),
      description: german ? "Sendung wurde abgeholt" : "Picked up by carrier",
    },
    {
      id: "hub",
      status: "in_transit",
      at: shippedAt + (deliveredAt - shippedAt) * dice.between(0.35, 0.6),
      location: dice.pick(hubs!),
      description: german ? "Im Verteilzentrum" : "Arrived at sort facility",
    },
  ];
  if (trouble === "delayed") {
    scans.push({
      id: "delay",
      status: "in_transit",
      at: shippedAt + (deliveredAt - shippedAt) * 0.7,
      location: dice.pick(hubs!),
      description: german ? "Verzögerung im Netzwerk" : "Delayed in the carrier network",
    });
  }
  if (trouble === "exception") {
    const attempt = deliveredAt - dice.between(20, 28) * HOUR;
    scans.push({
      id: "attempt",
      status: "exception",
      at: attempt,
      location: dice.pick(destinations!),
      description: german ? "Zustellversuch fehlgeschlagen" : "Delivery attempted: no one available",
    });
  }
  const destination = dice.pick(destinations!);
  scans.push({ id: "out-for-delivery", status: "out_for_delivery", at: deliveredAt - dice.between(3, 7) * HOUR, location: destination });
  scans.push({
    id: "delivered",
    status: "delivered",
    at: deliveredAt,
    location: destination,
    description: german ? "Zugestellt" : "Delivered, front door",
  });
  return scans;
}
