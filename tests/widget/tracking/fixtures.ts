import type { OrderView, ShipmentView } from "../../../contract/order-view.ts";
import { orderView } from "../fixtures.ts";

/** A parcel as the worker describes it, on its way unless told otherwise. */
export function parcel(overrides: Partial<ShipmentView> = {}): ShipmentView {
  return {
    id: "P1",
    carrier: { name: "UPS", trackingNumber: "1Z999AA10123456784", url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" },
    status: "in_transit",
    milestones: [
      { status: "ordered", reached: true, at: "2026-11-23T15:04:00Z" },
      { status: "packed", reached: true, at: "2026-11-24T09:00:00Z" },
      { status: "in_transit", reached: true, at: "2026-11-24T18:00:00Z" },
      { status: "out_for_delivery", reached: false },
      { status: "delivered", reached: false },
    ],
    delayed: false,
    window: { from: "2026-11-27", to: "2026-11-28", source: "carrier" },
    latest: { status: "in_transit", at: "2026-11-24T18:00:00Z", location: "Louisville, KY", description: "Departed UPS facility" },
    history: [
      { status: "in_transit", at: "2026-11-24T18:00:00Z", location: "Louisville, KY", description: "Departed UPS facility" },
      { status: "packed", at: "2026-11-24T09:00:00Z", description: "Label created" },
    ],
    lines: [{ sku: "JKT-1", name: "Trail Shell Jacket", quantity: 1 }],
    ...overrides,
  };
}

export function trackedOrder(shipments: ShipmentView[], overrides: Partial<OrderView> = {}): OrderView {
  return { ...orderView(), shipments, ...overrides };
}
