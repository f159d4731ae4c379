/**
 * What the merchant dashboard reads from the admin API (`/v1/admin/…`, with a session or API key).
 * Rates are `null`, not a made-up 0, when nothing was counted; money is in minor units.
 */
import type { AlertStatus, ColorScheme } from "./vocabularies.ts";

/** `POST /v1/admin/session`: a one-time login code traded for a session. */
export interface DashboardSession {
  /** `dss_…`: sent as `Authorization: Bearer` on the admin routes. */
  token: string;
  storeId: string;
  expiresAt: string;
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

/** One survey response, as exported (`GET /v1/admin/survey-responses`). */
export interface SurveyExportRow {
  orderId: string;
  customerId: string;
  createdAt: string;
  rating: number;
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
}
