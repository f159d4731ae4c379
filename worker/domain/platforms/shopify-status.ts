/**
 * Shopify's shipment vocabulary (a fulfillment's `shipment_status` and a fulfillment event's `status`,
 * FulfillmentEventStatus: lower-case in webhooks, upper-case in GraphQL) in the contract's terms.
 * Ready for pickup counts as out for delivery, as EasyPost's available_for_pickup does; a customer
 * picking the parcel up is its delivery; "delayed" is a carrier delay, not an exception.
 */
import type { NormalisedStatus } from "../carriers/easypost-status.ts";

export function fromShopify(status: string | null | undefined): NormalisedStatus {
  switch ((status ?? "").toLowerCase()) {
    case "label_printed":
    case "label_purchased":
    case "confirmed":
      return { status: "packed", carrierDelay: false };
    case "carrier_picked_up":
    case "in_transit":
      return { status: "in_transit", carrierDelay: false };
    case "delayed":
      return { status: "in_transit", carrierDelay: true };
    case "out_for_delivery":
    case "ready_for_pickup":
    case "ready_for_recipient_pickup":
      return { status: "out_for_delivery", carrierDelay: false };
    case "delivered":
    case "picked_up":
      return { status: "delivered", carrierDelay: false };
    case "attempted_delivery":
      return { status: "exception", exceptionKind: "attempt_failed", carrierDelay: false };
    case "buyer_action_required":
      return { status: "exception", exceptionKind: "held", carrierDelay: false };
    case "failure":
      return { status: "exception", exceptionKind: "other", carrierDelay: false };
    case "returning_to_sender":
      return { status: "returned", carrierDelay: false };
    default:
      return { status: null, carrierDelay: false };
  }
}
