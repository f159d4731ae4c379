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
  "review.created",
  ...MOMENT_KINDS.map((kind) => `moment.${kind}` as const),
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];
