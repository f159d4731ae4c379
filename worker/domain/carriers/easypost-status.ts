import type { ExceptionKind, ShipmentStatus } from "../shipment-status.ts";

export interface NormalisedStatus {
  status: ShipmentStatus | null;
  exceptionKind?: ExceptionKind;
  carrierDelay: boolean;
}

const EXCEPTION_DETAIL: Record<string, ExceptionKind> = {
  address_correction: "address",
  refused: "refused",
  damaged: "damaged_or_lost",
  lost: "damaged_or_lost",
  held: "held",
  delivery_exception: "attempt_failed",
};

const DELAY_DETAILS = new Set(["delayed", "weather_delay"]);

/**
 * EasyPost Tracker and TrackingDetail `status` (with `status_detail` for the reason) in the contract's
 * terms. `unknown` and `error` (EasyPost could not reach the carrier) say nothing about the parcel.
 */
export function fromEasyPost(status: string, statusDetail?: string | null): NormalisedStatus {
  const detail = statusDetail ?? "";
  const exception = (kind: ExceptionKind = EXCEPTION_DETAIL[detail] ?? "other"): NormalisedStatus => ({
    status: "exception",
    exceptionKind: kind,
    carrierDelay: false,
  });
  switch (status) {
    case "pre_transit":
      return { status: "packed", carrierDelay: false };
    case "in_transit":
      if (detail === "held") return exception("held");
      return { status: "in_transit", carrierDelay: DELAY_DETAILS.has(detail) };
    case "out_for_delivery":
    case "available_for_pickup":
      return { status: "out_for_delivery", carrierDelay: false };
    case "delivered":
      return { status: "delivered", carrierDelay: false };
    case "return_to_sender":
      return { status: "returned", carrierDelay: false };
    case "failure":
      return exception();
    case "cancelled":
      return exception("other");
    default:
      return { status: null, carrierDelay: DELAY_DETAILS.has(detail) };
  }
}
