/**
 * One order and what followed it: the checkout, the thank-you page with its offers and the
 * checkout-feel cue, the parcel and the shopper checking on it, and, once delivered and used for a
 * while, the survey, the review invitation and the reviews.
 */
import { buildOrder } from "../../../demo-store/orders.ts";
import { findDiscountCode } from "../../../demo-store/pricing.ts";
import { feedbackWindow } from "../../../worker/domain/feedback-window.ts";
import { basket } from "./baskets.ts";
import type { Slot } from "./calendar.ts";
import { customerFor } from "./customers.ts";
import { decide } from "./offers.ts";
import { recordEvent, type HistoryRun } from "./run.ts";
import { shipmentFor } from "./shipments.ts";
import { reviewsFor, surveyFor } from "./survey.ts";
import { DAY, HOUR, MINUTE, type HistoryOrder, type ShipmentPlan, type SurveyPlan } from "./types.ts";

const WELCOME = findDiscountCode("WELCOME10");

/** Places the slot's order (a quarter of first orders use the welcome code) and lives out what followed it. */
export function orderAndAfter(run: HistoryRun, slot: Slot, id: string): void {
  const order = placeOrder(run, slot, id);
  thankYouPage(run, order);
  const shipment = shipmentFor(run, order);
  order.shipment = shipment;
  const trackingViews = trackingLooks(run, order, shipment);
  const shownAt = surveyShownAt(run, order, shipment);
  if (shownAt !== undefined) surveyAndReviews(run, order, shipment, shownAt);
  for (const at of trackingViews.sort((a, b) => a - b)) {
    if (!recordEvent(run, order, "view", "tracking", at)) continue;
    if (run.dice.chance(0.5)) decide(run, order, "tracking", at, 0.045);
  }
}

function placeOrder(run: HistoryRun, slot: Slot, id: string): HistoryOrder {
  const { dice } = run;
  const customer = customerFor(run, slot);
  const first = customer.orders.length === 0;
  const input = buildOrder({
    id,
    placedAt: new Date(Math.floor(slot.at / 1000) * 1000),
    market: customer.market,
    email: customer.email,
    phone: customer.phone,
    items: basket(dice, !first, slot.sku),
    discount: first && dice.chance(0.25) ? WELCOME : undefined,
    taxRate: customer.taxRate || undefined,
    origin: run.shopOrigin,
  });
  const order: HistoryOrder = { input, token: dice.randomId(43), placedAt: Date.parse(input.placedAt), customer, reviews: [] };
  customer.orders.push(order);
  run.orders.push(order);
  return order;
}

/** The thank-you page (most see it): confirmation, its offers, and for a third the checkout-feel cue. */
function thankYouPage(run: HistoryRun, order: HistoryOrder): void {
  const { dice } = run;
  if (!dice.chance(0.9)) return;
  const viewAt = order.placedAt + dice.between(15, 90) * 1000;
  recordEvent(run, order, "view", "confirmation", viewAt);
  decide(run, order, "confirmation", viewAt, 0.07);
  if (!dice.chance(0.33)) return;
  const feel = dice.weighted([
    ["easy", 0.72],
    ["okay", 0.2],
    ["hard", 0.08],
  ] as const);
  const feelAt = viewAt + dice.between(5, 45) * 1000;
  if (recordEvent(run, order, "checkout_feel", feel, feelAt)) order.checkoutFeel = { feel, at: feelAt };
}

/** When the shopper opens the tracking page: up to four times until a day after delivery, and a few weeks later. */
function trackingLooks(run: HistoryRun, order: HistoryOrder, shipment: ShipmentPlan): number[] {
  const { dice, nowMs } = run;
  const { placedAt } = order;
  const lookUntil = Math.min(nowMs, (shipment.deliveredAt ?? nowMs) + DAY);
  const looks = dice.chance(0.1)
    ? 0
    : dice.weighted([
        [1, 0.35],
        [2, 0.3],
        [3, 0.2],
        [4, 0.15],
      ] as const);
  const views: number[] = [];
  for (let i = 0; i < looks; i++) views.push(placedAt + 3 * HOUR + dice.random() ** 0.8 * Math.max(HOUR, lookUntil - placedAt - 3 * HOUR));
  // A few look the order up again weeks later (a return, a reorder).
  if (dice.chance(0.05)) views.push(placedAt + dice.between(18, 40) * DAY);
  return views;
}

/** When the survey was shown: once delivered and used a while (the store's timing), for six in ten. */
function surveyShownAt(run: HistoryRun, order: HistoryOrder, shipment: ShipmentPlan): number | undefined {
  if (!shipment.deliveredAt) return undefined;
  const { opensAt } = feedbackWindow({
    placedAt: order.input.placedAt,
    families: order.input.lines.map((l) => l.family),
    deliveredAt: [new Date(shipment.deliveredAt).toISOString()],
    timing: run.timing,
  });
  const shownAt = Date.parse(opensAt) + run.dice.random() ** 2 * 3 * DAY;
  return shownAt < run.nowMs - 10 * MINUTE && run.dice.chance(0.6) ? shownAt : undefined;
}

/** The survey view, the steps answered, then the review invitation, offers, and reviews for half of those who finished. */
function surveyAndReviews(run: HistoryRun, order: HistoryOrder, shipment: ShipmentPlan, shownAt: number): void {
  const { dice } = run;
  const survey = surveyFor(run, order, shipment, shownAt);
  order.survey = survey;
  // The store handles most detractor alerts within a day or two; the last week's are still open.
  if (survey && survey.rating <= 2 && survey.updatedAt < run.nowMs - 7 * DAY && dice.chance(0.8))
    survey.alertResolvedAt = survey.updatedAt + dice.between(2, 40) * HOUR;
  recordEvent(run, order, "view", "survey", shownAt);
  if (!survey) return;
  recordEvent(run, order, "survey_step", "1", survey.createdAt);
  if (survey.step2At) recordEvent(run, order, "survey_step", "2", survey.step2At);
  if (survey.completedAt) afterCompletion(run, order, survey, survey.completedAt);
}

function afterCompletion(run: HistoryRun, order: HistoryOrder, survey: SurveyPlan, completedAt: number): void {
  const { dice } = run;
  recordEvent(run, order, "survey_step", "3", completedAt);
  recordEvent(run, order, "review_invite", "survey", completedAt + 400);
  decide(run, order, "survey", completedAt + 900, 0.05);
  if (!dice.chance(0.5)) return;
  const reviewAt = completedAt + dice.between(1, 5) * MINUTE;
  if (reviewAt >= run.nowMs) return;
  order.reviews = reviewsFor(run, order, survey, reviewAt);
  recordEvent(run, order, "review_submit", String(order.reviews.length), order.reviews.at(-1)!.at + 500);
}
