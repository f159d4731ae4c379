/**
 * What the merchant dashboard reads from the admin API (`/v1/admin/…`, with a session or API key).
 * Rates are `null`, not a made-up 0, when nothing was counted; money is in minor units.
 */
import type { QuestionType, SurveyAnswerValue, SurveyPlacement } from "./surveys.ts";
import type { AlertStatus, ColorScheme, Role } from "./vocabularies.ts";

/** `POST /v1/admin/session`: a one-time login code traded for a session. */
export interface DashboardSession {
  /** `dss_…`: sent as `Authorization: Bearer` on the admin routes. */
  token: string;
  storeId: string;
  expiresAt: string;
  /** What the session may do, as its login link said (`GET /v1/admin/session` lists the scopes). */
  role: Role;
  /** Who the link was made for, in the words of whoever made it; null when not said. */
  person: string | null;
}

export interface ArmSummary {
  customers: number;
  repeatRate: number;
  conversionRate: number;
  revenuePerCustomer: number;
}

/** Treatment minus holdout, with its 95% confidence interval. */
export interface Difference {
  difference: number;
  low: number;
  high: number;
}

/** What offers add, measured against the holdout arm. */
export interface LiftReport {
  treatment: ArmSummary;
  holdout: ArmSummary;
  repeatRate: Difference;
  conversionRate: Difference;
  revenuePerCustomer: Difference;
}

export interface SurveyScores {
  responses: number;
  average: number | null;
  /** Share of answers rating 4 or 5. */
  csat: number | null;
  /** That share minus the share rating 1 or 2, in points from −100 to 100. */
  npsStyle: number | null;
}

export interface OfferFigures {
  impressions: number;
  clicks: number;
  conversions: number;
  revenue: number;
  clickThrough: number | null;
  conversion: number | null;
}

/** One lifecycle moment kind settled in the range. */
export interface MomentFigures {
  kind: string;
  sent: number;
  /** Held back: holdout arm. */
  holdout: number;
  /** Not sent: opted out, erased, or moot. */
  suppressed: number;
  withdrawn: number;
  /** Visits through the moment's link. */
  clicks: number;
  /** Orders within 7 days of such a visit. */
  conversions: number;
}

export interface DailyFigures extends SurveyScores {
  day: string;
  orders: number;
  confirmationViews: number;
  trackingViews: number;
  surveyShown: number;
  surveyResponses: number;
  surveyCompleted: number;
  reviews: number;
  reviewAverage: number | null;
  offerImpressions: number;
  offerClicks: number;
  offerConversions: number;
  clickThrough: number | null;
}

/** `GET /v1/admin/metrics?from=&to=` */
export interface AdminMetrics {
  from: string;
  to: string;
  pageViews: { confirmation: number; tracking: number };
  tracking: { orders: number; visitsPerOrder: number | null };
  orders: { count: number; customers: number; repeatPurchaseRate: number | null };
  survey: SurveyScores & {
    funnel: { shown: number; started: number; secondStep: number; completed: number };
    responseRate: number | null;
    completionRate: number | null;
    ratings: Record<"1" | "2" | "3" | "4" | "5", number>;
    /** New in 2026-12 (issue 25): the real 0–10 NPS, present when a survey's NPS question was answered in the range. */
    nps?: NpsScore;
  };
  reviews: { count: number; average: number | null };
  offers: OfferFigures & {
    holdoutDecisions: number;
    bySegment: (OfferFigures & { segment: string })[];
    byPlacement: (OfferFigures & { placement: string })[];
  };
  lift: LiftReport & { attributionDays: number; holdoutShare: number };
  alertsOpen: number;
  /** Lifecycle moments settled in the range, per kind. */
  moments: MomentFigures[];
  /** Every day of the range, zeros included. */
  daily: DailyFigures[];
}

/** The real Net Promoter Score over 0–10 answers: 9–10 promoters, 7–8 passives, 0–6 detractors. */
export interface NpsScore {
  /** Promoters' share minus detractors', −100 to 100 (whole points); null without responses. */
  score: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  responses: number;
}

/** One survey response, as exported (`GET /v1/admin/survey-responses`). */
export interface SurveyExportRow {
  orderId: string;
  customerId: string;
  createdAt: string;
  /** Null when a merchant's survey drove the signal with an NPS question (then `nps`; issue 25). */
  rating: number | null;
  /** New in 2026-12 (issue 25): the 0–10 score of the NPS question that drove the signal. */
  nps: number | null;
  /** New in 2026-12 (issue 25): the order's total in minor units of `currency`. */
  orderTotal: number;
  currency: string;
  /** New in 2026-12 (issue 25): the order was the customer's first in the store (by placed time). */
  firstOrder: boolean;
  standout: string | null;
  standoutText: string | null;
  wants: string | null;
  comment: string | null;
  sentiment: string;
  nextAction: string;
  stepsAnswered: number;
  completedAt: string | null;
  callbackPhone: string | null;
  callbackTime: string | null;
  alertResolvedAt: string | null;
}

/** One review, as exported (`GET /v1/admin/reviews`). */
export interface ReviewExportRow {
  orderId: string;
  sku: string;
  customerId: string;
  rating: number;
  title: string | null;
  body: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A detractor's answers with how to reach them. */
export interface Alert extends SurveyExportRow {
  email: string | null;
  phone: string | null;
}

/** `GET /v1/admin/alerts?status=`: newest first, at most 500. */
export interface AlertsAnswer {
  status: AlertStatus;
  alerts: Alert[];
}

/** One lifecycle moment of an order, and each delivery attempt of its webhook once sent. */
export interface OrderMoment {
  kind: string;
  /** A parcel id, a product family, or empty. */
  ref: string;
  dueAt: string;
  /** Marketing: sent only with marketing consent, held back from the holdout arm. */
  marketing: boolean;
  /** The order's first moment of this kind. */
  first: boolean;
  /** scheduled, sent, suppressed or withdrawn. */
  status: string;
  /** Why not sent: holdout, opted_out, no_marketing_consent, erased, reordered, no_longer_due. */
  reason: string | null;
  decidedAt: string | null;
  /** The outbound event (Doorstep-Event-Id) once sent. */
  eventId: string | null;
  /** What it went out under: the delivery-update choice or marketing consent, and by which channel. */
  sentUnder: { basis: "updates" | "marketing"; channel: "email" | "sms" } | null;
  attempts: { endpointId: string; number: number; status: number | null; error: string | null; at: string }[];
}

/** `GET /v1/admin/orders/{orderId}/moments` */
export interface OrderMomentsAnswer {
  orderId: string;
  moments: OrderMoment[];
}

/** A brand colour shoppers are served changed, so it reads on what it is drawn on (WCAG AA). */
export interface BrandingAdjustment {
  color: "textColor" | "onPrimaryColor" | "primaryColor";
  /** Which palette: the brand's own, or the one for shoppers who prefer dark (`branding.dark`). */
  scheme: "light" | "dark";
  from: string;
  to: string;
  against: "backgroundColor" | "primaryColor";
  /** The given colour's contrast with what it is drawn on, and the served colour's (both to 2 places). */
  ratio: number;
  servedRatio: number;
}

/** `GET /v1/admin/branding`: none when every colour reads as given. */
export interface BrandingAnswer {
  colorScheme: ColorScheme;
  adjustments: BrandingAdjustment[];
}

/** One order as stored (GET /v1/admin/orders/{id or number}), for the dashboard's order panel. */
export interface StoredOrder {
  id: string;
  number: string;
  currency: string;
  total: number;
  source: "api" | "shopify" | "woocommerce";
  cancelledAt: string | null;
  statusUrl: string | null;
  customer: { id: string; email: string | null; erased: boolean };
  shipments: {
    id: string;
    carrier: string;
    trackingNumber: string;
    status: string;
    delayed: boolean;
    registrations: { provider: string; status: "pending" | "registered" | "failed"; attempts: number; lastError: string | null }[];
  }[];
  /** New in 2026-12 (issue 26): what the shopper said about this order. */
  feedback: {
    survey: {
      rating: number;
      comment: string | null;
      sentiment: string;
      stepsAnswered: number;
      completedAt: string | null;
      createdAt: string;
    } | null;
    reviews: { sku: string; rating: number; title: string | null; body: string | null; status: string; moderationReason: string | null }[];
  };
}

/** A customer as stored (GDPR art. 15 export). */
export interface ExportedCustomer {
  id: string;
  email: string | null;
  phone: string | null;
  /** New in 2026-12 (issue 24): the names a published review is signed with (first name and initial). */
  firstName: string | null;
  lastName: string | null;
  /** When their personal data was erased (then email, phone and names are null); null if never. */
  erasedAt: string | null;
  createdAt: string;
}

/** One scan of a parcel, as Doorstep keeps it (the vendor's raw payload is not part of the export). */
export interface ExportedScan {
  id: string;
  /** merchant, easypost or aftership. */
  source: string;
  /** The milestone reached, or null when the carrier spoke without reaching one. */
  status: string | null;
  vendorStatus: string | null;
  exceptionKind: string | null;
  delayReason: string | null;
  occurredAt: string;
  location: string | null;
  description: string | null;
  receivedAt: string;
}

export interface ExportedParcel {
  id: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  promisedFrom: string | null;
  promisedTo: string | null;
  /** The carrier's latest delivery estimate. */
  estimate: { from: string; to: string; reportedAt: string } | null;
  lines: { sku: string; quantity: number }[];
  scans: ExportedScan[];
  createdAt: string;
}

export interface ExportedOrder {
  id: string;
  /** What the shopper sees: the platform's number (#1071), else the id. */
  number: string;
  customerId: string;
  /** api, shopify or woocommerce. */
  source: string;
  placedAt: string;
  currency: string;
  locale: string | null;
  subtotal: number;
  total: number;
  cancelledAt: string | null;
  /** The shopper's answer to "how was checkout?" (easy, okay, hard), and when. */
  checkoutFeel: string | null;
  checkoutFeelAt: string | null;
  lines: {
    sku: string;
    name: string;
    family: string | null;
    quantity: number;
    unitPrice: number;
    imageUrl: string | null;
    url: string | null;
  }[];
  fees: { label: string; amount: number }[];
  discounts: { label: string; amount: number }[];
  parcels: ExportedParcel[];
  /**
   * The order's shopper links, each when issued and when revoked (null: still opens the order). The
   * links themselves are credentials and are never part of an export.
   */
  links: { issuedAt: string; revokedAt: string | null }[];
  /** Delay notices raised about the order (`parcelId` null: the order as a whole). */
  notices: { kind: string; parcelId: string | null; since: string; raisedAt: string; withdrawnAt: string | null }[];
  createdAt: string;
  updatedAt: string;
}

/**
 * Everything Doorstep holds about a customer and their orders, as `GET /v1/admin/customers/{id}/export`
 * answers it and as each data request (`GET /v1/admin/data-requests`) carries it.
 */
export interface CustomerExport {
  customers: ExportedCustomer[];
  orders: ExportedOrder[];
  /** How the shopper asked to hear about each order, and when they chose (their consent). */
  updatePreferences: { orderId: string; channel: string; contact: string | null; consentAt: string }[];
  /** Marketing consent per customer and channel as it holds now: granted, pending, denied or withdrawn, when, and who said so. */
  marketingConsents: { customerId: string; channel: string; state: string; at: string; source: string; updatedAt: string }[];
  /** Every change of consent, delivery updates and marketing alike, oldest first. */
  consentChanges: {
    customerId: string;
    orderId: string | null;
    /** updates or marketing. */
    purpose: string;
    channel: string;
    state: string;
    at: string;
    source: string;
    recordedAt: string;
  }[];
  surveyResponses: {
    orderId: string;
    /** Null when a merchant's NPS question drove the signal (then `nps`; issue 25). */
    rating: number | null;
    nps: number | null;
    standoutChoice: string | null;
    standoutText: string | null;
    wants: string | null;
    comment: string | null;
    callbackPhone: string | null;
    callbackTime: string | null;
    /** Derived from the answers: positive, neutral or negative, and what the store does next. */
    sentiment: string;
    nextAction: string;
    stepsAnswered: number;
    completedAt: string | null;
    alertResolvedAt: string | null;
    createdAt: string;
    updatedAt: string;
  }[];
  /** New in 2026-12 (issue 25): every answer to every survey question, as given. */
  surveyAnswers: {
    orderId: string;
    placement: SurveyPlacement;
    version: number;
    questionId: string;
    questionType: QuestionType;
    value: SurveyAnswerValue;
    createdAt: string;
    updatedAt: string;
  }[];
  reviews: {
    orderId: string;
    sku: string;
    rating: number;
    title: string | null;
    body: string | null;
    /** New in 2026-12 (issue 24): published, pending or rejected, and the stated reason. */
    status: string;
    moderationReason: string | null;
    /** How it is signed in public: name (first name and initial) or anonymous. */
    author: string;
    /** The store's public reply. */
    reply: string | null;
    /** Its photos' keys (served at /v1/photos/{key} while published). */
    photos: string[];
    createdAt: string;
    updatedAt: string;
  }[];
  /** Lifecycle moments: scheduled, sent, suppressed (and why) or withdrawn. */
  moments: {
    orderId: string;
    kind: string;
    ref: string;
    dueAt: string;
    marketing: boolean;
    status: string;
    reason: string | null;
    decidedAt: string | null;
    eventId: string | null;
    /** What a sent moment went out under: the delivery-update choice, or marketing consent on a channel (with that consent). */
    sentUnder: { basis: string; channel: string; consent: { state: string; at: string; source: string } | null } | null;
  }[];
  /** Offers chosen for the shopper: the placement, the arm, the segment they were in, and each offer's reason. */
  offerDecisions: {
    orderId: string;
    placement: string;
    arm: string;
    segment: string;
    offers: { sku: string; kind: string; score: number; reason: string }[];
    at: string;
  }[];
  /** What the shopper did in the widget (views, clicks, answers). */
  widgetEvents: { orderId: string; type: string; target: string | null; occurredAt: string }[];
  /**
   * Events about the customer sent to the merchant's tools, with what each carried (status links with
   * a token in them have it replaced by `[token]`) and each destination's delivery.
   */
  outboundEvents: {
    id: string;
    type: string;
    createdAt: string;
    payload: unknown;
    deliveries: { endpointId: string; attempts: number; deliveredAt: string | null }[];
  }[];
}

/** `GET /v1/admin/customers/{customerId}/export`: a JSON file to hand to the customer. */
export interface CustomerExportFile {
  format: "doorstep.customer-export.v1";
  storeId: string;
  customerId: string;
  exportedAt: string;
  data: CustomerExport;
}

/** `POST /v1/admin/orders/{orderId}/token`: the order's new shopper token; the old one no longer opens it. */
export interface OrderTokenRotated {
  orderId: string;
  orderToken: string;
  statusUrl: string;
  /** When the previous token was revoked. */
  rotatedAt: string;
}

/**
 * `GET /v1/admin/dead-letters` (issue 23): widget events and carrier and platform webhooks that could
 * not be written, kept rather than dropped. `invalid_message`: refused on arrival (its body is not an
 * event or webhook message; retrying cannot help). `retries_exhausted`: its write kept failing until
 * the queue gave up. `cannot_apply` (new with the webhooks queue): a webhook that can never apply (its
 * store is gone, or its platform connection was replaced after the signature was checked). `body` is
 * the message as JSON text (for an event, `{v, storeId, orderId, customerId, receivedAt, event}`; for
 * a webhook, `{v, kind, storeId, vendor|platform, receivedAt, body, …}` with `body` the vendor's text).
 */
export interface DeadLetterView {
  id: string;
  queue: string;
  reason: "invalid_message" | "retries_exhausted" | "cannot_apply";
  detail: string;
  body: string;
  at: string;
}

/**
 * `POST /v1/admin/dead-letters/{id}/replay` (issue 23): the dead letter's message went back on its queue
 * and left the list. Exactly-once writes make a replay of something already written add nothing.
 */
export interface DeadLetterReplayed {
  id: string;
  /** The queue it was sent back on. */
  queue: string;
}

export interface DeadLettersAnswer {
  /** How many the store has in all; `deadLetters` lists the newest 100. */
  total: number;
  deadLetters: DeadLetterView[];
}
