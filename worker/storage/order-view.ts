/**
 * What GET /v1/o/{token} reads (issue 23): first the token's head (which order and store, their view
 * versions, the store's origins for CORS) in one indexed statement, which is all a refresh answered
 * 304 needs; then, only when the answer is not already known, the whole view in ONE statement (the
 * order with its lines and adjustments, the store, the update choice, marketing consent, survey,
 * reviews, parcels with their lines and estimates, and the newest scans), as JSON columns of one row.
 * The versions come with the view from the same statement, so an answer is filed under the versions
 * its data was read with (view-versions.ts says who raises them).
 */
import type { DelayReasonCode } from "../../contract/vocabularies.ts";
import type { OrderRecord, ReviewRecord, ShipmentRecord, Store, SurveyRecord, UpdatePreference } from "../domain/records.ts";
import type { ExceptionKind, ShipmentStatus } from "../domain/shipment-status.ts";
import type { ViewVersions } from "../domain/view-tag.ts";
import { REVIEW_PHOTOS_JSON, reviewFromRow, type ReviewRow } from "./feedback.ts";
import { orderFromRows, type AdjustmentRow, type LineRow, type OrderRow } from "./orders.ts";
import { FIRST_ORDER } from "./survey-answers.ts";
import type { StoredDefinition } from "./survey-definitions.ts";
import type { SurveyAnswerValue, SurveyDefinitionInput, SurveyPlacement } from "../../contract/surveys.ts";
import { originsOf, STORE_COLUMNS, storeFromRow, type StoreRow } from "./stores.ts";
import { FACTS_OF_TOKEN, factsFromRow, type FactsRow, type OfferFacts } from "./offers.ts";

/** What a token opens, before anything of the order is read. */
export interface OrderHead {
  storeId: string;
  orderId: string;
  /** Whose order it is (widget events are recorded under them). */
  customerId: string;
  /** The order's and its store's view versions. */
  versions: ViewVersions;
  /** The store's origins, for CORS. */
  origins: string[];
}

const BY_ACTIVE_TOKEN = `t.token = ? AND t.revoked_at IS NULL`;

/**
 * The head of the order an active token opens, or null: order_tokens by its primary key, orders and
 * stores by theirs, store_origins by its key prefix. One statement, one row.
 */
export async function orderHeadByToken(db: D1Database, token: string): Promise<OrderHead | null> {
  const row = await db
    .prepare(
      `SELECT t.store_id, t.order_id, ord.customer_id, ord.view_version AS order_version, s.view_version AS store_version,
         (SELECT json_group_array(json_array(so.origin, so.position, so.rowid)) FROM store_origins so WHERE so.store_id = t.store_id) AS origins
       FROM order_tokens t
       JOIN orders ord ON ord.store_id = t.store_id AND ord.id = t.order_id
       JOIN stores s ON s.id = t.store_id
       WHERE ${BY_ACTIVE_TOKEN}`,
    )
    .bind(token)
    .first<{
      store_id: string;
      order_id: string;
      customer_id: string;
      order_version: number;
      store_version: number;
      origins: string | null;
    }>();
  if (!row) return null;
  return {
    storeId: row.store_id,
    orderId: row.order_id,
    customerId: row.customer_id,
    versions: { order: row.order_version, store: row.store_version },
    origins: originsOf(row.origins).origins,
  };
}

/** Enough scans to draw any real parcel's journey; a runaway feed cannot make a page read unbounded. */
const UPDATES_PER_ORDER = 400;

// Each part of the view as a column of the one row. Arrays come back unordered from json_group_array:
// each carries what it is sorted by, and is sorted here.
const ORDER = `ord.store_id AS o_store_id, ord.id AS o_id, ord.number AS o_number, ord.customer_id AS o_customer_id,
  ord.placed_at AS o_placed_at, ord.currency AS o_currency, ord.locale AS o_locale, ord.subtotal AS o_subtotal, ord.total AS o_total,
  ord.checkout_feel AS o_checkout_feel, ord.cancelled_at AS o_cancelled_at, ord.view_version AS o_version, s.view_version AS s_version`;
const LINES = `(SELECT json_group_array(json_array(l.position, l.sku, l.name, l.family, l.quantity, l.unit_price, l.image_url, l.url))
  FROM order_lines l WHERE l.store_id = ord.store_id AND l.order_id = ord.id) AS o_lines`;
const ADJUSTMENTS = `(SELECT json_group_array(json_array(a.kind, a.position, a.label, a.amount))
  FROM order_adjustments a WHERE a.store_id = ord.store_id AND a.order_id = ord.id) AS o_adjustments`;
const CHOICES = `p.channel AS p_channel, p.contact AS p_contact,
  (SELECT json_group_object(m.channel, m.state) FROM marketing_consents m WHERE m.store_id = ord.store_id AND m.customer_id = ord.customer_id) AS marketing`;
const SURVEY = `(SELECT json_object('rating', r.rating, 'nps', r.nps, 'standout_choice', r.standout_choice, 'standout_text', r.standout_text,
    'wants', r.wants, 'comment', r.comment, 'callback', r.callback_phone IS NOT NULL, 'sentiment', r.sentiment,
    'next_action', r.next_action, 'steps_answered', r.steps_answered, 'completed_at', r.completed_at, 'created_at', r.created_at)
  FROM survey_responses r WHERE r.store_id = ord.store_id AND r.order_id = ord.id) AS survey`;
// Each review as getFeedback selects it (feedback.ts reviewFromRow reads both).
const REVIEWS = `(SELECT json_group_array(json_object('sku', v.sku, 'rating', v.rating, 'title', v.title, 'body', v.body,
    'status', v.status, 'moderation_reason', v.moderation_reason, 'author', v.author, 'photos', ${REVIEW_PHOTOS_JSON("v")}))
  FROM reviews v WHERE v.store_id = ord.store_id AND v.order_id = ord.id) AS reviews`;
// json() keeps the parcel's lines an array inside the parcel's array (a subquery's value loses its JSON type).
const PARCELS = `(SELECT json_group_array(json_array(sh.id, sh.carrier, sh.tracking_number, sh.tracking_url, sh.promised_from,
    sh.promised_to, e.estimate_from, e.estimate_to, sh.created_at,
    json((SELECT json_group_array(json_array(sl.sku, sl.quantity)) FROM shipment_lines sl WHERE sl.store_id = sh.store_id AND sl.shipment_id = sh.id))))
  FROM shipments sh LEFT JOIN carrier_estimates e ON e.store_id = sh.store_id AND e.tracking_number = sh.tracking_number
  WHERE sh.store_id = ord.store_id AND sh.order_id = ord.id) AS parcels`;
const SCANS = `(SELECT json_group_array(json_array(ev.tracking_number, ev.status, ev.exception_kind, ev.carrier_delay, ev.delay_reason,
    ev.occurred_at, ev.location, ev.description))
  FROM (SELECT * FROM carrier_events c
    WHERE c.store_id = ord.store_id AND c.tracking_number IN (SELECT tracking_number FROM shipments WHERE store_id = ord.store_id AND order_id = ord.id)
    ORDER BY c.occurred_at DESC LIMIT ${UPDATES_PER_ORDER}) ev) AS scans`;

// Surveys (issue 25): each placement's current definition (the newest version), the order's answers and
// completions, and whether the order is its customer's first (the surveys' audience). A newest version
// without a definition is the built-in survey published again (migration 0024): no row, so the default.
// Versions are few per placement; the answers are the order's own, by their primary key's prefix.
const SURVEYS = `(SELECT json_group_array(json_array(d.placement, d.version, json(d.definition), d.created_at))
    FROM survey_definitions d WHERE d.store_id = ord.store_id AND d.definition IS NOT NULL
      AND d.version = (SELECT max(x.version) FROM survey_definitions x WHERE x.store_id = d.store_id AND x.placement = d.placement)) AS survey_defs,
  (SELECT json_group_array(json_array(a.placement, a.question_id, json(a.value)))
    FROM survey_answers a WHERE a.store_id = ord.store_id AND a.order_id = ord.id) AS survey_answers,
  (SELECT json_group_array(json_array(sc.placement, sc.completed_at))
    FROM survey_completions sc WHERE sc.store_id = ord.store_id AND sc.order_id = ord.id) AS survey_completions,
  ${FIRST_ORDER("ord")} AS first_order`;

const FROM_TOKEN = `FROM order_tokens t
  JOIN orders ord ON ord.store_id = t.store_id AND ord.id = t.order_id
  JOIN stores s ON s.id = t.store_id`;

export interface OrderViewData {
  order: OrderRecord;
  store: Store;
  versions: ViewVersions;
  shipments: ShipmentRecord[];
  preference?: UpdatePreference;
  marketing: Record<"email" | "sms", boolean>;
  feedback: { survey?: SurveyRecord; reviews: ReviewRecord[] };
  surveys: SurveysData;
}

/** The store's current survey definitions and this order's answers (issue 25). */
export interface SurveysData {
  definitions: Partial<Record<SurveyPlacement, StoredDefinition>>;
  answers: Partial<Record<SurveyPlacement, Record<string, SurveyAnswerValue>>>;
  completedAt: Partial<Record<SurveyPlacement, string>>;
  firstOrder: boolean;
}

type ViewRow = StoreRow & {
  o_store_id: string;
  o_id: string;
  o_number: string | null;
  o_customer_id: string;
  o_placed_at: string;
  o_currency: string;
  o_locale: string | null;
  o_subtotal: number;
  o_total: number;
  o_checkout_feel: OrderRow["checkout_feel"];
  o_cancelled_at: string | null;
  o_version: number;
  s_version: number;
  o_lines: string;
  o_adjustments: string;
  p_channel: UpdatePreference["channel"] | null;
  p_contact: string | null;
  marketing: string | null;
  survey: string | null;
  reviews: string;
  parcels: string;
  scans: string;
  survey_defs: string;
  survey_answers: string;
  survey_completions: string;
  first_order: number;
};

/** Everything the order's view shows, with the versions it was read at, in one statement; null for no active token. */
export async function readOrderView(db: D1Database, token: string): Promise<OrderViewData | null> {
  const row = await db
    .prepare(
      `SELECT ${ORDER}, ${LINES}, ${ADJUSTMENTS}, ${STORE_COLUMNS}, ${CHOICES}, ${SURVEY}, ${REVIEWS}, ${PARCELS}, ${SCANS}, ${SURVEYS}
       ${FROM_TOKEN}
       LEFT JOIN order_preferences p ON p.store_id = t.store_id AND p.order_id = t.order_id
       WHERE ${BY_ACTIVE_TOKEN}`,
    )
    .bind(token)
    .first<ViewRow>();
  return row ? viewFromRow(row) : null;
}

/**
 * The view and what its offers are ranked from (storage/offers.ts FACTS_OF_TOKEN), in one statement: a
 * tracking page view with offers reads D1 twice, this and its decision. Null for no active token.
 */
export async function readOrderViewWithOfferFacts(
  db: D1Database,
  token: string,
): Promise<{ data: OrderViewData; facts: OfferFacts } | null> {
  const row = await db
    .prepare(
      `WITH ${FACTS_OF_TOKEN.ctes}
       SELECT ${ORDER}, ${LINES}, ${ADJUSTMENTS}, ${STORE_COLUMNS}, ${CHOICES}, ${SURVEY}, ${REVIEWS}, ${PARCELS}, ${SCANS}, ${SURVEYS},
         ${FACTS_OF_TOKEN.columns}
       ${FROM_TOKEN}
       LEFT JOIN order_preferences p ON p.store_id = t.store_id AND p.order_id = t.order_id
       WHERE ${BY_ACTIVE_TOKEN}`,
    )
    .bind(token, token)
    .first<ViewRow & FactsRow>();
  return row ? { data: viewFromRow(row), facts: factsFromRow(row, row.o_customer_id) } : null;
}

/** The order and its store (what every other shopper route needs), in one statement; null for no active token. */
export async function readOrderAndStore(db: D1Database, token: string): Promise<{ order: OrderRecord; store: Store } | null> {
  const row = await db
    .prepare(`SELECT ${ORDER}, ${LINES}, ${ADJUSTMENTS}, ${STORE_COLUMNS} ${FROM_TOKEN} WHERE ${BY_ACTIVE_TOKEN}`)
    .bind(token)
    .first<ViewRow>();
  return row ? { order: orderOf(row), store: storeFromRow(row) } : null;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function orderOf(row: ViewRow): OrderRecord {
  type Line = [number, string, string, string | null, number, number, string | null, string | null];
  type Adjustment = [AdjustmentRow["kind"], number, string, number];
  const lines = (JSON.parse(row.o_lines) as Line[]).sort((a, b) => a[0] - b[0]);
  const adjustments = (JSON.parse(row.o_adjustments) as Adjustment[]).sort((a, b) => byText(a[0], b[0]) || a[1] - b[1]);
  return orderFromRows(
    {
      store_id: row.o_store_id,
      id: row.o_id,
      number: row.o_number,
      customer_id: row.o_customer_id,
      placed_at: row.o_placed_at,
      currency: row.o_currency,
      locale: row.o_locale,
      subtotal: row.o_subtotal,
      total: row.o_total,
      checkout_feel: row.o_checkout_feel,
      cancelled_at: row.o_cancelled_at,
    },
    lines.map(
      ([, sku, name, family, quantity, unit_price, image_url, url]): LineRow => ({
        sku,
        name,
        family,
        quantity,
        unit_price,
        image_url,
        url,
      }),
    ),
    adjustments.map(([kind, , label, amount]) => ({ kind, label, amount })),
  );
}

function viewFromRow(row: ViewRow): OrderViewData {
  type Parcel = [
    string,
    string,
    string,
    string | null,
    string | null,
    string | null,
    string | null,
    string | null,
    string,
    [string, number][],
  ];
  type Scan = [string, ShipmentStatus | null, ExceptionKind | null, number, DelayReasonCode | null, string, string | null, string | null];
  const scans = JSON.parse(row.scans) as Scan[];
  const parcels = (JSON.parse(row.parcels) as Parcel[]).sort((a, b) => byText(a[8], b[8]) || byText(a[0], b[0]));
  const shipments = parcels.map(
    ([id, carrier, trackingNumber, trackingUrl, promisedFrom, promisedTo, estimateFrom, estimateTo, , lines]): ShipmentRecord => ({
      id,
      orderId: row.o_id,
      carrier,
      trackingNumber,
      trackingUrl: trackingUrl ?? undefined,
      promisedFrom: promisedFrom ?? undefined,
      promisedTo: promisedTo ?? undefined,
      estimate: estimateFrom && estimateTo ? { from: estimateFrom, to: estimateTo } : undefined,
      lines: lines.sort((a, b) => byText(a[0], b[0])).map(([sku, quantity]) => ({ sku, quantity })),
      updates: scans
        .filter((s) => s[0] === trackingNumber)
        .map(([, status, exceptionKind, carrierDelay, delayReason, occurredAt, location, description]) => ({
          status,
          exceptionKind: exceptionKind ?? undefined,
          carrierDelay: carrierDelay === 1,
          delayReason: delayReason ?? undefined,
          occurredAt,
          location: location ?? undefined,
          description: description ?? undefined,
        })),
    }),
  );
  const states = JSON.parse(row.marketing ?? "{}") as Record<string, string>;
  return {
    order: orderOf(row),
    store: storeFromRow(row),
    versions: { order: row.o_version, store: row.s_version },
    shipments,
    preference: row.p_channel ? { channel: row.p_channel, contact: row.p_contact ?? undefined } : undefined,
    marketing: { email: states.email === "granted", sms: states.sms === "granted" },
    feedback: {
      survey: row.survey ? surveyOf(JSON.parse(row.survey) as SurveyJson) : undefined,
      reviews: (JSON.parse(row.reviews) as ReviewRow[]).sort((a, b) => byText(a.sku, b.sku)).map(reviewFromRow),
    },
    surveys: surveysOf(row),
  };
}

function surveysOf(row: ViewRow): SurveysData {
  const data: SurveysData = { definitions: {}, answers: {}, completedAt: {}, firstOrder: row.first_order === 1 };
  for (const [placement, version, definition, createdAt] of JSON.parse(row.survey_defs) as [
    SurveyPlacement,
    number,
    SurveyDefinitionInput,
    string,
  ][]) {
    data.definitions[placement] = { version, definition, createdAt };
  }
  for (const [placement, questionId, value] of JSON.parse(row.survey_answers) as [SurveyPlacement, string, SurveyAnswerValue][]) {
    (data.answers[placement] ??= {})[questionId] = value;
  }
  for (const [placement, completedAt] of JSON.parse(row.survey_completions) as [SurveyPlacement, string][]) {
    data.completedAt[placement] = completedAt;
  }
  return data;
}

interface SurveyJson {
  rating: number | null;
  nps: number | null;
  standout_choice: string | null;
  standout_text: string | null;
  wants: SurveyRecord["wants"] | null;
  comment: string | null;
  callback: number;
  sentiment: SurveyRecord["sentiment"];
  next_action: SurveyRecord["nextAction"];
  steps_answered: number;
  completed_at: string | null;
  created_at: string;
}

const surveyOf = (r: SurveyJson): SurveyRecord => ({
  rating: r.rating,
  nps: r.nps ?? undefined,
  standout: r.standout_choice ? { choice: r.standout_choice, text: r.standout_text ?? undefined } : undefined,
  wants: r.wants ?? undefined,
  comment: r.comment ?? undefined,
  callbackRequested: !!r.callback,
  sentiment: r.sentiment,
  nextAction: r.next_action,
  stepsAnswered: r.steps_answered,
  completedAt: r.completed_at ?? undefined,
  createdAt: r.created_at,
});
