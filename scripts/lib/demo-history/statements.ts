/**
 * The demo history as the worker's own statements (worker/storage), in the order that lets the worker's
 * aggregates come out as it would have kept them: widget events first (a clicked offer's conversion is
 * found by the later order's own statements, from the click), then decisions, then each order with its
 * parcel, survey and reviews, then what the bandit learned and the nightly cut points.
 */
import { surveySignal } from "../../../worker/domain/survey-signal.ts";
import type { SurveyInput } from "../../../worker/schemas/feedback.ts";
import { resolveAlertStatement } from "../../../worker/storage/dashboard.ts";
import { checkoutFeelStatement, widgetEventStatement } from "../../../worker/storage/events.ts";
import { reviewStatement, surveyResponseStatement, type Owner } from "../../../worker/storage/feedback.ts";
import { decisionStatement, kindStatsStatement, quintilesStatement } from "../../../worker/storage/offers.ts";
import { orderUpsertStatements } from "../../../worker/storage/orders.ts";
import { insertUpdateStatements, shipmentUpsertStatements, type UpdateToStore } from "../../../worker/storage/shipments.ts";
import type { Statement } from "../../../worker/storage/statement.ts";
import { surveyAnswerStatement, surveyCompletionStatement } from "../../../worker/storage/survey-answers.ts";
import type { DemoHistory, HistoryOrder, Scan, ShipmentPlan, SurveyPlan } from "./types.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export function* historyStatements(storeId: string, history: DemoHistory, now: Date): Generator<Statement> {
  for (const e of history.events) {
    const owner = { storeId, orderId: e.orderId, customerId: e.customerId };
    yield widgetEventStatement(owner, { id: e.id, type: e.type, target: e.target, at: iso(e.at) }, iso(e.receivedAt));
  }
  for (const d of history.decisions) yield decisionStatement({ storeId, ...d, at: iso(d.at) });
  for (const order of history.orders) yield* orderStatements(storeId, order);
  // What was shown, each decision counted as it was written (migration 0022's trigger); the clicks here.
  for (const s of history.kindStats) if (s.clicked) yield kindStatsStatement(storeId, s.segment, s.kind, { shown: 0, clicked: s.clicked });
  yield quintilesStatement(storeId, history.quintiles, now.toISOString());
}

/** The order as the merchant's server posts it a few seconds after checkout, then what followed it. */
function orderStatements(storeId: string, order: HistoryOrder): Statement[] {
  const owner: Owner = { storeId, orderId: order.input.id, customerId: order.customer.id };
  const postedAt = iso(order.placedAt + 2000);
  return [
    ...orderUpsertStatements(storeId, order.input, order.token, postedAt, { isNew: true, attributionDays: 7 }),
    ...(order.checkoutFeel ? [checkoutFeelStatement(owner, order.checkoutFeel.feel, iso(order.checkoutFeel.at))] : []),
    ...(order.shipment ? shipmentStatements(storeId, order, order.shipment) : []),
    ...(order.survey ? surveySteps(owner, order.survey) : []),
    ...attributionAnswer(owner, order),
    ...order.reviews.map((review) => reviewStatement(owner, review, iso(review.at))),
  ];
}

/** How the demo's shoppers heard of the store: weights roughly as a social-first small brand sees them. */
const CHANNELS: [string, number][] = [
  ["instagram", 22],
  ["search", 20],
  ["friend_family", 15],
  ["tiktok", 12],
  ["facebook", 8],
  ["youtube", 7],
  ["podcast", 5],
  ["influencer", 4],
  ["email", 4],
  ["tv_radio", 1],
  ["other", 2],
];
const OTHER_WORDS = ["Farmers market", "farmers market", "A trail-running blog", "Saw it at a race", "Gift from my sister"];

/**
 * The thank-you page's "How did you hear about us?" (issue 25), answered by about 45% of shoppers a
 * minute after checkout, so the dashboard has an attribution report. Drawn from a hash of the order's
 * token, not from the history's dice: the rest of the generated history stays exactly as it was.
 */
function attributionAnswer(owner: Owner, order: HistoryOrder): Statement[] {
  let h = 2166136261;
  for (const ch of order.token) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  if (h % 100 >= 45) return [];
  let pick = (h >>> 8) % CHANNELS.reduce((n, [, w]) => n + w, 0);
  const choice = CHANNELS.find(([, w]) => (pick -= w) < 0)![0];
  const value = choice === "other" ? { choice, text: OTHER_WORDS[(h >>> 20) % OTHER_WORDS.length]! } : { choice };
  const at = iso(order.placedAt + 60_000);
  return [
    surveyAnswerStatement(
      owner,
      { placement: "confirmation", version: 0, questionId: "heard_from", questionType: "attribution", value },
      at,
    ),
    surveyCompletionStatement(owner, "confirmation", 0, at),
  ];
}

/** The parcel as the merchant registers it, and each scan as the merchant events endpoint stores it (90 s later). */
function shipmentStatements(storeId: string, order: HistoryOrder, shipment: ShipmentPlan): Statement[] {
  const lines = order.input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  const input = { id: shipment.id, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, lines };
  return [
    ...shipmentUpsertStatements(storeId, order.input.id, input, iso(shipment.createdAt)),
    ...shipment.scans.flatMap((scan) =>
      insertUpdateStatements(storeId, shipment.trackingNumber, [merchantUpdate(scan)], iso(scan.at + 90_000)),
    ),
  ];
}

/** As worker/routes/shipments.ts turns a merchant's shipment event into an update. */
function merchantUpdate(scan: Scan): UpdateToStore {
  const body = {
    id: scan.id,
    status: scan.status,
    occurredAt: iso(scan.at),
    location: scan.location,
    ...(scan.description ? { description: scan.description } : {}),
  };
  return {
    id: `m:${scan.id}`,
    source: "merchant",
    status: scan.status,
    exceptionKind: scan.status === "exception" ? "other" : undefined,
    carrierDelay: false,
    occurredAt: iso(scan.at),
    location: scan.location,
    description: scan.description,
    raw: JSON.stringify(body),
  };
}

/**
 * The survey as the widget posts it, one step at a time (the rating, then with what stood out, then
 * everything), each step replacing the last; then the merchant marking a detractor's alert handled.
 */
function surveySteps(owner: Owner, survey: SurveyPlan): Statement[] {
  const step = (input: SurveyInput, steps: number, at: number, completedAt?: number) =>
    surveyResponseStatement(
      owner,
      input,
      surveySignal(input.rating, input.wants),
      steps,
      completedAt === undefined ? undefined : iso(completedAt),
      iso(at),
    );
  const { rating, standout, wants, comment, callback } = survey;
  const statements = [step({ rating }, 1, survey.createdAt)];
  if (survey.step2At) statements.push(step({ rating, standout }, 2, survey.step2At));
  if (survey.completedAt) {
    const everything = { rating, standout, wants, comment, callback: callback && { phone: callback.phone, preferredTime: callback.time } };
    statements.push(step(everything, 3, survey.completedAt, survey.completedAt));
  }
  if (survey.alertResolvedAt) statements.push(resolveAlertStatement(owner.storeId, owner.orderId, iso(survey.alertResolvedAt)));
  return statements;
}
