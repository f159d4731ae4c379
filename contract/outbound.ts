/**
 * What a merchant's own tools hear from Doorstep through signed webhooks (docs/contract.md): the
 * lifecycle moments, and every event type an endpoint can subscribe to.
 */

/** Lifecycle moments a merchant's email or SMS tool hears about (worker/domain/lifecycle/schedule.ts). */
export const MOMENT_KINDS = [
  "order_confirmed",
  "usage_tips",
  "returns_help",
  "loyalty",
  "shipped",
  "out_for_delivery",
  "delivered",
  "delayed",
  "exception",
  "survey_invitation",
  "review_invitation",
  "reorder",
  "upsell",
  "replenishment",
  // Proactive delay notices, raised and withdrawn by the delay sweep (services/delay-sweep.ts).
  "fulfillment_delayed",
  "stalled",
  "late",
  "arriving_soon",
] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

/** Events a store can subscribe a webhook endpoint to: feedback, and one type per moment kind. */
export const OUTBOUND_EVENT_TYPES = [
  "survey.submitted",
  "survey.detractor",
  // Each answer to any survey question (issue 25): {orderId, customerId, placement, version, questionId, questionType, value}.
  "survey.answered",
  "review.created",
  ...MOMENT_KINDS.map((kind) => `moment.${kind}` as const),
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

/** A delivery not delivered: `retrying` has another attempt scheduled, `failed` has none left. */
export const DELIVERY_PROBLEMS = ["failed", "retrying"] as const;
export type DeliveryProblemState = (typeof DELIVERY_PROBLEMS)[number];

/** One delivery that failed for good or is being retried, with its last attempt. */
export interface DeliveryProblem {
  /** `klaviyo`, or the webhook endpoint's id. */
  destination: string;
  /** A webhook endpoint's URL host (never the whole URL); null for Klaviyo or a removed endpoint. */
  host: string | null;
  eventId: string;
  eventType: string;
  /** The order the event is about, when its payload names one. */
  orderId: string | null;
  state: DeliveryProblemState;
  attempts: number;
  lastAttempt: {
    at: string;
    /** The HTTP status answered, or null when there was no answer. */
    status: number | null;
    /** What went wrong, as recorded: `HTTP 401: authentication_failed: …`, `TimeoutError: …`. */
    error: string | null;
  };
  /** When it is tried again (retrying only). */
  nextAttemptAt: string | null;
}

/** Deliveries to one destination whose last attempt falls in the window, by how they ended. */
export interface DestinationCounts {
  destination: string;
  host: string | null;
  delivered: number;
  retrying: number;
  failed: number;
  /** Stopped before delivery because the shopper withdrew marketing consent: not a failure. */
  cancelled: number;
}

/** `GET /v1/admin/deliveries?status=&limit=`: newest last attempt first. */
export interface DeliveriesAnswer {
  /** The start of the window: 7 days before the answer. */
  since: string;
  counts: DestinationCounts[];
  deliveries: DeliveryProblem[];
}
