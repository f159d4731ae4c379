import type { ExceptionKind } from "../shipment-status.ts";
import type { NormalisedStatus } from "./easypost-status.ts";

/** AfterShip's Exception subtags that name a cause the shopper can act on (or wait out). */
const EXCEPTION_SUBTAG: Record<string, ExceptionKind> = {
  Exception_002: "address", // customer moved
  Exception_003: "refused",
  Exception_006: "held", // held for payment (duties)
  Exception_007: "address", // incorrect address
  Exception_008: "attempt_failed", // pick-up missed
  Exception_012: "damaged_or_lost",
  Exception_013: "damaged_or_lost",
};

/** Delays (customs, external factors): the parcel is still moving, only later. */
const DELAY_SUBTAGS = new Set(["Exception_004", "Exception_005"]);
const RETURN_SUBTAGS = new Set(["Exception_010", "Exception_011"]);

/**
 * AfterShip `tag` (with `subtag` for the reason) in the contract's terms. Pending and Expired carry no
 * news about the parcel itself; AvailableForPickup is the last step before the shopper has it, like
 * out for delivery.
 */
export function fromAfterShip(tag: string, subtag?: string | null): NormalisedStatus {
  const sub = subtag ?? "";
  switch (tag) {
    case "InfoReceived":
      return { status: "packed", carrierDelay: false };
    case "InTransit":
      return { status: "in_transit", carrierDelay: false };
    case "OutForDelivery":
    case "AvailableForPickup":
      return { status: "out_for_delivery", carrierDelay: false };
    case "Delivered":
      return { status: "delivered", carrierDelay: false };
    case "AttemptFail":
      return { status: "exception", exceptionKind: "attempt_failed", carrierDelay: false };
    case "Exception":
      if (DELAY_SUBTAGS.has(sub)) return { status: "in_transit", carrierDelay: true };
      if (RETURN_SUBTAGS.has(sub)) return { status: "returned", carrierDelay: false };
      return { status: "exception", exceptionKind: EXCEPTION_SUBTAG[sub] ?? "other", carrierDelay: false };
    default:
      return { status: null, carrierDelay: false };
  }
}
