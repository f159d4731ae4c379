/**
 * Eight weeks of believable history for the demo store, so the merchant dashboard has something to show:
 * orders with a weekly rhythm (weekends busier), returning customers, parcels and their carrier scans,
 * the widget's events (confirmation and tracking views, checkout feel, the survey funnel, review
 * prompts, offer clicks), survey answers, reviews, offer decisions (holdout included) and the
 * conversions of clicked offers.
 *
 * Everything is plain data, made deterministically: a seeded PRNG, so the same `now` gives the same
 * history. seed.ts writes it into local D1.
 */
import { orderAndAfter } from "./order-story.ts";
import { startRun } from "./run.ts";
import { assignSegments, learnedKindStats, quintilesNow } from "./segments.ts";
import type { DemoHistory, HistoryOptions } from "./types.ts";

const FIRST_NUMBER = 10001;
/** History orders are `H-10001`, `H-10002`, … */
export const FIRST_ORDER_ID = `H-${FIRST_NUMBER}`;

export function generateDemoHistory(options: HistoryOptions): DemoHistory {
  const run = startRun(options);
  let number = FIRST_NUMBER;
  // The orders in time order, each with what followed it (which may plan a later order).
  for (let slot = run.calendar.next(); slot; slot = run.calendar.next()) orderAndAfter(run, slot, `H-${number++}`);
  assignSegments(run.orders, run.decisions, run.firstDay, run.nowMs);
  run.events.sort((a, b) => a.at - b.at);
  return {
    orders: run.orders,
    events: run.events,
    decisions: run.decisions,
    quintiles: quintilesNow(run.orders, options.now),
    kindStats: learnedKindStats(run.decisions),
  };
}
