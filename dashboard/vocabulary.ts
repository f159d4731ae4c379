/**
 * The worker's values that several screens show, in the merchant's words (words/vocabulary.ts):
 * lifecycle moments and what became of them, parcels' statuses, the events sent to the store's tools.
 * A value the dashboard does not know (a newer worker's) reads as sent, underscores as spaces (words.ts
 * valueWords).
 */
import type { MomentKind, OutboundEventType } from "../contract/outbound.ts";
import type { ShipmentStatus } from "../contract/vocabularies.ts";
import { valueWords, wordsOf } from "./words.ts";
import { vocabularyWords } from "./words/vocabulary.ts";

const say = wordsOf(vocabularyWords);

/** A lifecycle moment's kind: "Order confirmed", "Restock reminder". */
export const momentInWords = valueWords(vocabularyWords, {
  order_confirmed: "momentOrderConfirmed",
  usage_tips: "momentUsageTips",
  returns_help: "momentReturnsHelp",
  loyalty: "momentLoyalty",
  shipped: "momentShipped",
  out_for_delivery: "momentOutForDelivery",
  delivered: "momentDelivered",
  delayed: "momentDelayed",
  exception: "momentException",
  survey_invitation: "momentSurveyInvitation",
  review_invitation: "momentReviewInvitation",
  reorder: "momentReorder",
  upsell: "momentUpsell",
  replenishment: "momentReplenishment",
  fulfillment_delayed: "momentFulfillmentDelayed",
  stalled: "momentStalled",
  late: "momentLate",
  arriving_soon: "momentArrivingSoon",
  status_link: "momentStatusLink",
} satisfies Record<MomentKind, keyof typeof vocabularyWords>);

/** Where a lifecycle moment stands (worker/migrations/0007_lifecycle.sql): scheduled, sent, suppressed or withdrawn. */
export const momentStatusInWords = valueWords(vocabularyWords, {
  scheduled: "momentStatusScheduled",
  sent: "momentStatusSent",
  suppressed: "momentStatusSuppressed",
  withdrawn: "momentStatusWithdrawn",
});

/**
 * Why a moment was not sent (worker/domain/lifecycle/schedule.ts Suppression), was withdrawn as moot
 * (storage/lifecycle.ts), or was past already when a platform's order was imported (storage/platform-orders.ts).
 */
export const momentReasonInWords = valueWords(vocabularyWords, {
  holdout: "momentReasonHoldout",
  opted_out: "momentReasonOptedOut",
  no_marketing_consent: "momentReasonNoMarketingConsent",
  erased: "momentReasonErased",
  reordered: "momentReasonReordered",
  no_longer_due: "momentReasonNoLongerDue",
  backfill: "momentReasonBackfill",
});

/** A moment's status, with why when it was not sent: "Not sent: no marketing consent". */
export const momentOutcomeInWords = (m: { status: string; reason: string | null }): string =>
  m.reason
    ? say("momentOutcome", { status: momentStatusInWords(m.status), reason: momentReasonInWords(m.reason) })
    : momentStatusInWords(m.status);

/** A parcel's status, as read after its tracking number: "in transit". */
export const shipmentStatusInWords = valueWords(vocabularyWords, {
  ordered: "shipmentOrdered",
  packed: "shipmentPacked",
  in_transit: "shipmentInTransit",
  out_for_delivery: "shipmentOutForDelivery",
  delivered: "shipmentDelivered",
  exception: "shipmentException",
  returned: "shipmentReturned",
} satisfies Record<ShipmentStatus, keyof typeof vocabularyWords>);

type FeedbackEvent = Exclude<OutboundEventType, `moment.${string}`>;

/** The events that are not a moment's: answers and reviews. */
export const feedbackEventInWords = valueWords(vocabularyWords, {
  "survey.submitted": "eventSurveySubmitted",
  "survey.detractor": "eventSurveyDetractor",
  "survey.answered": "eventSurveyAnswered",
  "review.created": "eventReviewCreated",
} satisfies Record<FeedbackEvent, keyof typeof vocabularyWords>);

/**
 * An event sent to the store's tools: "Unhappy survey answer"; `moment.order_confirmed` is its moment's,
 * "Order confirmed". One the dashboard does not know reads as its words: `moment.back_in_stock`, "Back in stock".
 */
export function eventInWords(type: string): string {
  const moment = type.startsWith("moment.") ? type.slice("moment.".length) : undefined;
  if (moment !== undefined && momentInWords.knows(moment)) return momentInWords(moment);
  if (feedbackEventInWords.knows(type)) return feedbackEventInWords(type);
  const words = (moment ?? type).replace(/[._]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
