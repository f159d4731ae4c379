/**
 * The words the worker, the widget and the dashboard share (docs/contract.md), each list once, as a
 * value (for zod's `z.enum` in the worker and for the widget's choices) and as the type it spells.
 */

/** A parcel only moves forward along these (contract §4). */
export const MILESTONES = ["ordered", "packed", "in_transit", "out_for_delivery", "delivered"] as const;
export type Milestone = (typeof MILESTONES)[number];

/** The milestones, and the two detours that can happen anywhere on the line. */
export const SHIPMENT_STATUSES = [...MILESTONES, "exception", "returned"] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** What went wrong, so the shopper can be told what happens next instead of just "exception". */
export const EXCEPTION_KINDS = ["attempt_failed", "address", "held", "damaged_or_lost", "refused", "other"] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** Why a parcel (or the order) is later than promised. */
export const DELAY_REASONS = ["exception", "carrier_delay", "revised_estimate", "late"] as const;
export type DelayReason = (typeof DELAY_REASONS)[number];

/** Where a delivery window comes from: the store's promise, the merchant's per parcel, or a carrier's estimate. */
export const WINDOW_SOURCES = ["store_promise", "merchant", "carrier"] as const;
export type WindowSource = (typeof WINDOW_SOURCES)[number];

/** How a shopper asked to hear about their order. */
export const UPDATE_CHANNELS = ["email", "sms", "none"] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

/** The channels marketing consent is given for, each on its own (CAN-SPAM and GDPR for email, TCPA for texts). */
export const MARKETING_CHANNELS = ["email", "sms"] as const;
export type MarketingChannel = (typeof MARKETING_CHANNELS)[number];

/**
 * Where a shopper stands on marketing by one channel: only `granted` lets a marketing message go out.
 * `pending` is a double opt-in not yet confirmed; `denied` never given; `withdrawn` given, then taken back.
 */
export const CONSENT_STATES = ["granted", "pending", "denied", "withdrawn"] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** The confirmation page's one question: how checkout felt. */
export const CHECKOUT_FEELS = ["easy", "okay", "hard"] as const;
export type CheckoutFeel = (typeof CHECKOUT_FEELS)[number];

/** The survey's second question: what stood out or slowed the shopper down. */
export const STANDOUTS = ["delivery_speed", "packaging", "product_quality", "price", "support", "website", "other"] as const;
export type Standout = (typeof STANDOUTS)[number];

/** The survey's third question: what the shopper would like next. */
export const WANTS = ["tip", "promotion", "demo", "none"] as const;
export type Want = (typeof WANTS)[number];

/** What the feedback window opens from: the delivery, or the fallback when no carrier reports one. */
export const FEEDBACK_BASES = ["delivered", "fallback"] as const;
export type FeedbackBasis = (typeof FEEDBACK_BASES)[number];

/** A survey answer's sentiment, and the one next step that fits it. */
export const SENTIMENTS = ["positive", "neutral", "negative"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];
export const NEXT_ACTIONS = ["cross_sell", "education", "light_incentive", "remediation"] as const;
export type NextAction = (typeof NEXT_ACTIONS)[number];

/** Why an offer is made (worker/domain/offers/recommend.ts says when each applies). */
export const OFFER_KINDS = ["cross_sell", "upsell", "reorder", "replenishment", "education", "support"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/** The widget's views that show offers (`data-placement`, `GET /v1/o/{token}/offers?placement=`). */
/** `GET /v1/o/{token}?view=`: a view's part of the order instead of all of it (issue 22; contract/order-view.ts). */
export const ORDER_VIEW_SHAPES = ["survey", "confirmation", "tracking"] as const;

export const WIDGET_PLACEMENTS = ["confirmation", "tracking", "survey"] as const;
export type WidgetPlacement = (typeof WIDGET_PLACEMENTS)[number];
/** Where offers are shown: the widget's three views, and the lifecycle messages merchants' tools send. */
export const PLACEMENTS = [...WIDGET_PLACEMENTS, "email"] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** The holdout arm sees no offers, so the treatment arm's behaviour measures what offers add. */
export const ARMS = ["treatment", "holdout"] as const;
export type Arm = (typeof ARMS)[number];

/** Which detractor alerts the dashboard lists: those still open, those handled, or both. */
export const ALERT_STATUSES = ["open", "resolved", "all"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** "light": the brand's colours always; "auto": the dark palette for shoppers whose device prefers it. */
export const COLOR_SCHEMES = ["light", "auto"] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

/** Delays Doorstep notices before the shopper asks (the delay sweep), each a lifecycle moment too. */
export const NOTICE_KINDS = ["fulfillment_delayed", "stalled", "late", "arriving_soon"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Why a merchant says a parcel is delayed (a shipment event with status "delayed"). */
export const DELAY_REASON_CODES = ["weather", "carrier", "customs", "address", "other"] as const;
export type DelayReasonCode = (typeof DELAY_REASON_CODES)[number];

/** Why a parcel is listed as at risk (GET /v1/admin/parcels). */
export const PARCEL_RISKS = ["stalled", "late", "exception", "unregistered"] as const;
export type ParcelRisk = (typeof PARCEL_RISKS)[number];

/**
 * What an API key may do (issue 26). Each merchant operation needs one (worker/openapi/operations.ts
 * names it); the store's own key and an owner's dashboard session hold every scope.
 */
export const SCOPES = ["orders:write", "catalog:write", "admin:read", "settings:write", "customers:erase", "webhooks:write"] as const;
export type Scope = (typeof SCOPES)[number];

/** Who a dashboard sign-in link is for: each role holds a set of scopes (worker/domain/access.ts). */
export const ROLES = ["owner", "analyst", "support"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Where a review stands (issue 24): published unless its text breaks a stated policy, never held back
 * for its rating (FTC 16 CFR 465.7). `pending` waits for the merchant; `rejected` was refused for a reason.
 */
export const REVIEW_STATUSES = ["published", "pending", "rejected"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * The only reasons a review is held or rejected: personal data in the text (an email address or a phone
 * number), offensive words, a link, or spam. Rating is never one.
 */
export const MODERATION_REASONS = ["personal_data", "offensive", "link", "spam"] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];

/** How a shopper signs a review: first name and initial (the default), or anonymous. */
export const REVIEW_AUTHOR_CHOICES = ["name", "anonymous"] as const;
export type ReviewAuthorChoice = (typeof REVIEW_AUTHOR_CHOICES)[number];

/** The public list's orders: newest first, highest or lowest rating first, or those with photos first. */
export const REVIEW_SORTS = ["newest", "highest", "lowest", "photos"] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];
