/**
 * Values the worker sends that more than one screen shows (dashboard/vocabulary.ts): lifecycle moments
 * and what became of them, a parcel's status, the events sent to the store's tools. Values one screen
 * alone shows are worded in that screen's catalogue.
 */
export const vocabularyWords = {
  // Lifecycle moments (contract/outbound.ts MOMENT_KINDS), as a table's row or an event's name.
  momentOrderConfirmed: "Order confirmed",
  momentUsageTips: "Usage tips",
  momentReturnsHelp: "Help with returns",
  momentLoyalty: "Loyalty",
  momentShipped: "Shipped",
  momentOutForDelivery: "Out for delivery",
  momentDelivered: "Delivered",
  momentDelayed: "Delayed",
  momentException: "Delivery exception",
  momentSurveyInvitation: "Survey invitation",
  momentReviewInvitation: "Review invitation",
  momentReorder: "Reorder reminder",
  momentUpsell: "Upsell",
  momentReplenishment: "Restock reminder",
  momentFulfillmentDelayed: "Not shipped in time",
  momentStalled: "Stalled in transit",
  momentLate: "Late",
  momentArrivingSoon: "Arriving soon",
  momentStatusLink: "Status link sent again",

  // Where a lifecycle moment stands (contract/admin.ts OrderMoment.status), in a table's cell.
  momentStatusScheduled: "Scheduled",
  momentStatusSent: "Sent",
  momentStatusSuppressed: "Not sent",
  momentStatusWithdrawn: "Withdrawn",
  // Why it was not sent (OrderMoment.reason), after its status: "Not sent: no marketing consent".
  momentReasonHoldout: "held back (holdout)",
  momentReasonOptedOut: "the shopper chose no updates",
  momentReasonNoMarketingConsent: "no marketing consent",
  momentReasonErased: "the customer's data was erased",
  momentReasonReordered: "already bought again",
  momentReasonNoLongerDue: "no longer due",
  momentReasonBackfill: "already past when the order was imported",
  momentOutcome: "{status}: {reason}",

  // A parcel's status (contract/vocabularies.ts SHIPMENT_STATUSES), after its tracking number: "DHL JD0001: in transit".
  shipmentOrdered: "ordered",
  shipmentPacked: "packed",
  shipmentInTransit: "in transit",
  shipmentOutForDelivery: "out for delivery",
  shipmentDelivered: "delivered",
  shipmentException: "delivery exception",
  shipmentReturned: "returned",

  // Events sent to the store's tools (contract/outbound.ts OUTBOUND_EVENT_TYPES) besides the moments' own.
  eventSurveySubmitted: "Survey answered",
  eventSurveyDetractor: "Unhappy survey answer",
  eventSurveyAnswered: "Survey question answered",
  eventReviewCreated: "Review written",
};
