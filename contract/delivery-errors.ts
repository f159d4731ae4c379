/**
 * Why a message to a store's tool (its Klaviyo account, a webhook endpoint) was not delivered, as the
 * worker records it and `GET /v1/admin/deliveries` answers it in `error`: free text, but each of these
 * begins the same way every time. The dashboard says each in the merchant's words by that beginning
 * (dashboard/deliveries.tsx), so the worker writes them from here and never spells one itself: a
 * reworded reason cannot silently fall out of the merchant's language. What a remote answered
 * (`HTTP <status>…`) and what the runtime threw (`TimeoutError: …`) come on top of these.
 */
export const DELIVERY_ERRORS = {
  /** The shopper withdrew marketing consent while the message waited. */
  consentWithdrawn: "cancelled: marketing consent withdrawn",
  klaviyoDisconnected: "Klaviyo is not connected",
  customerErased: "the customer was erased",
  /** A webhook endpoint (or the event) was removed while the message waited. */
  endpointGone: "endpoint or event no longer exists",
  /** The event was removed while a Klaviyo message waited. */
  eventGone: "event no longer exists",
  /** Followed by `: <why>` (domain/webhook-target.ts). */
  addressRefused: "endpoint URL refused",
  noProfile: "no email, phone or customer id to name the Klaviyo profile",
  /** Followed by ` <event type>`. */
  noMetric: "no Klaviyo metric for",
} as const;
