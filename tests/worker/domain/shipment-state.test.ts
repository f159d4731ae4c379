import { describe, expect, it } from "vitest";
import { shipmentState, type ShipmentFacts } from "../../../worker/domain/shipment-state.ts";
import type { CarrierUpdate } from "../../../worker/domain/shipment-status.ts";

const promised = { from: "2026-11-24", to: "2026-11-26", source: "store_promise" as const };
const at = (day: number, hour = 12) => `2026-11-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00.000Z`;
const update = (status: CarrierUpdate["status"], occurredAt: string, extra: Partial<CarrierUpdate> = {}): CarrierUpdate => ({
  status,
  occurredAt,
  carrierDelay: false,
  ...extra,
});
const facts = (updates: CarrierUpdate[], extra: Partial<ShipmentFacts> = {}): ShipmentFacts => ({
  placedAt: "2026-11-20T10:00:00-05:00",
  promised,
  updates,
  today: "2026-11-23",
  ...extra,
});

const journey = [
  update("packed", at(21, 9)),
  update("in_transit", at(21, 18), { location: "Portland, OR" }),
  update("in_transit", at(22, 6), { location: "Seattle, WA" }),
  update("out_for_delivery", at(23, 8)),
];

/** Every ordering of a list (small lists only). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe("shipmentState", () => {
  it("walks the milestones with the time each was first reached", () => {
    const state = shipmentState(facts(journey));
    expect(state.status).toBe("out_for_delivery");
    expect(state.milestones).toEqual([
      { status: "ordered", reached: true, at: "2026-11-20T10:00:00-05:00" },
      { status: "packed", reached: true, at: at(21, 9) },
      { status: "in_transit", reached: true, at: at(21, 18) },
      { status: "out_for_delivery", reached: true, at: at(23, 8) },
      { status: "delivered", reached: false, at: undefined },
    ]);
    expect(state.latest?.status).toBe("out_for_delivery");
    expect(state.history.map((u) => u.occurredAt)).toEqual([at(23, 8), at(22, 6), at(21, 18), at(21, 9)]);
    expect(state.delayed).toBe(false);
  });

  it("is the same whatever order the events arrived in, and repeats change nothing", () => {
    const expected = shipmentState(facts(journey));
    for (const order of permutations(journey)) {
      expect(shipmentState(facts([...order, ...order]))).toEqual(expected);
    }
  });

  it("never moves back: a late-arriving earlier scan leaves the parcel out for delivery", () => {
    const state = shipmentState(facts([update("out_for_delivery", at(23, 8)), update("in_transit", at(22, 6))]));
    expect(state.status).toBe("out_for_delivery");
    expect(state.milestones.find((m) => m.status === "packed")).toEqual({ status: "packed", reached: true, at: undefined });
  });

  it("shows an exception until the parcel moves on after it", () => {
    const failed = update("exception", at(23, 14), { exceptionKind: "attempt_failed" });
    const during = shipmentState(facts([...journey, failed]));
    expect(during.status).toBe("exception");
    expect(during.exception).toEqual({ kind: "attempt_failed", at: at(23, 14) });
    expect(during.delayed).toBe(true);
    expect(during.delayReason).toBe("exception");

    const after = shipmentState(facts([...journey, failed, update("out_for_delivery", at(24, 8))]));
    expect(after.status).toBe("out_for_delivery");
    expect(after.exception).toBeUndefined();

    // An older scan arriving late does not clear a newer exception.
    const stale = shipmentState(facts([...journey, failed, update("in_transit", at(22, 7))]));
    expect(stale.status).toBe("exception");
  });

  it("counts delivered as final, unless the parcel is sent back afterwards", () => {
    const delivered = [...journey, update("delivered", at(23, 15))];
    const state = shipmentState(facts(delivered, { today: "2026-12-10" }));
    expect(state.status).toBe("delivered");
    expect(state.deliveredAt).toBe(at(23, 15));
    expect(state.delayed).toBe(false);
    expect(shipmentState(facts([...delivered, update("exception", at(23, 16))])).status).toBe("delivered");
    expect(shipmentState(facts([...delivered, update("returned", at(25, 9))])).status).toBe("returned");
  });

  it("derives delayed from the promise, the carrier's revised estimate and carrier delays", () => {
    expect(shipmentState(facts(journey.slice(0, 2), { today: "2026-11-27" })).delayReason).toBe("late");
    expect(shipmentState(facts(journey.slice(0, 2), { today: "2026-11-26" })).delayed).toBe(false);

    const revised = shipmentState(facts(journey.slice(0, 2), { estimate: { from: "2026-11-28", to: "2026-11-28" } }));
    expect(revised.delayReason).toBe("revised_estimate");
    expect(revised.window).toEqual({ from: "2026-11-28", to: "2026-11-28", source: "carrier" });

    const earlier = shipmentState(facts(journey.slice(0, 2), { estimate: { from: "2026-11-25", to: "2026-11-25" } }));
    expect(earlier.delayed).toBe(false);

    const customs = update("in_transit", at(22, 9), { carrierDelay: true });
    expect(shipmentState(facts([...journey.slice(0, 2), customs])).delayReason).toBe("carrier_delay");
    // Once it is out for delivery after the delay, the delay is behind it.
    expect(shipmentState(facts([...journey.slice(0, 2), customs, update("out_for_delivery", at(24, 8))])).delayed).toBe(false);
  });

  it("starts at ordered with nothing from the carrier, and ignores news without a milestone", () => {
    const state = shipmentState(facts([update(null, at(21, 9), { description: "Pending" })]));
    expect(state.status).toBe("ordered");
    expect(state.latest?.description).toBe("Pending");
  });
});
