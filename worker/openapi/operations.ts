/**
 * Every public operation of the worker, as the OpenAPI document describes it. Request schemas are the
 * ones the routes validate with; tests/worker/openapi.test.ts fails when a route mounted in
 * worker/index.ts is missing here, or a path here is not served. One long table on purpose: the whole
 * API reads top to bottom in one place, grouped as the reference page shows it.
 */
import { z } from "zod";
import { ORDER_TOKEN_PATTERN } from "../crypto/random.ts";
import {
  CATALOG_BODY_LIMIT,
  DEFAULT_BODY_LIMIT,
  JSON_OR_TEXT,
  PHOTO_BODY_LIMIT,
  PHOTO_MEDIA_TYPES,
  WEBHOOK_BODY_LIMIT,
} from "../schemas/body-limits.ts";
import { moderationInput, moderationQuery, photoKey, publicReviewsQuery, replyInput, reviewId } from "../schemas/reviews.ts";
import { alertsQuery, backfillQuery, dateRange, deliveriesQuery, exportQuery, parcelsQuery, sessionInput } from "../schemas/admin.ts";
import { externalId } from "../schemas/common.ts";
import { merchantConsentInput } from "../schemas/consent.ts";
import { MAX_EVENTS_PER_BATCH, widgetEvent } from "../schemas/events.ts";
import { reviewsInput, surveyInput } from "../schemas/feedback.ts";
import { catalogInput, offerRules, offersQuery, orderQuery } from "../schemas/offers.ts";
import { PROVIDERS } from "../domain/connections.ts";
import { orderInput } from "../schemas/order.ts";
import { delayedEventInput } from "../schemas/parcel-delay.ts";
import { lookupInput, preferencesInput, shipmentEventInput, shipmentInput } from "../schemas/shipment.ts";
import { storeId } from "../schemas/store.ts";
import { afterShipWebhook, easyPostEvent } from "../schemas/webhooks.ts";
import type { DocumentSource, Operation, PathParameter, Tag } from "./document.ts";
import { platformOperations, PLATFORMS_TAG } from "./platform-operations.ts";
import { selfServiceOperations } from "./self-service.ts";
import { surveyAnswerSaved, surveyOperations } from "./survey-operations.ts";
import { surveyAnswerInput } from "../schemas/surveys.ts";
import * as answer from "./responses.ts";

const token: PathParameter = {
  name: "token",
  schema: z.string().regex(ORDER_TOKEN_PATTERN),
  description:
    "The order token from POST /v1/orders: 43 URL-safe characters, after its store's shard (`s1.`) when that is not the first (new in 2026-12; older tokens keep working). It is the credential: it reads this one order.",
};
const storeIdParam: PathParameter = { name: "storeId", schema: storeId, description: "The store's id, e.g. acme." };
const orderId: PathParameter = { name: "orderId", schema: externalId, description: "The merchant's own order id." };
const shipmentId: PathParameter = { name: "shipmentId", schema: externalId, description: "The merchant's own shipment id." };

const ORIGIN_NOT_ALLOWED = "origin_not_allowed: sent from a page whose Origin is not one of the store's";

/**
 * The batch as the worker judges it: the route checks the array's length, then each event against
 * `widgetEvent` (schemas/event-admission.ts), so the document names the per-event schema.
 */
const eventBatch = z.array(widgetEvent).min(1).max(MAX_EVENTS_PER_BATCH);

export const TAGS: Tag[] = [
  { name: "Orders and shipments", description: "The merchant's server tells Doorstep about orders and parcels (API key)." },
  { name: "Catalog and offers", description: "Products and the rules next-best offers are chosen by (API key)." },
  {
    name: "Admin",
    description: "The store's figures, survey answers, reviews and alerts, for its server or the dashboard (API key or dashboard session).",
  },
  { name: "Carrier webhooks", description: "Tracking aggregators post carrier events, signed with the store's webhook secret." },
  { name: "Shopper", description: "The widget in a shopper's browser, authorised by the order token in the path." },
  { name: "Public", description: "Anyone: a store's public config, order lookup, and this reference." },
];

const [ORDERS, CATALOG, ADMIN, WEBHOOKS, SHOPPER, PUBLIC] = TAGS.map((t) => t.name) as [string, string, string, string, string, string];

const merchant = [
  {
    method: "post",
    path: "/v1/orders",
    operationId: "upsertOrder",
    tag: ORDERS,
    summary: "Create or replace an order",
    description:
      "Idempotent on the merchant's order id: sending the same id again replaces the order and returns the same token. Money is in minor units; total must equal lines + fees − discounts.",
    auth: "api_key",
    scope: "orders:write",
    body: { schema: orderInput, maxBytes: DEFAULT_BODY_LIMIT },
    responses: {
      201: { description: "Created", schema: answer.orderAccepted },
      200: { description: "Replaced (same token)", schema: answer.orderAccepted },
    },
  },
  {
    method: "post",
    path: "/v1/orders/{orderId}/shipments",
    operationId: "upsertShipment",
    tag: ORDERS,
    summary: "Register or replace a parcel of an order",
    description: "Its lines must be items of the order. Carrier events already received for the tracking number count at once.",
    auth: "api_key",
    scope: "orders:write",
    params: [orderId],
    body: { schema: shipmentInput, maxBytes: DEFAULT_BODY_LIMIT },
    responses: {
      201: { description: "Created", schema: answer.shipmentAccepted },
      200: { description: "Replaced", schema: answer.shipmentAccepted },
    },
    errors: {
      404: "order_not_found: no such order in this store",
      409: "shipment_conflict: the shipment id belongs to another order",
      422: "invalid_values: also when a line is not an item of the order, or more than was ordered",
    },
  },
  {
    method: "post",
    path: "/v1/shipments/{shipmentId}/events",
    operationId: "recordShipmentEvent",
    tag: ORDERS,
    summary: "Record a status update the merchant learned itself",
    auth: "api_key",
    scope: "orders:write",
    params: [shipmentId],
    description:
      'A scan (`status` one of the contract\'s statuses), or `"status": "delayed"` with a `reason` (weather, carrier, customs, address, other) and the new estimate (`estimatedTo`, `estimatedFrom?`): kept beside the scans, it moves no milestone; the tracking view says why and shows the new estimate, and the `delayed` lifecycle moment goes out.',
    body: { schema: z.union([shipmentEventInput, delayedEventInput]), maxBytes: DEFAULT_BODY_LIMIT },
    responses: {
      201: { description: "Recorded", schema: answer.shipmentEventAccepted },
      200: { description: "Already recorded (same event id); nothing changed", schema: answer.shipmentEventAccepted },
    },
    errors: { 404: "shipment_not_found: no such shipment in this store" },
  },
  {
    method: "put",
    path: "/v1/catalog",
    operationId: "upsertCatalog",
    tag: CATALOG,
    summary: "Add or update products",
    description:
      "A bare array of up to 500 products, upserted by sku (each product sent replaces that product whole); products not sent are kept, active: false withdraws one. A field a product does not have (a typo such as `imageURL`) is refused with 422 `invalid_values` naming it, and nothing is written.",
    auth: "api_key",
    scope: "catalog:write",
    body: { schema: catalogInput, maxBytes: CATALOG_BODY_LIMIT },
    responses: { 200: { description: "Upserted", schema: answer.catalogUpserted } },
  },
  {
    method: "put",
    path: "/v1/offer-rules",
    operationId: "setOfferRules",
    tag: CATALOG,
    summary: "Set how offers are chosen",
    description:
      "Replaces the rules as a whole: anything left out takes its default, and the answer names those (`defaulted`). A key the rules do not have (a typo such as `holdoutshare`) is refused with 422 `invalid_values` naming it, and nothing changes.",
    auth: "api_key",
    scope: "catalog:write",
    body: { schema: offerRules, maxBytes: DEFAULT_BODY_LIMIT },
    responses: {
      200: { description: "Replaced: the rules now in force, and which took their default", schema: answer.offerRulesReplaced },
    },
  },
  {
    method: "get",
    path: "/v1/offer-rules",
    operationId: "getOfferRules",
    tag: CATALOG,
    summary: "Read the offer rules",
    auth: "api_key",
    scope: "admin:read",
    responses: { 200: { description: "The rules now in force", schema: answer.offerRulesAnswer } },
  },
] as const satisfies readonly Operation[];

const RANGE_TOO_LARGE = "range_too_large: choose a shorter range";

const admin = [
  {
    method: "post",
    path: "/v1/admin/session",
    operationId: "createDashboardSession",
    tag: ADMIN,
    summary: "Trade a one-time login code for a dashboard session",
    description:
      "The code comes from the operator command admin:login-link or POST /v1/admin/login-links; the session lasts 12 hours and may use the admin routes marked api_key_or_session, within its role's scopes (owner: every scope; analyst: admin:read; support: admin:read and orders:write). The answer names the role; GET /v1/admin/session lists the scopes. It ends at sign-out and when the store's API key is rotated.",
    auth: "none",
    body: { schema: sessionInput, maxBytes: DEFAULT_BODY_LIMIT },
    responses: { 201: { description: "Signed in", schema: answer.dashboardSession } },
    errors: { 401: "login_code_invalid: expired, already used, or never issued" },
  },
  {
    method: "delete",
    path: "/v1/admin/session",
    operationId: "endDashboardSession",
    tag: ADMIN,
    summary: "Sign out: end this dashboard session on the server",
    description: "Send the session itself as the bearer credential. Answers 204 whether or not the session was still live.",
    auth: "none",
    responses: { 204: { description: "Signed out" } },
    errors: { 400: "not_a_session: the bearer credential is not a dashboard session", 401: "unauthorized: no bearer credential" },
  },
  {
    method: "get",
    path: "/v1/admin/metrics",
    operationId: "getMetrics",
    tag: ADMIN,
    summary: "The dashboard's figures over a range",
    description:
      "Page views, tracking visits, the survey funnel and scores, reviews, offers by segment and placement, the holdout lift, open alerts, and a daily series. A bare date is midnight UTC; at most 366 days.",
    auth: "api_key_or_session",
    scope: "admin:read",
    query: [dateRange],
    responses: { 200: { description: "The figures", schema: answer.adminMetrics } },
  },
  {
    method: "get",
    path: "/v1/admin/dead-letters",
    operationId: "listDeadLetters",
    tag: ADMIN,
    summary: "Widget events and webhooks that could not be written, kept instead of dropped",
    description:
      "New in 2026-12 (issue 23). Widget events and carrier and platform webhooks are written from queues; a message whose body is not an event or webhook (invalid_message, kept at once), a webhook that can never apply (cannot_apply: its store gone, its platform connection replaced after the signature was checked; kept at once) or one whose write kept failing until the queue gave up (retries_exhausted) is kept here with why. The newest 100, and how many in all.",
    auth: "api_key_or_session",
    scope: "admin:read",
    responses: { 200: { description: "The store's dead letters", schema: answer.deadLettersAnswer } },
  },
  {
    method: "post",
    path: "/v1/admin/dead-letters/{id}/replay",
    operationId: "replayDeadLetter",
    tag: ADMIN,
    summary: "Send a dead letter's message back on its queue, once its cause is fixed",
    description:
      "New in 2026-12 (issue 23). The message goes back on the queue it came from and the letter leaves the list (audited as dead_letter.replayed). Writes are exactly once by each message's key, so replaying something that was in fact written, or replaying twice, adds nothing. A message that fails again is kept again, under a new id.",
    auth: "api_key_or_session",
    scope: "orders:write",
    roles: ["owner", "support"],
    params: [{ name: "id", schema: z.string().max(128), description: "The dead letter's id (the queue message's id)." }],
    responses: { 202: { description: "Sent back on its queue", schema: answer.deadLetterReplayed } },
    errors: {
      404: "dead_letter_not_found: no such dead letter in this store",
      409: "dead_letter_not_replayable: its body is not a message Doorstep can write, or was too large to keep whole",
    },
  },
  {
    method: "get",
    path: "/v1/admin/lift",
    operationId: "getLift",
    tag: ADMIN,
    summary: "What offers add, against the holdout",
    description:
      "Over customers whose first offer decision falls in the range: repeat rate, conversion and revenue per customer in each arm, and each difference with a 95% interval.",
    auth: "api_key_or_session",
    scope: "admin:read",
    query: [dateRange],
    responses: { 200: { description: "The lift report", schema: answer.liftAnswer } },
    errors: { 422: RANGE_TOO_LARGE },
  },
  {
    method: "get",
    path: "/v1/admin/survey-responses",
    operationId: "exportSurveyResponses",
    tag: ADMIN,
    summary: "Survey answers given in a range, as JSON or CSV",
    auth: "api_key_or_session",
    scope: "admin:read",
    query: [dateRange, exportQuery],
    responses: { 200: { description: "The answers (format=csv: a CSV download)", schema: answer.surveyExport, mediaType: "text/csv" } },
    errors: { 422: RANGE_TOO_LARGE },
  },
  {
    method: "get",
    path: "/v1/admin/reviews",
    operationId: "exportReviews",
    tag: ADMIN,
    summary: "Reviews written in a range, as JSON or CSV",
    auth: "api_key_or_session",
    scope: "admin:read",
    query: [dateRange, exportQuery],
    responses: { 200: { description: "The reviews (format=csv: a CSV download)", schema: answer.reviewExport, mediaType: "text/csv" } },
    errors: { 422: RANGE_TOO_LARGE },
  },
  {
    method: "get",
    path: "/v1/admin/branding",
    operationId: "brandingAdjustments",
    tag: ADMIN,
    summary:
      "Brand colours served adjusted for contrast: each colour as given and as shoppers see it, with both contrast ratios (WCAG AA needs 4.5:1)",
    auth: "api_key_or_session",
    scope: "admin:read",
    responses: {
      200: {
        description: "The adjustments (none when every colour reads as given)",
        schema: answer.brandingAnswer,
      },
    },
  },
  {
    method: "get",
    path: "/v1/admin/alerts",
    operationId: "listAlerts",
    tag: ADMIN,
    summary: "Detractors' answers, with how to reach them",
    auth: "api_key_or_session",
    scope: "admin:read",
    query: [alertsQuery],
    responses: { 200: { description: "The alerts", schema: answer.alertsAnswer } },
  },
  {
    method: "post",
    path: "/v1/admin/alerts/{orderId}/resolve",
    operationId: "resolveAlert",
    tag: ADMIN,
    summary: "Mark a detractor's alert handled",
    auth: "api_key_or_session",
    scope: "orders:write",
    params: [orderId],
    responses: { 200: { description: "Resolved", schema: answer.alertResolved } },
    errors: { 404: "alert_not_found: no open alert for this order" },
  },
  {
    method: "delete",
    path: "/v1/admin/customers/{customerId}",
    operationId: "eraseCustomer",
    tag: ADMIN,
    summary: "Erase one customer's personal data; anonymous figures stay and nothing more is sent to them",
    description:
      "Contacts, their words (survey text, call-back, reviews, update contact), what carriers said about their parcels (scan descriptions and locations, raw payloads with signer and recipient, scans that waited for a parcel included) and webhook payloads about their orders go in one transaction. Scan statuses and times stay, so timelines still draw. Later scans of their parcels are stored without their words; contacts sent again for this customer id are not kept. Needs customers:erase: a key made with it, or (changed 2026-12, issue 26) an owner's dashboard session; support and analyst sessions are refused.",
    auth: "api_key_or_session",
    scope: "customers:erase",
    params: [{ name: "customerId", schema: externalId, description: "The merchant's own customer id." }],
    responses: {
      200: {
        description: "Erased (again, if it already was)",
        schema: z.object({ customerId: z.string(), erased: z.literal(true), rowsChanged: z.int() }),
      },
    },
    errors: { 404: "customer_not_found: no such customer in this store" },
  },
  {
    method: "put",
    path: "/v1/admin/customers/{customerId}/consent",
    operationId: "setCustomerConsent",
    tag: ADMIN,
    summary: "Record news of a customer's marketing consent: an unsubscribe, a confirmed opt-in",
    description:
      "New in 2026-12. Per channel `{state: granted|pending|denied|withdrawn, at?, source?}` (`at` defaults to now, `source` to admin). The newest `at` wins whatever order news arrives in; the same state again is no change; every change is recorded. A state other than granted stops at once every marketing message still waiting to be delivered on that channel. Answers the consent as it now holds.",
    auth: "api_key",
    scope: "orders:write",
    params: [{ name: "customerId", schema: externalId, description: "The merchant's own customer id." }],
    body: { schema: merchantConsentInput, maxBytes: DEFAULT_BODY_LIMIT },
    responses: { 200: { description: "The customer's marketing consent per channel, as it now holds", schema: answer.customerConsent } },
    errors: { 404: "customer_not_found: no such customer in this store" },
  },
  {
    method: "get",
    path: "/v1/admin/customers/{customerId}/export",
    operationId: "exportCustomer",
    tag: ADMIN,
    summary: "Everything Doorstep holds about one customer, as a JSON file to hand to them (GDPR art. 15)",
    description:
      "New in 2026-12. The customer; their orders with lines, fees, discounts, parcels with every scan, when each shopper link was issued and revoked (never the link: it is a credential), and delay notices; update preferences with the time of consent; marketing consent per channel and every change of consent; survey answers; reviews; lifecycle moments sent (and under what consent), suppressed or withdrawn; offer decisions; widget events; and the events sent to the merchant's tools about them (a token in a link replaced by [token]), with their deliveries. The same export each data request carries (GET /v1/admin/data-requests). Answered as a download (Content-Disposition: attachment).",
    auth: "api_key_or_session",
    scope: "admin:read",
    params: [{ name: "customerId", schema: externalId, description: "The merchant's own customer id." }],
    responses: {
      200: {
        description: "The export",
        schema: answer.customerExportFile,
        headers: { "Content-Disposition": 'attachment; filename="doorstep-STORE-customer-ID-YYYY-MM-DD.json"' },
      },
    },
    errors: { 404: "customer_not_found: no such customer in this store" },
  },
  {
    method: "post",
    path: "/v1/admin/orders/{orderId}/token",
    operationId: "rotateOrderToken",
    tag: ADMIN,
    summary: "Replace an order's shopper token: the old link is refused at once, the new one is answered",
    description:
      "New in 2026-12. For a status link that was forwarded, posted or leaked. Every shopper route (GET /v1/o/{token} and everything under it) answers the old token 404 order_not_found from now on; lifecycle moments sent later carry the new link. The order's id, not its number.",
    auth: "api_key_or_session",
    scope: "orders:write",
    params: [orderId],
    responses: { 200: { description: "The new token and status link", schema: answer.orderTokenRotated } },
    errors: { 404: "order_not_found: no such order in this store" },
  },
  {
    method: "get",
    path: "/v1/admin/orders/{orderId}/moments",
    operationId: "orderMoments",
    tag: ADMIN,
    summary: "An order's lifecycle moments: when each is due, whether it was sent (or why not), and its webhook delivery attempts",
    auth: "api_key_or_session",
    scope: "admin:read",
    // One shopper's messages: support's and the owner's, like the order itself.
    roles: ["owner", "support"],
    params: [orderId],
    responses: { 200: { description: "The order's moments, oldest due first", schema: answer.orderMoments } },
    errors: { 404: "order_not_found: no order with moments by this id" },
  },
  {
    method: "post",
    path: "/v1/admin/moments/run",
    operationId: "runMoments",
    tag: ADMIN,
    summary: "Backfill: recompute the last `days` of orders' schedules, send what is due (each moment once) and deliver the webhooks now",
    auth: "api_key",
    scope: "orders:write",
    query: [backfillQuery],
    responses: { 200: { description: "What the run did", schema: answer.momentsRun } },
  },
] as const satisfies readonly Operation[];

const reviewIdParam: PathParameter = { name: "reviewId", schema: reviewId, description: "The review's public id (rv_…)." };
const REVIEW_NOT_FOUND = "review_not_found: no review with this id in this store";

/** Reviews on product pages (issue 24): moderation by stated reasons only, replies, the published share per star. */
const reviewAdmin = [
  {
    method: "get",
    path: "/v1/admin/reviews/moderation",
    operationId: "listReviewsForModeration",
    tag: ADMIN,
    summary: "The store's reviews, newest first, 50 a page: all, or one status (pending: the queue) and/or one rating",
    description:
      "New in 2026-12 (issue 24). Each review with its status, the stated reason when it is pending or rejected, who decided last (automatic, api_key or dashboard) and when, its photos and the reply. Never the shopper's email or order.",
    auth: "api_key_or_session",
    scope: "admin:read",
    query: [moderationQuery],
    responses: { 200: { description: "A page of reviews", schema: answer.moderationList } },
  },
  {
    method: "post",
    path: "/v1/admin/reviews/{reviewId}/moderation",
    operationId: "moderateReview",
    tag: ADMIN,
    summary: "Publish a review, or reject it for one of the stated reasons (personal_data, offensive, link, spam)",
    description:
      'New in 2026-12 (issue 24). `{"action": "publish"}` or `{"action": "reject", "reason": …}`: a rating is never a reason (FTC 16 CFR 465.7), so there is no other way to hold a review back. Who decided (api_key or dashboard) and when is recorded. The decision stands until the shopper changes the review\'s words, which are then checked again.',
    auth: "api_key_or_session",
    scope: "orders:write",
    params: [reviewIdParam],
    body: { schema: moderationInput, maxBytes: DEFAULT_BODY_LIMIT },
    responses: { 200: { description: "The review as it now stands", schema: answer.moderatedReviewAnswer } },
    errors: { 404: REVIEW_NOT_FOUND },
  },
  {
    method: "put",
    path: "/v1/admin/reviews/{reviewId}/reply",
    operationId: "replyToReview",
    tag: ADMIN,
    summary: "Write or edit the store's one public reply to a review",
    description: "New in 2026-12 (issue 24). Shown under the review on product pages; editing keeps when it was first written.",
    auth: "api_key_or_session",
    scope: "orders:write",
    params: [reviewIdParam],
    body: { schema: replyInput, maxBytes: DEFAULT_BODY_LIMIT },
    responses: { 200: { description: "The review with its reply", schema: answer.moderatedReviewAnswer } },
    errors: { 404: REVIEW_NOT_FOUND },
  },
  {
    method: "delete",
    path: "/v1/admin/reviews/{reviewId}/reply",
    operationId: "deleteReviewReply",
    tag: ADMIN,
    summary: "Remove the store's reply to a review",
    description: "New in 2026-12 (issue 24).",
    auth: "api_key_or_session",
    scope: "orders:write",
    params: [reviewIdParam],
    responses: { 200: { description: "The review without a reply", schema: answer.moderatedReviewAnswer } },
    errors: { 404: REVIEW_NOT_FOUND },
  },
  {
    method: "get",
    path: "/v1/admin/reviews/summary",
    operationId: "reviewPublishedShare",
    tag: ADMIN,
    summary: "The published share per star: every rating's reviews, and how many are published, pending or rejected",
    description:
      "New in 2026-12 (issue 24). What the dashboard shows so anyone can see one-star reviews are published like five-star ones; also the pending and rejected per reason.",
    auth: "api_key_or_session",
    scope: "admin:read",
    responses: { 200: { description: "Per star, five to one", schema: answer.reviewSummary } },
  },
] as const satisfies readonly Operation[];

const providerParam: PathParameter = {
  name: "provider",
  schema: z.enum(PROVIDERS),
  description: "The outside system: a platform, an aggregator or a message destination.",
};

const keep = z
  .boolean()
  .optional()
  .describe("new in 2026-12 (issue 26): true keeps every setting and credential not given (rotate one secret without retyping the others)");

/** Bodies of PUT /v1/admin/connections/{provider}: the provider comes from the path. */
const connectionBody = z.union([
  z.object({
    keep,
    shop: z.string().describe("NAME.myshopify.com"),
    secret: z.string().describe("the app's client secret"),
    token: z.string().optional().describe("Admin API token, for backfills"),
  }),
  z.object({
    keep,
    site: z.string().describe("https://shop.example"),
    secret: z.string().describe("the webhook's secret"),
    key: z.string().optional(),
    consumerSecret: z.string().optional(),
    consentMetaKey: z
      .string()
      .optional()
      .describe("the order meta key your opt-in plugin keeps email marketing consent under (Mailchimp for WooCommerce's is read anyway)"),
  }),
  z.object({ keep, apiKey: z.string().describe("EasyPost, AfterShip or Klaviyo API key") }),
]);

const parcelOps = [
  {
    method: "get",
    path: "/v1/admin/parcels",
    operationId: "listParcelsAtRisk",
    tag: ADMIN,
    summary: "Parcels at risk: stalled, late, held by an exception, or not registered with the store's aggregator",
    description:
      "Each parcel with why it is listed and its registration with each connected aggregator (provider, status, attempts, the vendor's last error); the counts of every delay notice for the dashboard; orders not shipped in time. `status` narrows the list to one risk.",
    auth: "api_key_or_session",
    scope: "admin:read",
    query: [parcelsQuery],
    responses: { 200: { description: "The parcels at risk", schema: answer.parcelsAtRisk } },
  },
  {
    method: "get",
    path: "/v1/admin/carrier-performance",
    operationId: "carrierPerformance",
    tag: ADMIN,
    summary: "Each carrier's on-time rate: parcels delivered in the range, and how many by the promised day",
    auth: "api_key_or_session",
    scope: "admin:read",
    query: [dateRange],
    responses: { 200: { description: "Per carrier", schema: answer.carrierPerformance } },
  },
] as const satisfies readonly Operation[];

const connectionsOps = [
  {
    method: "get",
    path: "/v1/admin/connections",
    operationId: "listConnections",
    tag: ADMIN,
    summary: "The outside systems the store links, their status and last traffic (never a credential)",
    description:
      "Each connection with its status, the last delivery in (from the provider) and out (to it), the last error, and (new in 2026-12, issue 26) `secretSetAt`, when its credentials were last set.",
    auth: "api_key_or_session",
    scope: "admin:read",
    responses: { 200: { description: "The connections", schema: answer.connectionsList } },
  },
  {
    method: "get",
    path: "/v1/admin/deliveries",
    operationId: "listDeliveryProblems",
    tag: ADMIN,
    summary: "Messages to the store's tools that failed for good or are being retried, and how the last 7 days' went per destination",
    description:
      "Deliveries to Klaviyo and to webhook endpoints, judged by their last attempt in the last 7 days: newest first, each with its destination (`klaviyo` or the endpoint's id and URL host), event, order, attempts, the last attempt's status and error, and the next attempt. `counts` per destination: delivered, retrying, failed, and cancelled by a marketing consent withdrawal (not a failure, never listed). `status` narrows the list to `failed` or `retrying`.",
    auth: "api_key_or_session",
    scope: "admin:read",
    query: [deliveriesQuery],
    responses: { 200: { description: "The deliveries and the counts", schema: answer.deliveriesAnswer } },
  },
  {
    method: "put",
    path: "/v1/admin/connections/{provider}",
    operationId: "connect",
    tag: ADMIN,
    summary: "Link the store to a platform, aggregator or message destination (credentials sealed; again replaces them)",
    description:
      "Answers the webhook URL to paste into the provider and the topics to subscribe there. The same as `npm run doorstep -- store:connect`. Unknown keys are refused by name. Every credential is sealed anew: sending new ones rotates them (`secretSetAt`); with `keep: true`, what is not given is kept from the connection as it is (the dashboard rotates one secret this way). Changed in 2026-12 (issue 26): an owner's dashboard session may connect too (settings:write); each change is in the audit log (settings, never a credential).",
    auth: "api_key_or_session",
    scope: "settings:write",
    params: [providerParam],
    body: { schema: connectionBody, maxBytes: DEFAULT_BODY_LIMIT },
    responses: { 200: { description: "Connected", schema: answer.connectionAnswer } },
  },
  {
    method: "delete",
    path: "/v1/admin/connections/{provider}",
    operationId: "disconnect",
    tag: ADMIN,
    summary: "Remove a connection and its sealed credentials",
    description:
      "Changed in 2026-12 (issue 26): an owner's dashboard session may remove one too (settings:write); recorded in the audit log.",
    auth: "api_key_or_session",
    scope: "settings:write",
    params: [providerParam],
    responses: { 204: { description: "Disconnected" } },
    errors: { 404: "connection_not_found: the store has no such connection" },
  },
  {
    method: "post",
    path: "/v1/admin/connections/{provider}/test",
    operationId: "testConnection",
    tag: ADMIN,
    summary: "Test a connection: one read-only call to the provider with the stored credentials, answered with what it said",
    description:
      "New in 2026-12 (issue 26). EasyPost: GET /trackers?page_size=1; AfterShip: GET /couriers; Klaviyo: GET /api/accounts (each with the stored API key, changing nothing there). A refusal is noted as the connection's last error, an acceptance as its last delivery out. A platform (Shopify, WooCommerce) sends to Doorstep and is not called (`tested: false`): the answer says when it last delivered. 200 whatever the provider answered.",
    auth: "api_key_or_session",
    scope: "settings:write",
    params: [providerParam],
    responses: { 200: { description: "What the provider answered", schema: answer.connectionTested } },
    errors: { 404: "connection_not_found: the store has no such connection" },
  },
] as const satisfies readonly Operation[];

const signatureErrors = {
  404: "store_not_found: no such store",
  503: "webhook_secret_unavailable: the store's secret cannot be read right now; storage_unavailable: the queue refused the webhook; the vendor retries (Retry-After)",
};

const webhooks = [
  {
    method: "post",
    path: "/v1/webhooks/easypost/{storeId}",
    operationId: "easyPostWebhook",
    tag: WEBHOOKS,
    summary: "EasyPost tracker events",
    description:
      "Point the EasyPost webhook here, with the store's EasyPost secret as its webhook_secret. A redelivered event changes nothing.",
    auth: "webhook_signature",
    params: [storeIdParam],
    headers: [
      {
        name: "X-Hmac-Signature",
        required: true,
        description: "hmac-sha256-hex=<hex HMAC-SHA256 of the raw body, secret NFKD-normalised>",
      },
    ],
    body: { schema: easyPostEvent, maxBytes: WEBHOOK_BODY_LIMIT, contentTypeChecked: false },
    responses: {
      202: {
        description:
          "Verified and enqueued (changed 2026-12, issue 23: was 200 with replay and newUpdates; any 2xx is success to the vendor)",
        schema: answer.webhookQueued,
      },
      200: {
        description: "Ignored (not about a tracking's progress); or, for a body too large for a queue message, verified and stored",
        schema: answer.webhookReceived,
      },
    },
    errors: signatureErrors,
  },
  {
    method: "post",
    path: "/v1/webhooks/aftership/{storeId}",
    operationId: "afterShipWebhook",
    tag: WEBHOOKS,
    summary: "AfterShip tracking webhooks",
    description: "Point the AfterShip webhook here; the account's webhook secret is the store's AfterShip secret.",
    auth: "webhook_signature",
    params: [storeIdParam],
    headers: [{ name: "aftership-hmac-sha256", required: true, description: "base64 HMAC-SHA256 of the raw body" }],
    body: { schema: afterShipWebhook, maxBytes: WEBHOOK_BODY_LIMIT, contentTypeChecked: false },
    responses: {
      202: {
        description:
          "Verified and enqueued (changed 2026-12, issue 23: was 200 with replay and newUpdates; any 2xx is success to the vendor)",
        schema: answer.webhookQueued,
      },
      200: {
        description: "Ignored (not about a tracking's progress); or, for a body too large for a queue message, verified and stored",
        schema: answer.webhookReceived,
      },
    },
    errors: signatureErrors,
  },
] as const satisfies readonly Operation[];

const shopper = [
  {
    method: "get",
    path: "/v1/o/{token}",
    operationId: "getOrder",
    tag: SHOPPER,
    summary: "The order, as the confirmation and tracking views show it",
    description:
      "Lines, money, parcels with their timelines, delivery window, returns, feedback state, and the store's public config (what a view draws, in one answer). " +
      "With ?offers=<placement>, that placement's offers too, as GET /v1/o/{token}/offers answers them (then no ETag: each such answer records its own decision). " +
      "With ?view=survey (new in 2026-12, issue 22), only what the survey view reads (SurveyOrderView: the built-in survey without its wording), with an ETag and an edge-cache entry of its own; ?view=confirmation (new in 2026-12, issue 22) likewise only what the thank-you page's confirmation view reads (ConfirmationOrderView: no parcels, post-delivery survey, feedback or update choices); ?view=tracking what the tracking view and its refreshes read (TrackingOrderView: no thank-you page survey, the built-in post-delivery survey unworded). CORS only for the store's origins.",
    auth: "order_token",
    params: [token],
    query: [orderQuery],
    headers: [{ name: "If-None-Match", required: false, description: "The ETag of a previous answer" }],
    rateLimited: true,
    responses: {
      200: {
        description: "The order; with ?view=survey, confirmation or tracking, that view's part of it",
        schema: z.union([answer.orderView, answer.surveyOrderView, answer.confirmationOrderView, answer.trackingOrderView]),
        headers: {
          ETag: 'weak validator of this answer, opaque: W/"<format>.<order version>.<store version>.<until>" (new in 2026-12, issue 23); with ?view=survey W/"<format>s.…" ?view=confirmation W/"<format>c.…" and ?view=tracking W/"<format>t.…", never equal to the whole view\'s',
        },
      },
      304: { description: "Not modified since the ETag sent: its versions are the order's and its time has not passed" },
    },
  },
  {
    method: "post",
    path: "/v1/o/{token}/events",
    operationId: "recordEvents",
    tag: SHOPPER,
    summary: "A batch of widget events",
    description:
      "Views, clicks and answers; each event id is recorded once. An offer click is {type: offer_click, target: <kind>:<sku>}. " +
      "The body may also be sent as text/plain (parsed as JSON all the same), which a browser posts without a CORS preflight. " +
      "Changed in 2026-12 (issue 23): the admitted events are enqueued and written moments later (exactly once by their ids), so the answer is 202 " +
      "with every admitted id in `accepted`, `duplicates` empty and `queued: true`; reads (the order, the dashboard) show them once written. " +
      "503 storage_unavailable with Retry-After when the queue refuses (nothing was enqueued).",
    auth: "order_token",
    params: [token],
    rateLimited: true,
    body: { schema: eventBatch, maxBytes: DEFAULT_BODY_LIMIT, mediaTypes: JSON_OR_TEXT },
    responses: { 202: { description: "Admitted and enqueued: every admitted id, to be written once", schema: answer.eventsAccepted } },
    errors: {
      403: ORIGIN_NOT_ALLOWED,
      422: "events_rejected: some events were refused (details: accepted, duplicates, queued, rejected); the rest were enqueued",
    },
  },
  {
    method: "post",
    path: "/v1/o/{token}/preferences",
    operationId: "setUpdatePreference",
    tag: SHOPPER,
    summary: "How the shopper wants to hear about this order",
    description: "Without contact, the email or phone on the order is used. The time of the choice is kept as consent.",
    auth: "order_token",
    params: [token],
    rateLimited: true,
    body: { schema: preferencesInput, maxBytes: DEFAULT_BODY_LIMIT },
    responses: { 200: { description: "The choice, with the contact masked", schema: answer.preferencesAnswer } },
    errors: { 403: ORIGIN_NOT_ALLOWED, 422: "contact_required: no contact given and none on the order" },
  },
  {
    method: "post",
    path: "/v1/o/{token}/survey",
    operationId: "saveSurvey",
    tag: SHOPPER,
    summary:
      "A survey answer: one question of the store's survey at a placement, or the built-in post-delivery survey whole or a step at a time",
    description:
      "Two forms. Per question (new in 2026-12, issue 25): {placement, questionId, version?, value}, checked against the version shown (default: the current one), saved as given (answering again replaces), answered with SurveyAnswerSaved. " +
      "Step-wise (the built-in post-delivery survey): {rating, standout?, wants?, comment?, callback?}; each post replaces the order's one response and lands as the built-in survey's version-0 answers. " +
      "A completed survey can be changed for 24 hours.",
    auth: "order_token",
    params: [token],
    rateLimited: true,
    body: { schema: z.union([surveyAnswerInput, surveyInput]), maxBytes: DEFAULT_BODY_LIMIT },
    responses: {
      200: {
        description: "Saved (SurveyAnswerSaved for the per-question form)",
        schema: z.union([surveyAnswerSaved, answer.surveyAnswer]),
      },
    },
    errors: {
      400: "unknown_question: no question of this id in the version shown; invalid_answer: the value does not fit the question's type",
      403: ORIGIN_NOT_ALLOWED,
      404: "survey_version_not_found: the version named was never published (or is where the store went back to the built-in survey)",
      409: "survey_closed: completed more than 24 hours ago; survey_not_asked: the survey is off or not for this order's audience",
    },
  },
  {
    method: "post",
    path: "/v1/o/{token}/reviews",
    operationId: "saveReviews",
    tag: SHOPPER,
    summary: "Reviews of the order's items",
    description: "One review per item per order; sending an item again edits its review.",
    auth: "order_token",
    params: [token],
    rateLimited: true,
    body: { schema: reviewsInput, maxBytes: DEFAULT_BODY_LIMIT },
    responses: { 200: { description: "Every review of this order", schema: answer.reviewsAnswer } },
    errors: { 403: ORIGIN_NOT_ALLOWED, 422: "invalid_values: also when a sku is not an item of this order" },
  },
  {
    method: "post",
    path: "/v1/o/{token}/reviews/{sku}/photos",
    operationId: "addReviewPhoto",
    tag: SHOPPER,
    summary: "Add a photo to the review of an order's item (at most three)",
    description:
      "New in 2026-12 (issue 24). The body is the image itself (JPEG, PNG or WebP, at most 5 MB). Its type is read from its bytes, not from Content-Type or a file name; location, camera and every other metadata are removed before it is stored (a JPEG's orientation is kept). The photo is public at /v1/photos/{key} while the review is published. Write the review first.",
    auth: "order_token",
    params: [token, { name: "sku", schema: externalId, description: "The item's sku, as on the order." }],
    rateLimited: true,
    rawBody: { mediaTypes: PHOTO_MEDIA_TYPES, maxBytes: PHOTO_BODY_LIMIT, description: "The image file's bytes" },
    responses: { 201: { description: "Stored, metadata removed", schema: answer.photoAccepted } },
    errors: {
      403: ORIGIN_NOT_ALLOWED,
      404: "review_not_found: this item of the order has no review yet",
      409: "too_many_photos: the review has three photos already",
      422: "not_an_image: the bytes are not a JPEG, PNG or WebP image; malformed_image: the image is damaged; image_too_large: more than 12000 pixels a side",
    },
  },
  {
    method: "delete",
    path: "/v1/o/{token}/reviews/{sku}/photos/{key}",
    operationId: "removeReviewPhoto",
    tag: SHOPPER,
    summary: "Take a photo off the review of an order's item",
    description: "New in 2026-12 (issue 24). The photo stops being served at once and its stored object is deleted.",
    auth: "order_token",
    params: [
      token,
      { name: "sku", schema: externalId, description: "The item's sku, as on the order." },
      { name: "key", schema: photoKey, description: "The photo's key, from the upload's answer or the order's feedback." },
    ],
    rateLimited: true,
    responses: {
      200: {
        description: "The review's remaining photos",
        schema: z.object({ photos: z.array(z.object({ key: z.string(), width: z.int().optional(), height: z.int().optional() })) }),
      },
    },
    errors: { 403: ORIGIN_NOT_ALLOWED, 404: "photo_not_found: the review of this item has no such photo" },
  },
  {
    method: "get",
    path: "/v1/o/{token}/offers",
    operationId: "getOffers",
    tag: SHOPPER,
    summary: "Next-best offers for this shopper",
    description: "Ranked offers with a reason each; an order in the holdout arm gets none, and that is recorded.",
    auth: "order_token",
    params: [token],
    query: [offersQuery],
    rateLimited: true,
    responses: { 200: { description: "The decision and its offers", schema: answer.offersAnswer } },
  },
  {
    method: "get",
    path: "/v1/o/{token}/return-code.svg",
    operationId: "getReturnCode",
    tag: SHOPPER,
    summary: "The in-store return code",
    description: "The order's status link as a QR code, for an <img> in the tracking view.",
    auth: "order_token",
    params: [token],
    rateLimited: true,
    responses: { 200: { description: "An SVG image", mediaType: "image/svg+xml" } },
  },
] as const satisfies readonly Operation[];

const anyone = [
  {
    method: "get",
    path: "/v1/stores/{storeId}/config",
    operationId: "getStoreConfig",
    tag: PUBLIC,
    summary: "A store's public configuration",
    description: "Name, branding, support contacts, return policy and locales, for the widget. Nothing secret.",
    auth: "none",
    params: [storeIdParam],
    rateLimited: true,
    responses: { 200: { description: "The public config (cached for a minute)", schema: answer.storePublicConfig } },
    errors: { 404: "store_not_found: no such store, or a malformed id" },
  },
  {
    method: "get",
    path: "/v1/stores/{storeId}/products/{sku}/reviews",
    operationId: "getProductReviews",
    tag: PUBLIC,
    summary: "A product's published reviews: the aggregate and one page of reviews (10)",
    description:
      "New in 2026-12 (issue 24). For product pages and the widget's reviews view. Every review is from a real order of the product (`verifiedBuyer: true`); signed as the shopper chose (first name and initial, or anonymous). Never an email, order id, customer id or token. Cached by browsers and CDNs for a minute (weak ETag, 304 on If-None-Match); CORS for the store's origins. A sku without reviews answers a zero aggregate.",
    auth: "none",
    params: [storeIdParam, { name: "sku", schema: externalId, description: "The product's sku." }],
    query: [publicReviewsQuery],
    headers: [{ name: "If-None-Match", required: false, description: "The ETag of a previous answer" }],
    rateLimited: true,
    responses: {
      200: {
        description: "The aggregate and the page",
        schema: answer.productReviews,
        headers: { ETag: "weak validator of this answer", "Cache-Control": "public, max-age=60, stale-while-revalidate=600" },
      },
      304: { description: "Not modified since the ETag sent" },
    },
    errors: { 404: "store_not_found: no such store, or a malformed id" },
  },
  {
    method: "get",
    path: "/v1/stores/{storeId}/products/{sku}/reviews.jsonld",
    operationId: "getProductReviewsJsonLd",
    tag: PUBLIC,
    summary: "A product's reviews as schema.org Product JSON-LD, for the page's <script type=\"application/ld+json\">",
    description:
      "New in 2026-12 (issue 24). For merchants who render it into their product page on the server: name, sku, image, url, brand, gtin and mpn as the catalogue has them, `aggregateRating` and the newest ten `review`s (Google's review-snippet rules: none of either without published reviews). `<`, `>` and `&` are escaped as \\u003c, \\u003e, \\u0026 so the text can be pasted into a script element as is.",
    auth: "none",
    params: [storeIdParam, { name: "sku", schema: externalId, description: "The product's sku." }],
    headers: [{ name: "If-None-Match", required: false, description: "The ETag of a previous answer" }],
    rateLimited: true,
    responses: {
      200: { description: "application/ld+json", schema: answer.productJsonLdAnswer, mediaType: "application/ld+json" },
      304: { description: "Not modified since the ETag sent" },
    },
    errors: { 404: "store_not_found: no such store; product_not_found: the store never sold this sku and its catalogue does not have it" },
  },
  {
    method: "get",
    path: "/v1/stores/{storeId}/feeds/google-product-reviews.xml",
    operationId: "getGoogleReviewFeed",
    tag: PUBLIC,
    summary: "The store's published reviews as Google's product review feed (schema 2.4), for Merchant Center",
    description:
      "New in 2026-12 (issue 24). Every published review with words (a rating alone has no `content`, which the feed requires) whose product has a page URL (the catalogue's `url`, or an order line's), newest first, at most 20,000: its id, the name as the shopper chose it (anonymous ones marked is_anonymous), time, title and text, photos, rating, and the product by sku and, where the catalogue has them, GTIN, MPN and brand. Every review is order-verified (`collection_method` post_fulfillment). Cached for an hour.",
    auth: "none",
    params: [storeIdParam],
    rateLimited: true,
    responses: { 200: { description: "The feed", mediaType: "application/xml" } },
    errors: { 404: "store_not_found: no such store, or a malformed id" },
  },
  {
    method: "get",
    path: "/v1/photos/{key}",
    operationId: "getReviewPhoto",
    tag: PUBLIC,
    summary: "A review photo, metadata removed",
    description:
      "New in 2026-12 (issue 24). Only while its review is published (404 otherwise, and once the customer is erased). The key never changes for other bytes: cached for a year, immutable.",
    auth: "none",
    params: [{ name: "key", schema: photoKey, description: "The photo's key (ph_….jpg, .png or .webp)." }],
    rateLimited: true,
    responses: { 200: { description: "The image", mediaType: "image/jpeg" } },
    errors: { 404: "photo_not_found: no such photo, or its review is not published" },
  },
  {
    method: "post",
    path: "/v1/lookup",
    operationId: "lookupOrder",
    tag: PUBLIC,
    summary: "Find an order's token by order number and email",
    description:
      "The same answer time (at least 250 ms) and shape whether or not the order exists. At most 10 lookups a minute per IP, and 10 a minute per email address across all IPs.",
    auth: "none",
    rateLimited: true,
    body: { schema: lookupInput, maxBytes: DEFAULT_BODY_LIMIT },
    responses: { 200: { description: "The token, or null", schema: answer.lookupAnswer } },
    errors: { 403: ORIGIN_NOT_ALLOWED, 404: "store_not_found: no such store" },
  },
  {
    method: "get",
    path: "/v1/health",
    operationId: "health",
    tag: PUBLIC,
    summary: "Liveness",
    auth: "none",
    responses: { 200: { description: "The worker is up", schema: answer.health } },
  },
  {
    method: "get",
    path: "/v1/openapi.json",
    operationId: "getOpenApiDocument",
    tag: PUBLIC,
    summary: "This document (OpenAPI 3.1)",
    auth: "none",
    responses: { 200: { description: "The OpenAPI document", schema: z.record(z.string(), z.unknown()) } },
  },
  {
    method: "get",
    path: "/v1/docs",
    operationId: "getReference",
    tag: PUBLIC,
    summary: "This document as a readable page",
    auth: "none",
    responses: { 200: { description: "An HTML page", mediaType: "text/html" } },
  },
] as const satisfies readonly Operation[];

/** Every operation, each declared once: the routes mount and validate from these (http/declared.ts). */
export const OPERATIONS = [
  ...merchant,
  ...admin,
  ...reviewAdmin,
  ...parcelOps,
  ...connectionsOps,
  ...webhooks,
  ...platformOperations(ADMIN),
  ...selfServiceOperations(ADMIN),
  ...surveyOperations(ADMIN),
  ...shopper,
  ...anyone,
] as const;
type Declared = (typeof OPERATIONS)[number];
export type OperationId = Declared["operationId"];

/** The declaration of one operation, with its schemas' own types. */
export function declaration<Id extends OperationId>(id: Id): Extract<Declared, { operationId: Id }> {
  const found = OPERATIONS.find((op) => op.operationId === id);
  if (!found) throw new Error(`openapi: no operation ${id}`);
  return found as Extract<Declared, { operationId: Id }>;
}

export const DOORSTEP_API: DocumentSource = {
  info: {
    title: "Doorstep API",
    version: "1",
    description:
      "The post-purchase API of docs/contract.md. Money is in minor units. Every error is JSON: {error: {code, message, details?}}; an unexpected failure is 500 internal_error.",
  },
  tags: [...TAGS, PLATFORMS_TAG],
  operations: OPERATIONS,
};
