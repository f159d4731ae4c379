/**
 * The shapes of the worker's answers, as zod schemas for the OpenAPI document only (nothing validates
 * responses at run time). Where the answer has a contract type (contract/), `mirrors<T>()` makes the
 * compiler prove the schema describes exactly that type, so the document cannot drift from what the
 * widget and dashboard compile against.
 * Long because the API answers a lot; one file keeps each mirror beside the shapes it shares.
 */
import { z } from "zod";
import type {
  AdminMetrics,
  AlertsAnswer,
  BrandingAnswer,
  CustomerExport,
  CustomerExportFile,
  DashboardSession,
  DeadLetterReplayed,
  DeadLettersAnswer,
  LiftReport,
  OrderMomentsAnswer,
  OrderTokenRotated,
  ReviewExportRow,
  SurveyExportRow,
} from "../../contract/admin.ts";
import type { ApiErrorBody } from "../../contract/error-body.ts";
import type { ConnectionsAnswer, ConnectionTestResult } from "../../contract/self-service.ts";
import { PROVIDERS } from "../domain/connections.ts";
import type { OffersAnswer } from "../../contract/offers.ts";
import type { ConfirmationOrderView, OrderView, SurveyOrderView, TrackingOrderView } from "../../contract/order-view.ts";
import { DELIVERY_PROBLEMS, MOMENT_KINDS, type DeliveriesAnswer } from "../../contract/outbound.ts";
import type { EventsAccepted, LookupAnswer, PreferencesAnswer, ReviewsSaved, SurveySaved } from "../../contract/shopper-answers.ts";
import type { StorePublicConfig } from "../../contract/store-config.ts";
import {
  ALERT_STATUSES,
  ARMS,
  COLOR_SCHEMES,
  DELAY_REASON_CODES,
  DELAY_REASONS,
  EXCEPTION_KINDS,
  FEEDBACK_BASES,
  MILESTONES,
  NEXT_ACTIONS,
  OFFER_KINDS,
  SENTIMENTS,
  SHIPMENT_STATUSES,
  UPDATE_CHANNELS,
  CONSENT_STATES,
  ROLES,
  WANTS,
  WINDOW_SOURCES,
  MODERATION_REASONS,
  REVIEW_AUTHOR_CHOICES,
  REVIEW_SORTS,
  REVIEW_STATUSES,
} from "../../contract/vocabularies.ts";
import type { ModerationList, PhotoAccepted, ProductReviewsAnswer, ReviewSummary, ModeratedReview } from "../../contract/reviews.ts";
import { checkoutFeel } from "../schemas/events.ts";
import { mirrors } from "../schemas/mirrors.ts";
import { surveyAnswerValue, surveyShown, unwordedSurvey } from "./survey-operations.ts";
import { QUESTION_TYPES, SURVEY_PLACEMENTS } from "../../contract/surveys.ts";
import { offerRules } from "../schemas/offers.ts";
import { branding, returnPolicy, supportContacts } from "../schemas/store.ts";

const isoInstant = z.string().describe("UTC ISO 8601 date-time");
const calendarDate = z.string().describe("YYYY-MM-DD");
const thumbnailUrl = z
  .string()
  .describe("the product's picture; on Shopify's CDN, sized for the widget's box (?width=168 a line, 192 an offer)")
  .optional();
const storedConsent = z.object({
  state: z.enum(CONSENT_STATES),
  at: z.string().describe("when the shopper gave or withdrew it"),
  source: z.string().describe("who told Doorstep: order, shopify, woocommerce, tracking_page, admin, or the merchant's words"),
});

/** `PUT /v1/admin/customers/{customerId}/consent` */
export const customerConsent = z.object({
  customerId: z.string(),
  marketing: z.object({ email: storedConsent.optional(), sms: storedConsent.optional() }),
});

/** Marketing consent per channel, granted or not: kept apart from the delivery-update choice. */
const marketingGranted = z
  .object({ email: z.boolean(), sms: z.boolean() })
  .describe("whether marketing consent is granted, per channel (apart from delivery updates)");
const minorUnits = z.int().describe("minor units of the currency (cents)");

export const errorBody = mirrors<ApiErrorBody>()(
  z.object({
    error: z.object({
      code: z.string().describe("stable snake_case code, e.g. invalid_values"),
      message: z.string().describe("for a person; may change"),
      details: z.unknown().optional().describe("for invalid_values: [{path, message}] per failing field"),
    }),
  }),
);

export const health = z.object({ ok: z.literal(true) });

export const orderAccepted = z.object({
  orderToken: z
    .string()
    .describe("43 URL-safe characters, after the store's shard (`s1.`) when that is not the first; put it on the thank-you page"),
  statusUrl: z
    .string()
    .describe(
      "the order-status page with the token, for emails: the store's statusPageUrl, else its primary origin (the first listed) with /?order=TOKEN",
    ),
});

export const shipmentAccepted = z.object({
  id: z.string(),
  orderId: z.string(),
  carrier: z.string(),
  trackingNumber: z.string().describe("upper-cased, without spaces or dashes"),
  carrierEvents: z.int().describe("aggregator events already waiting for this tracking number"),
});

export const shipmentEventAccepted = z.object({
  id: z.string(),
  shipmentId: z.string(),
  recorded: z.boolean(),
  duplicate: z.boolean().describe("true when this event id was seen before"),
});

/** A verified carrier webhook enqueued (since issue 23, 202): the webhooks queue's consumer records it. */
export const webhookQueued = z.object({
  received: z.literal(true),
  queued: z.literal(true).describe("verified and enqueued; recorded once, moments later, by the webhooks queue's consumer"),
});

export const webhookReceived = z.union([
  z.object({
    received: z.literal(true),
    replay: z.boolean().describe("this delivery id was seen before; nothing changed"),
    newUpdates: z.int(),
  }),
  z.object({ received: z.literal(true), ignored: z.literal(true).describe("not about a tracking's progress") }),
]);

export const catalogUpserted = z.object({ upserted: z.int() });

/** What `GET /v1/offer-rules` answers: the rules with every default filled in. */
export const offerRulesAnswer = offerRules;

/** What `PUT /v1/offer-rules` answers: a full replace, said as such. */
export const offerRulesReplaced = z.object({
  replaced: z.literal(true).describe("the body replaced every rule; none were merged"),
  rules: offerRules.describe("the rules now in force, defaults filled in"),
  defaulted: z.array(z.string()).describe("top-level rules the body left out, now at their defaults"),
});

const difference = z.object({ difference: z.number(), low: z.number(), high: z.number() });
const armSummary = z.object({
  customers: z.int(),
  repeatRate: z.number(),
  conversionRate: z.number(),
  revenuePerCustomer: z.number(),
});
const liftReport = mirrors<LiftReport>()(
  z.object({
    treatment: armSummary,
    holdout: armSummary,
    repeatRate: difference,
    conversionRate: difference,
    revenuePerCustomer: difference,
  }),
);
export const liftAnswer = liftReport.extend({
  from: z.string(),
  to: z.string(),
  attributionDays: z.int(),
  holdoutShare: z.number(),
});

/** A share that is null, not a made-up 0, when nothing was counted. */
const rateOrNull = z.number().nullable();
const surveyScores = { responses: z.int(), average: rateOrNull, csat: rateOrNull, npsStyle: z.number().nullable().describe("−100 to 100") };
const offerFigures = z.object({
  impressions: z.int(),
  clicks: z.int(),
  conversions: z.int(),
  revenue: minorUnits,
  clickThrough: rateOrNull,
  conversion: rateOrNull,
});

export const adminMetrics = mirrors<AdminMetrics>()(
  z.object({
    from: z.string(),
    to: z.string(),
    pageViews: z.object({ confirmation: z.int(), tracking: z.int() }),
    tracking: z.object({ orders: z.int(), visitsPerOrder: rateOrNull }),
    orders: z.object({ count: z.int(), customers: z.int(), repeatPurchaseRate: rateOrNull }),
    survey: z.object({
      funnel: z.object({ shown: z.int(), started: z.int(), secondStep: z.int(), completed: z.int() }),
      responseRate: rateOrNull,
      completionRate: rateOrNull,
      ratings: z.object({ 1: z.int(), 2: z.int(), 3: z.int(), 4: z.int(), 5: z.int() }),
      ...surveyScores,
      nps: z
        .object({
          score: z.int().nullable().describe("promoters' share minus detractors', −100 to 100"),
          promoters: z.int().describe("answers 9–10"),
          passives: z.int().describe("answers 7–8"),
          detractors: z.int().describe("answers 0–6"),
          responses: z.int(),
        })
        .optional()
        .describe("new in 2026-12 (issue 25): the real 0–10 NPS, when a survey's NPS question was answered in the range"),
    }),
    reviews: z.object({ count: z.int(), average: rateOrNull }),
    offers: offerFigures.extend({
      holdoutDecisions: z.int(),
      bySegment: z.array(offerFigures.extend({ segment: z.string() })),
      byPlacement: z.array(offerFigures.extend({ placement: z.string() })),
    }),
    lift: liftReport.extend({ attributionDays: z.int(), holdoutShare: z.number() }),
    alertsOpen: z.int(),
    moments: z
      .array(
        z.object({
          kind: z.string(),
          sent: z.int(),
          holdout: z.int().describe("held back: holdout arm"),
          suppressed: z.int().describe("not sent: opted out, erased, or moot"),
          withdrawn: z.int(),
          clicks: z.int().describe("visits through the moment's link"),
          conversions: z.int().describe("orders within 7 days of such a visit"),
        }),
      )
      .describe("lifecycle moments settled in the range, per kind"),
    daily: z
      .array(
        z.object({
          day: calendarDate,
          orders: z.int(),
          confirmationViews: z.int(),
          trackingViews: z.int(),
          surveyShown: z.int(),
          surveyResponses: z.int(),
          surveyCompleted: z.int(),
          ...surveyScores,
          reviews: z.int(),
          reviewAverage: rateOrNull,
          offerImpressions: z.int(),
          offerClicks: z.int(),
          offerConversions: z.int(),
          clickThrough: rateOrNull,
        }),
      )
      .describe("every day of the range, zeros included"),
  }),
);

const surveyRowShape = {
  orderId: z.string(),
  customerId: z.string(),
  createdAt: z.string(),
  rating: z.int().nullable().describe("null when a merchant's NPS question drove the signal (then nps)"),
  nps: z.int().nullable().describe("new in 2026-12: the 0–10 score of the NPS question that drove the signal"),
  orderTotal: minorUnits.describe("new in 2026-12: the order's total"),
  currency: z.string(),
  firstOrder: z.boolean().describe("new in 2026-12: the customer's first order in the store"),
  standout: z.string().nullable(),
  standoutText: z.string().nullable(),
  wants: z.string().nullable(),
  comment: z.string().nullable(),
  sentiment: z.string(),
  nextAction: z.string(),
  stepsAnswered: z.int(),
  completedAt: z.string().nullable(),
  callbackPhone: z.string().nullable(),
  callbackTime: z.string().nullable(),
  alertResolvedAt: z.string().nullable(),
};
const surveyRow = mirrors<SurveyExportRow>()(z.object(surveyRowShape));
const reviewRow = mirrors<ReviewExportRow>()(
  z.object({
    orderId: z.string(),
    sku: z.string(),
    customerId: z.string(),
    rating: z.int(),
    title: z.string().nullable(),
    body: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
const alertRow = z.object({ ...surveyRowShape, email: z.string().nullable(), phone: z.string().nullable() });

export const surveyExport = z.object({ from: z.string(), to: z.string(), rows: z.array(surveyRow) });
export const reviewExport = z.object({ from: z.string(), to: z.string(), rows: z.array(reviewRow) });
export const alertsAnswer = mirrors<AlertsAnswer>()(
  z.object({ status: z.enum(ALERT_STATUSES), alerts: z.array(alertRow).describe("newest first, at most 500") }),
);
export const brandingAnswer = mirrors<BrandingAnswer>()(
  z.object({
    colorScheme: z.enum(COLOR_SCHEMES),
    adjustments: z.array(
      z.object({
        color: z.enum(["textColor", "onPrimaryColor", "primaryColor"]),
        scheme: z.enum(["light", "dark"]).describe("dark: a colour of branding.dark"),
        from: z.string(),
        to: z.string(),
        against: z.enum(["backgroundColor", "primaryColor"]),
        ratio: z.number().describe("the given colour's contrast ratio"),
        servedRatio: z.number().describe("the served colour's contrast ratio"),
      }),
    ),
  }),
);

export const alertResolved = z.object({ orderId: z.string(), resolved: z.literal(true) });
export const dashboardSession = mirrors<DashboardSession>()(
  z.object({
    token: z.string().describe("dss_…: send as Authorization: Bearer on the admin routes"),
    storeId: z.string(),
    expiresAt: isoInstant,
    role: z.enum(ROLES).describe("what the session may do: owner (every scope), analyst (admin:read), support (admin:read, orders:write)"),
    person: z.string().nullable().describe("whom the sign-in link was made for"),
  }),
);

export const storePublicConfig = mirrors<StorePublicConfig>()(
  z.object({
    id: z.string(),
    name: z.string(),
    branding,
    support: supportContacts,
    returnPolicy,
    defaultLocale: z.string(),
    locales: z.array(z.string()),
    analytics: z
      .object({ dataLayer: z.boolean() })
      .optional()
      .describe("new in 2026-12 (issue 25): dataLayer true: the widget pushes each survey answer to window.dataLayer; always sent"),
    messages: z.record(z.string(), z.record(z.string(), z.string())).describe("the store's own wording, per language or locale"),
  }),
);

export const lookupAnswer = mirrors<LookupAnswer>()(
  z.object({ orderToken: z.string().nullable().describe("null when no order matches; same timing either way") }),
);

export const deadLetterReplayed = mirrors<DeadLetterReplayed>()(
  z.object({ id: z.string().describe("the dead letter's id"), queue: z.string().describe("the queue it was sent back on") }),
);

export const deadLettersAnswer = mirrors<DeadLettersAnswer>()(
  z.object({
    total: z.number().int().describe("how many the store has in all"),
    deadLetters: z
      .array(
        z.object({
          id: z.string().describe("the queue message's id"),
          queue: z.string(),
          reason: z.enum(["invalid_message", "retries_exhausted", "cannot_apply"]),
          detail: z.string(),
          body: z.string().describe("the message as JSON text: {v, storeId, orderId, customerId, receivedAt, event}"),
          at: z.string().describe("UTC ISO 8601 date-time: when it was kept"),
        }),
      )
      .describe("the newest 100, newest first"),
  }),
);

export const eventsAccepted = mirrors<EventsAccepted>()(
  z.object({
    accepted: z.array(z.string()).describe("every admitted event id: enqueued, to be written once (a resend of a recorded one included)"),
    duplicates: z.array(z.string()).describe("always empty since events are enqueued (2026-12); kept for older clients"),
    queued: z.literal(true).describe("the events are written moments later, not before this answer"),
  }),
);

const shipmentStatus = z.enum(SHIPMENT_STATUSES);
const deliveryWindow = z.object({
  from: calendarDate,
  to: calendarDate,
  source: z.enum(WINDOW_SOURCES),
});
const trackingUpdate = z.object({
  status: shipmentStatus.nullable(),
  at: isoInstant,
  location: z.string().optional(),
  description: z.string().optional(),
});
const money = z.object({ label: z.string(), amount: minorUnits });
const reviewView = z.object({
  sku: z.string(),
  rating: z.int(),
  title: z.string().optional(),
  body: z.string().optional(),
  status: z.enum(REVIEW_STATUSES).describe("published; pending or rejected for a policy reason, never for its rating"),
  moderationReason: z.enum(MODERATION_REASONS).optional(),
  author: z.enum(REVIEW_AUTHOR_CHOICES).describe("signed with first name and initial, or anonymous"),
  photos: z
    .array(z.object({ key: z.string(), width: z.int().optional(), height: z.int().optional() }))
    .describe("served at /v1/photos/{key} while the review is published"),
});

const expectedWindow = z.object({ from: calendarDate, to: calendarDate });
const noticeView = z.object({
  kind: z
    .enum(["fulfillment_delayed", "stalled", "late", "arriving_soon", "delayed"])
    .describe(
      "not shipped within the store's processing promise; in transit without a scan for the store's threshold; past its expected day; out for delivery or due today or tomorrow; a delay the merchant reported",
    ),
  parcelId: z.string().optional().describe("absent for the order as a whole"),
  since: isoInstant.describe("when the condition began"),
  expected: expectedWindow.optional().describe("when the parcel is expected now"),
  lastScanAt: isoInstant.optional().describe("stalled: the last carrier scan"),
  outForDelivery: z.boolean().optional().describe("arriving_soon: out for delivery now, rather than due by an estimate"),
  reason: z.enum(DELAY_REASON_CODES).optional().describe("delayed: why, as the merchant said"),
});

export const offersAnswer = mirrors<OffersAnswer>()(
  z.object({
    decisionId: z.string(),
    arm: z.enum(ARMS).describe("holdout: no offers, by design"),
    offers: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        price: minorUnits,
        currency: z.string(),
        url: z.string().optional(),
        imageUrl: thumbnailUrl,
        kind: z.enum(OFFER_KINDS),
        reason: z.object({
          code: z.string(),
          text: z.string().describe("English; params carry the values for other languages"),
          params: z.object({ item: z.string().optional(), days: z.number().optional() }).optional(),
        }),
      }),
    ),
  }),
);

export const orderView = mirrors<OrderView>()(
  z.object({
    storeId: z.string(),
    order: z.object({
      number: z.string(),
      placedAt: z.string(),
      currency: z.string(),
      locale: z.string().optional(),
      lines: z.array(
        z.object({
          sku: z.string(),
          name: z.string(),
          quantity: z.int(),
          unitPrice: minorUnits,
          lineTotal: minorUnits,
          imageUrl: thumbnailUrl,
          url: z.string().optional(),
        }),
      ),
      subtotal: minorUnits,
      fees: z.array(money),
      discounts: z.array(money),
      total: minorUnits,
      checkoutFeel: checkoutFeel.optional(),
    }),
    delivery: deliveryWindow.extend({ ifLate: z.string().optional() }),
    delayed: z.boolean(),
    notices: z.array(noticeView).describe("delays noticed now, each with what the banner needs to say what happens next"),
    returns: z.object({
      days: z.int(),
      until: calendarDate.optional(),
      url: z.string().optional(),
      summary: z.string().optional(),
    }),
    shipments: z.array(
      z.object({
        id: z.string(),
        carrier: z.object({ name: z.string(), trackingNumber: z.string(), url: z.string().optional() }),
        status: shipmentStatus,
        milestones: z.array(z.object({ status: z.enum(MILESTONES), reached: z.boolean(), at: isoInstant.optional() })),
        exception: z.object({ kind: z.enum(EXCEPTION_KINDS), at: isoInstant }).optional(),
        delayed: z.boolean(),
        delayReason: z.enum(DELAY_REASONS).optional(),
        window: deliveryWindow,
        deliveredAt: isoInstant.optional(),
        latest: trackingUpdate.optional(),
        history: z.array(trackingUpdate).describe("newest first, at most 30"),
        lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int(), imageUrl: thumbnailUrl })),
      }),
    ),
    feedback: z.object({
      opensAt: isoInstant,
      basis: z.enum(FEEDBACK_BASES),
      open: z.boolean(),
      survey: z
        .object({
          rating: z.int(),
          standout: z.object({ choice: z.string(), text: z.string().optional() }).optional(),
          wants: z.enum(WANTS).optional(),
          comment: z.string().optional(),
          stepsAnswered: z.int(),
          completed: z.boolean(),
          editableUntil: isoInstant.optional(),
        })
        .nullable(),
      reviews: z.array(reviewView),
    }),
    updates: z.object({ channel: z.enum(UPDATE_CHANNELS), contactHint: z.string().optional() }).nullable(),
    marketing: marketingGranted,
    links: z.object({ status: z.string(), returns: z.string().optional() }),
    store: storePublicConfig.describe("the order's store, as GET /v1/stores/{storeId}/config answers it"),
    offers: offersAnswer.optional().describe("with ?offers=<placement>: that placement's offers, as GET /v1/o/{token}/offers answers them"),
    surveys: z
      .object({ confirmation: surveyShown.optional(), post_delivery: surveyShown.optional() })
      .optional()
      .describe("new in 2026-12 (issue 25): each placement's survey as this shopper sees it, with their answers; absent where not asked"),
  }),
);

const fullOrder = orderView.shape.order;

/** `GET /v1/o/{token}?view=survey` (new in 2026-12, issue 22): what the survey view reads, nothing else. */
export const surveyOrderView = mirrors<SurveyOrderView>()(
  z.object({
    order: fullOrder
      .pick({ number: true, currency: true, locale: true, total: true })
      .extend({ lines: z.array(fullOrder.shape.lines.element.pick({ sku: true, name: true })) }),
    shipments: z
      .array(z.object({ status: shipmentStatus, lines: z.array(z.object({ sku: z.string() })) }))
      .describe("each parcel's status and items: which items arrived, for the review form"),
    feedback: orderView.shape.feedback.pick({ survey: true, reviews: true }),
    store: storePublicConfig.omit({ id: true, returnPolicy: true, locales: true }),
    surveys: z
      .object({ post_delivery: z.union([surveyShown, unwordedSurvey]).optional() })
      .optional()
      .describe(
        "the post-delivery survey only; the built-in one without its wording (text null: the widget's catalogues have it); always sent",
      ),
  }),
);

/** `GET /v1/o/{token}?view=confirmation` (new in 2026-12, issue 22): what the thank-you page's confirmation reads. */
export const confirmationOrderView = mirrors<ConfirmationOrderView>()(
  orderView.pick({ storeId: true, order: true, delivery: true, returns: true, links: true, store: true, offers: true }).extend({
    surveys: z
      .object({ confirmation: surveyShown.optional() })
      .optional()
      .describe("the thank-you page's survey only, absent where not asked; always sent"),
  }),
);

/** `GET /v1/o/{token}?view=tracking` (new in 2026-12, issue 22): what the tracking view and its refreshes read. */
export const trackingOrderView = mirrors<TrackingOrderView>()(
  orderView.omit({ surveys: true }).extend({
    surveys: z
      .object({ post_delivery: z.union([surveyShown, unwordedSurvey]).optional() })
      .optional()
      .describe(
        "the post-delivery survey only; the built-in one without its wording (text null: the widget's catalogues have it); always sent",
      ),
  }),
);

export const preferencesAnswer = mirrors<PreferencesAnswer>()(
  z.object({
    channel: z.enum(UPDATE_CHANNELS),
    contactHint: z.string().optional().describe("the contact, masked"),
    marketing: marketingGranted,
  }),
);

export const surveyAnswer = mirrors<SurveySaved>()(
  z.object({
    stepsAnswered: z.int(),
    completed: z.boolean(),
    editableUntil: isoInstant.optional(),
    sentiment: z.enum(SENTIMENTS),
    nextAction: z.enum(NEXT_ACTIONS),
  }),
);

export const reviewsAnswer = mirrors<ReviewsSaved>()(z.object({ reviews: z.array(reviewView) }));

export const orderMoments = mirrors<OrderMomentsAnswer>()(
  z.object({
    orderId: z.string(),
    moments: z.array(
      z.object({
        kind: z.string().describe(`one of ${MOMENT_KINDS.join(", ")}`),
        ref: z.string().describe("a parcel id, a product family, or empty"),
        dueAt: z.string(),
        marketing: z.boolean().describe("marketing: sent only with marketing consent, held back from the holdout arm"),
        first: z.boolean().describe("the order's first moment of this kind"),
        status: z.string().describe("scheduled, sent, suppressed or withdrawn"),
        reason: z.string().nullable().describe("why not sent: holdout, opted_out, no_marketing_consent, erased, reordered, no_longer_due"),
        decidedAt: z.string().nullable(),
        eventId: z.string().nullable().describe("the outbound event (Doorstep-Event-Id) once sent"),
        sentUnder: z
          .object({ basis: z.enum(["updates", "marketing"]), channel: z.enum(["email", "sms"]) })
          .nullable()
          .describe("what it went out under: the delivery-update choice or marketing consent, and by which channel"),
        attempts: z.array(
          z
            .object({ endpointId: z.string(), number: z.int(), status: z.int().nullable(), error: z.string().nullable(), at: z.string() })
            .describe("one delivery attempt; endpointId is a webhook endpoint's id, or klaviyo"),
        ),
      }),
    ),
  }),
);

export const momentsRun = z.object({
  orders: z.int().describe("orders whose schedules were recomputed"),
  sent: z.int(),
  suppressed: z.int(),
  deliveries: z.object({ delivered: z.int(), failed: z.int() }),
});

/** What connecting answers, and each entry of the connections list. */
export const connectionAnswer = z.object({
  storeId: z.string(),
  platform: z.string().describe("the provider: shopify, woocommerce, easypost, aftership or klaviyo"),
  kind: z.enum(["platform", "aggregator", "destination"]),
  webhookUrl: z.string().optional().describe("where the provider sends its webhooks (none for destinations)"),
  topics: z.array(z.string()).describe("the webhook topics to subscribe in the provider"),
});

export const connectionsList = mirrors<ConnectionsAnswer>()(
  z.object({
    connections: z.array(
      connectionAnswer.extend({
        platform: z.enum(PROVIDERS).describe("the provider"),
        settings: z.record(z.string(), z.string()).describe("what is not secret: the shop's domain, the site's address"),
        status: z.enum(["active", "paused", "disconnected"]),
        lastInAt: z.string().nullable().describe("the last delivery from the provider"),
        lastOutAt: z.string().nullable().describe("the last call Doorstep made to it that went through"),
        lastError: z.string().nullable(),
        lastErrorAt: z.string().nullable(),
        secretSetAt: z
          .string()
          .describe("new in 2026-12 (issue 26): when its credentials were last set; the credentials are never answered"),
        credentials: z
          .array(z.string())
          .describe("new in 2026-12 (issue 26): the names of the credentials held (secret, token, apiKey…), never their values"),
        updatedAt: z.string(),
      }),
    ),
  }),
);

export const connectionTested = mirrors<ConnectionTestResult>()(
  z.object({
    provider: z.enum(PROVIDERS),
    tested: z.boolean().describe("false for a platform: it sends to Doorstep, and there is nothing to call with its webhook secret"),
    ok: z.boolean().nullable().describe("the provider accepted the credentials (2xx); null when not tested"),
    status: z.int().nullable().describe("the provider's HTTP status; null without an answer or when not tested"),
    durationMs: z.int().nullable(),
    message: z.string().describe("the provider's own words on a refusal, or what the test could not do"),
    at: z.string(),
    lastInAt: z.string().nullable().describe("when the provider last delivered to Doorstep"),
  }),
);

export const deliveriesAnswer = mirrors<DeliveriesAnswer>()(
  z.object({
    since: isoInstant.describe("the window's start: 7 days before the answer"),
    counts: z
      .array(
        z.object({
          destination: z.string().describe("klaviyo, or the webhook endpoint's id"),
          host: z.string().nullable().describe("the endpoint URL's host; null for Klaviyo or a removed endpoint"),
          delivered: z.int(),
          retrying: z.int(),
          failed: z.int(),
          cancelled: z.int().describe("stopped by a marketing consent withdrawal: not a failure"),
        }),
      )
      .describe("per destination, the deliveries whose last attempt is in the window, by how they stand"),
    deliveries: z
      .array(
        z.object({
          destination: z.string().describe("klaviyo, or the webhook endpoint's id"),
          host: z.string().nullable().describe("the endpoint URL's host (never the whole URL); null for Klaviyo or a removed endpoint"),
          eventId: z.string().describe("the outbound event (Doorstep-Event-Id, Klaviyo's unique_id)"),
          eventType: z.string().describe("e.g. moment.order_confirmed, review.created"),
          orderId: z.string().nullable().describe("the order the event is about, when its payload names one"),
          state: z.enum(DELIVERY_PROBLEMS).describe("failed: no attempt left; retrying: another is scheduled"),
          attempts: z.int(),
          lastAttempt: z.object({
            at: isoInstant,
            status: z.int().nullable().describe("the HTTP status answered; null when there was no answer"),
            error: z.string().nullable().describe("as recorded, e.g. HTTP 401: authentication_failed: …"),
          }),
          nextAttemptAt: isoInstant.nullable().describe("retrying: when it is tried again"),
        }),
      )
      .describe("newest last attempt first, at most `limit`"),
  }),
);

const registration = z.object({
  provider: z.enum(["easypost", "aftership"]),
  status: z
    .enum(["pending", "registered", "failed"])
    .describe("pending: being sent or retried; failed: refused, or given up after 10 tries"),
  attempts: z.int(),
  lastError: z.string().nullable().describe("the vendor's own message for the last failure"),
  carrier: z
    .string()
    .nullable()
    .describe(
      "the carrier registered: ups, usps, fedex, dhl_express, royal_mail, canada_post, australia_post, deutsche_post; null when unknown",
    ),
  carrierSource: z
    .enum(["merchant", "detected", "unknown"])
    .nullable()
    .describe("the name sent, the tracking number's format and check digit, or neither"),
  nextAttemptAt: z.string().nullable(),
  registeredAt: z.string().nullable(),
});

export const parcelsAtRisk = z.object({
  status: z.enum(["at_risk", "stalled", "late", "exception", "unregistered"]),
  counts: z
    .object({
      fulfillment_delayed: z.int(),
      stalled: z.int(),
      late: z.int(),
      arriving_soon: z.int(),
      exception: z.int(),
      unregistered: z.int(),
    })
    .describe("active delay notices by kind, open parcels held by an exception, parcels not registered"),
  unshipped: z
    .array(z.object({ orderId: z.string(), since: z.string() }))
    .describe("orders not shipped within the store's processing promise (status at_risk only)"),
  parcels: z
    .array(
      z.object({
        shipmentId: z.string(),
        orderId: z.string(),
        carrier: z.string(),
        trackingNumber: z.string(),
        status: z.string(),
        exception: z.string().optional(),
        risks: z.array(z.enum(["stalled", "late", "exception", "unregistered"])),
        lastScanAt: z.string().nullable(),
        promisedTo: z.string(),
        expectedTo: z.string(),
        registrations: z.array(registration).describe("one per aggregator the store has connected"),
      }),
    )
    .describe("at most 200, earliest expected first"),
});

export const carrierPerformance = z.object({
  from: z.string(),
  to: z.string(),
  carriers: z.array(
    z.object({
      carrier: z.string(),
      delivered: z.int().describe("parcels delivered in the range"),
      onTime: z.int().describe("of them, delivered by the last promised day, in the shopper's time zone"),
      onTimeRate: z.number().nullable(),
    }),
  ),
});

const nullableText = z.string().nullable();

/** A customer's export (GDPR art. 15): the same whether fetched alone or with a platform's data request. */
export const customerExport = mirrors<CustomerExport>()(
  z.object({
    customers: z.array(
      z.object({
        id: z.string(),
        email: nullableText,
        phone: nullableText,
        firstName: nullableText,
        lastName: nullableText,
        erasedAt: nullableText.describe("when their personal data was erased; null if never"),
        createdAt: isoInstant,
      }),
    ),
    orders: z.array(
      z.object({
        id: z.string(),
        number: z.string().describe("the platform's number (#1071), else the id"),
        customerId: z.string(),
        source: z.string().describe("api, shopify or woocommerce"),
        placedAt: z.string(),
        currency: z.string(),
        locale: nullableText,
        subtotal: minorUnits,
        total: minorUnits,
        cancelledAt: nullableText,
        checkoutFeel: nullableText.describe("the shopper's answer to how checkout felt: easy, okay or hard"),
        checkoutFeelAt: nullableText,
        lines: z.array(
          z.object({
            sku: z.string(),
            name: z.string(),
            family: nullableText,
            quantity: z.int(),
            unitPrice: minorUnits,
            imageUrl: nullableText,
            url: nullableText,
          }),
        ),
        fees: z.array(z.object({ label: z.string(), amount: minorUnits })),
        discounts: z.array(z.object({ label: z.string(), amount: minorUnits })),
        parcels: z.array(
          z.object({
            id: z.string(),
            carrier: z.string(),
            trackingNumber: z.string(),
            trackingUrl: nullableText,
            promisedFrom: nullableText,
            promisedTo: nullableText,
            estimate: z
              .object({ from: z.string(), to: z.string(), reportedAt: z.string() })
              .nullable()
              .describe("the carrier's latest delivery estimate"),
            lines: z.array(z.object({ sku: z.string(), quantity: z.int() })),
            scans: z.array(
              z.object({
                id: z.string(),
                source: z.string().describe("merchant, easypost or aftership"),
                status: nullableText.describe("the milestone reached; null when the carrier spoke without reaching one"),
                vendorStatus: nullableText,
                exceptionKind: nullableText,
                delayReason: nullableText,
                occurredAt: z.string(),
                location: nullableText,
                description: nullableText,
                receivedAt: z.string(),
              }),
            ),
            createdAt: z.string(),
          }),
        ),
        links: z
          .array(z.object({ issuedAt: z.string(), revokedAt: nullableText }))
          .describe("the order's shopper links, when issued and revoked (null: still opens the order); never the link itself"),
        notices: z
          .array(
            z.object({
              kind: z.string(),
              parcelId: nullableText.describe("null: the order as a whole"),
              since: z.string(),
              raisedAt: z.string(),
              withdrawnAt: nullableText,
            }),
          )
          .describe("delay notices raised about the order"),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
    updatePreferences: z
      .array(z.object({ orderId: z.string(), channel: z.string(), contact: nullableText, consentAt: z.string() }))
      .describe("how the shopper asked to hear about each order, and when they chose"),
    marketingConsents: z
      .array(
        z.object({
          customerId: z.string(),
          channel: z.string().describe("email or sms"),
          state: z.string().describe("granted, pending, denied or withdrawn"),
          at: z.string(),
          source: z.string(),
          updatedAt: z.string(),
        }),
      )
      .describe("marketing consent per channel, as it holds now"),
    consentChanges: z
      .array(
        z.object({
          customerId: z.string(),
          orderId: nullableText,
          purpose: z.string().describe("updates or marketing"),
          channel: z.string(),
          state: z.string(),
          at: z.string(),
          source: z.string(),
          recordedAt: z.string(),
        }),
      )
      .describe("every change of consent, delivery updates and marketing alike, oldest first"),
    surveyResponses: z.array(
      z.object({
        orderId: z.string(),
        rating: z.int().nullable(),
        nps: z.int().nullable(),
        standoutChoice: nullableText,
        standoutText: nullableText,
        wants: nullableText,
        comment: nullableText,
        callbackPhone: nullableText,
        callbackTime: nullableText,
        sentiment: z.string(),
        nextAction: z.string(),
        stepsAnswered: z.int(),
        completedAt: nullableText,
        alertResolvedAt: nullableText,
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
    surveyAnswers: z
      .array(
        z.object({
          orderId: z.string(),
          placement: z.enum(SURVEY_PLACEMENTS),
          version: z.int(),
          questionId: z.string(),
          questionType: z.enum(QUESTION_TYPES),
          value: surveyAnswerValue,
          createdAt: z.string(),
          updatedAt: z.string(),
        }),
      )
      .describe("new in 2026-12 (issue 25): every answer to every survey question, as given"),
    reviews: z.array(
      z.object({
        orderId: z.string(),
        sku: z.string(),
        rating: z.int(),
        title: nullableText,
        body: nullableText,
        status: z.string(),
        moderationReason: nullableText,
        author: z.string(),
        reply: nullableText,
        photos: z.array(z.string()),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
    moments: z
      .array(
        z.object({
          orderId: z.string(),
          kind: z.string(),
          ref: z.string(),
          dueAt: z.string(),
          marketing: z.boolean(),
          status: z.string().describe("scheduled, sent, suppressed or withdrawn"),
          reason: nullableText,
          decidedAt: nullableText,
          eventId: nullableText,
          sentUnder: z
            .object({
              basis: z.string().describe("updates or marketing"),
              channel: z.string(),
              consent: z.object({ state: z.string(), at: z.string(), source: z.string() }).nullable(),
            })
            .nullable()
            .describe("for a sent moment: the delivery-update choice, or the marketing consent it went out under"),
        }),
      )
      .describe("lifecycle moments, sent or not (and why not)"),
    offerDecisions: z.array(
      z.object({
        orderId: z.string(),
        placement: z.string(),
        arm: z.string().describe("treatment or holdout"),
        segment: z.string(),
        offers: z.array(z.object({ sku: z.string(), kind: z.string(), score: z.number(), reason: z.string() })),
        at: z.string(),
      }),
    ),
    widgetEvents: z
      .array(z.object({ orderId: z.string(), type: z.string(), target: nullableText, occurredAt: z.string() }))
      .describe("what the shopper did in the widget"),
    outboundEvents: z
      .array(
        z.object({
          id: z.string(),
          type: z.string(),
          createdAt: z.string(),
          payload: z.unknown().describe("the event as sent, a token in a link replaced by [token]"),
          deliveries: z.array(z.object({ endpointId: z.string(), attempts: z.int(), deliveredAt: nullableText })),
        }),
      )
      .describe("events about the customer sent to the merchant's tools, and each delivery"),
  }),
);

export const customerExportFile = mirrors<CustomerExportFile>()(
  z.object({
    format: z.literal("doorstep.customer-export.v1"),
    storeId: z.string(),
    customerId: z.string(),
    exportedAt: isoInstant,
    data: customerExport,
  }),
);

export const orderTokenRotated = mirrors<OrderTokenRotated>()(
  z.object({
    orderId: z.string(),
    orderToken: z.string().describe("the new token, 43 URL-safe characters (after the store's shard, `s1.`, when that is not the first)"),
    statusUrl: z.string().describe("the order-status link with the new token, to send the shopper"),
    rotatedAt: isoInstant.describe("when the previous token was revoked"),
  }),
);

// Reviews on product pages (issue 24)

const reviewPhoto = z.object({
  url: z.string().describe("absolute URL of the photo on this worker (immutable; cacheable for a year)"),
  width: z.int().optional(),
  height: z.int().optional(),
});
const reviewReply = z
  .object({ body: z.string(), createdAt: isoInstant, updatedAt: isoInstant.optional() })
  .describe("the merchant's one public reply");
const authorKind = z
  .enum(["name", "anonymous", "verified_buyer"])
  .describe("name: first name and initial; anonymous: the shopper chose not to be named; verified_buyer: no name is held");
const publicReviewFields = {
  id: z.string().describe("opaque review id (rv_…), never the order id"),
  rating: z.int().min(1).max(5),
  title: z.string().optional(),
  body: z.string().optional(),
  author: z.string().describe('"Sam R.", "Anonymous" or "Verified buyer" (see authorKind)'),
  authorKind,
  createdAt: isoInstant,
  photos: z.array(reviewPhoto),
  reply: reviewReply.optional(),
};

export const productReviews = mirrors<ProductReviewsAnswer>()(
  z.object({
    sku: z.string(),
    aggregate: z.object({
      count: z.int(),
      average: z.number().nullable().describe("mean rating, one decimal; null without reviews"),
      histogram: z.object({ "1": z.int(), "2": z.int(), "3": z.int(), "4": z.int(), "5": z.int() }),
    }),
    sort: z.enum(REVIEW_SORTS),
    page: z.int(),
    pageSize: z.int(),
    pages: z.int(),
    reviews: z.array(z.object({ ...publicReviewFields, verifiedBuyer: z.literal(true) })),
  }),
);

export const productJsonLdAnswer = z
  .object({
    "@context": z.literal("https://schema.org"),
    "@type": z.literal("Product"),
    name: z.string(),
    sku: z.string(),
    image: z.string().optional(),
    url: z.string().optional(),
    brand: z.object({ "@type": z.literal("Brand"), name: z.string() }).optional(),
    gtin: z.string().optional(),
    mpn: z.string().optional(),
    aggregateRating: z
      .object({
        "@type": z.literal("AggregateRating"),
        ratingValue: z.number(),
        reviewCount: z.int(),
        bestRating: z.literal(5),
        worstRating: z.literal(1),
      })
      .optional()
      .describe("absent without published reviews"),
    review: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .describe("the newest published reviews (at most 10), as schema.org Review"),
  })
  .describe("schema.org Product JSON-LD");

const moderatedReview = mirrors<ModeratedReview>()(
  z.object({
    ...publicReviewFields,
    sku: z.string(),
    status: z.enum(REVIEW_STATUSES),
    moderationReason: z.enum(MODERATION_REASONS).optional(),
    moderatedBy: z.enum(["automatic", "api_key", "dashboard"]).optional(),
    moderatedAt: isoInstant.optional(),
    authorChoice: z.enum(REVIEW_AUTHOR_CHOICES),
    updatedAt: isoInstant,
  }),
);
export const moderatedReviewAnswer = moderatedReview;

export const moderationList = mirrors<ModerationList>()(
  z.object({
    status: z.enum(REVIEW_STATUSES).optional(),
    rating: z.int().optional(),
    page: z.int(),
    pageSize: z.int(),
    total: z.int(),
    reviews: z.array(moderatedReview),
  }),
);

const reasonCounts = z.object({ pending: z.int(), rejected: z.int() });
export const reviewSummary = mirrors<ReviewSummary>()(
  z.object({
    stars: z.array(
      z.object({
        rating: z.int(),
        total: z.int(),
        published: z.int(),
        pending: z.int(),
        rejected: z.int(),
        publishedShare: z.number().nullable().describe("published ÷ total; null when there are none"),
      }),
    ),
    byReason: z.object({ personal_data: reasonCounts, offensive: reasonCounts, link: reasonCounts, spam: reasonCounts }),
  }),
);

const storedPhoto = reviewPhoto.extend({ key: z.string().describe("ph_… and the extension of its type") });
export const photoAccepted = mirrors<PhotoAccepted>()(z.object({ photo: storedPhoto, photos: z.array(storedPhoto) }));
