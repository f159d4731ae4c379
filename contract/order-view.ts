/**
 * `GET /v1/o/{token}`: the order as its shopper may see it, which the confirmation, tracking, survey
 * and review views draw. Dates are calendar dates (YYYY-MM-DD) or UTC ISO 8601 instants, money is in
 * minor units of the order's currency.
 */
import type {
  CheckoutFeel,
  DelayReason,
  ExceptionKind,
  FeedbackBasis,
  Milestone,
  ShipmentStatus,
  UpdateChannel,
  Want,
  WindowSource,
  NoticeKind,
  DelayReasonCode,
  ModerationReason,
  ReviewAuthorChoice,
  ReviewStatus,
} from "./vocabularies.ts";
import type { OffersAnswer } from "./offers.ts";
import type { StorePublicConfig } from "./store-config.ts";
import type { QuestionType, SurveyShown } from "./surveys.ts";

export interface OrderLineView {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  imageUrl?: string;
  url?: string;
}

export interface DeliveryWindow {
  /** Calendar dates (YYYY-MM-DD) in the store's promise; the shopper's locale formats them. */
  from: string;
  to: string;
  source: WindowSource;
}

/** One thing a carrier (or the merchant) said about a parcel. */
export interface TrackingUpdateView {
  /** null: news without a milestone ("label created at origin", "pending"). */
  status: ShipmentStatus | null;
  /** UTC ISO 8601; the widget shows it in the shopper's time zone. */
  at: string;
  location?: string;
  description?: string;
}

export interface ShipmentView {
  id: string;
  carrier: { name: string; trackingNumber: string; url?: string };
  status: ShipmentStatus;
  milestones: { status: Milestone; reached: boolean; at?: string }[];
  exception?: { kind: ExceptionKind; at: string };
  delayed: boolean;
  delayReason?: DelayReason;
  window: DeliveryWindow;
  deliveredAt?: string;
  latest?: TrackingUpdateView;
  /** Newest first, at most 30. */
  history: TrackingUpdateView[];
  /** Which of the order's items are in this parcel. */
  lines: { sku: string; name: string; quantity: number; imageUrl?: string }[];
}

/** The shopper's survey answers so far. */
export interface SurveyView {
  rating: number;
  standout?: { choice: string; text?: string };
  wants?: Want;
  comment?: string;
  stepsAnswered: number;
  completed: boolean;
  editableUntil?: string;
}

export interface ReviewView {
  sku: string;
  rating: number;
  title?: string;
  body?: string;
  /** New in 2026-12 (issue 24): published, or waiting for the merchant (pending) or refused (rejected) for a policy reason. */
  status: ReviewStatus;
  /** Why it is pending or rejected: personal data, offensive words, a link, or spam. Never the rating. */
  moderationReason?: ModerationReason;
  /** How it is signed in public: first name and initial, or anonymous. */
  author: ReviewAuthorChoice;
  /** Its photos (at most three), served at /v1/photos/{key} while the review is published. */
  photos: { key: string; width?: number; height?: number }[];
}

/**
 * A delay Doorstep noticed before the shopper had to ask, or one the merchant reported (`delayed`),
 * for the banner that says what happens next.
 */
export interface NoticeView {
  kind: NoticeKind | "delayed";
  /** The parcel it is about; absent for the order as a whole (fulfillment_delayed). */
  parcelId?: string;
  /** When the condition began (UTC). */
  since: string;
  /** When the parcel is expected now (stalled, late, arriving_soon, delayed): calendar dates. */
  expected?: { from: string; to: string };
  /** The last scan (stalled). */
  lastScanAt?: string;
  /** Out for delivery now, rather than due by an estimate (arriving_soon). */
  outForDelivery?: boolean;
  reason?: DelayReasonCode;
}

export interface OrderView {
  storeId: string;
  order: {
    number: string;
    placedAt: string;
    currency: string;
    locale?: string;
    lines: OrderLineView[];
    subtotal: number;
    fees: { label: string; amount: number }[];
    discounts: { label: string; amount: number }[];
    total: number;
    checkoutFeel?: CheckoutFeel;
  };
  /** The window for everything still on its way (all parcels together). */
  delivery: DeliveryWindow & {
    /** The merchant's own words on what happens if delivery slips; the widget has a default. */
    ifLate?: string;
  };
  /** Any parcel (or the unshipped order) is later than promised, held up, or in trouble. */
  delayed: boolean;
  /** Delays noticed now (late, stalled, not shipped yet, arriving soon, reported by the merchant). */
  notices: NoticeView[];
  returns: {
    /** 0 when the store takes no returns. */
    days: number;
    /** Last day (YYYY-MM-DD) a return can be started, counted from the latest expected delivery. */
    until?: string;
    url?: string;
    summary?: string;
  };
  /** Empty until the merchant registers the first parcel. */
  shipments: ShipmentView[];
  /** The survey and review invitations: when they open, and what the shopper already answered. */
  feedback: {
    opensAt: string;
    basis: FeedbackBasis;
    open: boolean;
    survey: SurveyView | null;
    reviews: ReviewView[];
  };
  /** How the shopper asked to hear about this order; the contact is masked. */
  updates: { channel: UpdateChannel; contactHint?: string } | null;
  /** Whether the shopper's marketing consent is granted, per channel: kept apart from `updates`. */
  marketing: { email: boolean; sms: boolean };
  links: { status: string; returns?: string };
  /**
   * The order's store as `GET /v1/stores/{storeId}/config` answers it: a view reads everything it draws
   * (branding, contacts, wording) in this one answer, without a second request for the store.
   */
  store: StorePublicConfig;
  /**
   * With `?offers=<placement>`: that placement's offers, as `GET /v1/o/{token}/offers` answers them (the
   * confirmation and tracking views draw both, from this one answer). Absent otherwise.
   */
  offers?: OffersAnswer;
  /**
   * New in 2026-12 (issue 25): the store's surveys as this order's shopper sees them, with their answers
   * so far; a placement is absent when its survey is off or not for this order's audience (first or
   * repeat order). Always sent by the worker; optional so views written before it still compile.
   */
  surveys?: { confirmation?: SurveyShown; post_delivery?: SurveyShown };
}

/**
 * A built-in survey's question without its wording (`text: null`, options too): the widget's
 * catalogues have the built-in survey's words in every language it speaks.
 */
export interface UnwordedQuestion {
  id: string;
  type: QuestionType;
  text: null;
  optional: boolean;
  options?: { id: string; text: null }[];
  other?: boolean;
  randomize?: boolean;
}

/** The built-in survey (version 0) as the survey view's answer carries it: its questions unworded. */
export interface UnwordedSurvey extends Omit<SurveyShown, "builtIn" | "questions"> {
  builtIn: true;
  questions: UnwordedQuestion[];
}

/**
 * New in 2026-12 (issue 22): `GET /v1/o/{token}?view=survey`, the part of the order the survey view
 * (and the review form after it, or alone in the review view) reads, and nothing else: the order's number, locale, money total and
 * items' names; each parcel's status and items (which items can be reviewed); the shopper's survey
 * answers and reviews; the store's branding, contacts, wording and analytics; the post-delivery survey,
 * unworded when it is the built-in one.
 */
export interface SurveyOrderView {
  order: Pick<OrderView["order"], "number" | "currency" | "locale" | "total"> & { lines: Pick<OrderLineView, "sku" | "name">[] };
  shipments: (Pick<ShipmentView, "status"> & { lines: { sku: string }[] })[];
  feedback: Pick<OrderView["feedback"], "survey" | "reviews">;
  store: Omit<StorePublicConfig, "id" | "returnPolicy" | "locales">;
  /** Always sent; optional so that a whole view (`OrderView`) is one too: the survey view draws either. */
  surveys?: { post_delivery?: SurveyShown | UnwordedSurvey };
}

/**
 * New in 2026-12 (issue 22): `GET /v1/o/{token}?view=confirmation`, the part of the order the thank-you
 * page's confirmation view reads: the order, its delivery window, returns, links and store, and the
 * thank-you page's own survey; not the parcels' tracking, the post-delivery survey, the shopper's
 * feedback or update choices, which that page never draws. With `?offers=confirmation`, its offers.
 */
export interface ConfirmationOrderView
  extends Pick<OrderView, "storeId" | "order" | "delivery" | "returns" | "links" | "store" | "offers"> {
  /** Always sent; optional so that a whole view (`OrderView`) is one too. */
  surveys?: { confirmation?: SurveyShown };
}

/**
 * What every answer of `GET /v1/o/{token}` carries, the whole view or a view's part: what each view's
 * session (store, locale) and the survey questions (number, money, surveys) read of it.
 */
export interface OrderViewCore {
  order: Pick<OrderView["order"], "number" | "currency" | "locale" | "total">;
  store: Omit<StorePublicConfig, "id" | "returnPolicy" | "locales">;
  surveys?: { confirmation?: SurveyShown; post_delivery?: SurveyShown | UnwordedSurvey };
}

/**
 * New in 2026-12 (issue 22): `GET /v1/o/{token}?view=tracking`, the part of the order the tracking view
 * (and its refreshes) reads: the whole view but the thank-you page's survey, with the built-in
 * post-delivery survey unworded as in `SurveyOrderView` (the widget draws its words from its catalogues).
 */
export interface TrackingOrderView extends Omit<OrderView, "surveys"> {
  /** Always sent; optional so that a whole view (`OrderView`) is one too. */
  surveys?: { post_delivery?: SurveyShown | UnwordedSurvey };
}
