/**
 * The counts behind the merchant's figures, for one store and a date range, in one round trip.
 * Times are compared as instants (`unixepoch`), since merchants send order times with their own
 * offsets; days are UTC days. The arithmetic on these counts is in domain/metrics.ts.
 */
import type { CountRow, MetricCounts, RatingCounts } from "../domain/metrics.ts";
import type { CustomerOutcome } from "../domain/offers/lift.ts";

export interface MetricsRange {
  storeId: string;
  /** ISO instants; `to` is exclusive. */
  from: string;
  to: string;
}

const inRange = (column: string) => `unixepoch(${column}) >= unixepoch(?2) AND unixepoch(${column}) < unixepoch(?3)`;

// The decision a click answered: the latest one shown for that order before the click.
const decisionOf = (alias: string) =>
  `(SELECT d.rowid FROM offer_decisions d WHERE d.store_id = ${alias}.store_id AND d.order_id = ${alias}.order_id
     AND unixepoch(d.at) <= unixepoch(${alias}.occurred_at) ORDER BY d.at DESC LIMIT 1)`;

export async function metricCounts(db: D1Database, { storeId, from, to }: MetricsRange): Promise<MetricCounts> {
  const q = (sql: string) => db.prepare(sql).bind(storeId, from, to);
  // One statement per source (D1 allows few terms in a compound SELECT), each answering (day, key, n).
  const dailyStatements = [
    q(`SELECT date(occurred_at) AS day, CASE WHEN type = 'view' THEN 'view_' || target ELSE type END AS key, count(*) AS n
       FROM widget_events
       WHERE store_id = ?1 AND ${inRange("occurred_at")}
         AND (type IN ('offer_click', 'review_submit', 'checkout_feel') OR (type = 'view' AND target IN ('confirmation', 'tracking', 'survey')))
       GROUP BY day, key`),
    q(
      `SELECT date(placed_at) AS day, 'orders' AS key, count(*) AS n FROM orders WHERE store_id = ?1 AND ${inRange("placed_at")} GROUP BY 1`,
    ),
    q(`SELECT date(created_at) AS day, 'responses' AS key, count(*) AS n FROM survey_responses WHERE store_id = ?1 AND ${inRange("created_at")} GROUP BY 1
       UNION ALL
       SELECT date(created_at), 'rating_' || rating, count(*) FROM survey_responses WHERE store_id = ?1 AND rating IS NOT NULL AND ${inRange("created_at")} GROUP BY 1, 2`),
    q(
      `SELECT date(completed_at) AS day, 'completed' AS key, count(*) AS n FROM survey_responses WHERE store_id = ?1 AND ${inRange("completed_at")} GROUP BY 1`,
    ),
    q(`SELECT date(created_at) AS day, 'reviews' AS key, count(*) AS n FROM reviews WHERE store_id = ?1 AND ${inRange("created_at")} GROUP BY 1
       UNION ALL
       SELECT date(created_at), 'review_stars', sum(rating) FROM reviews WHERE store_id = ?1 AND ${inRange("created_at")} GROUP BY 1`),
    q(`SELECT date(at) AS day, 'impressions' AS key, sum(json_array_length(offers)) AS n FROM offer_decisions
       WHERE store_id = ?1 AND arm = 'treatment' AND ${inRange("at")} GROUP BY 1`),
    q(`SELECT date(o.placed_at) AS day, 'conversions' AS key, count(*) AS n FROM offer_conversions c JOIN orders o ON o.store_id = c.store_id AND o.id = c.order_id
       WHERE c.store_id = ?1 AND ${inRange("o.placed_at")} GROUP BY 1`),
  ];
  const results = await db.batch([
    ...dailyStatements,
    q(
      `SELECT count(DISTINCT order_id) AS n FROM widget_events WHERE store_id = ?1 AND type = 'view' AND target = 'tracking' AND ${inRange("occurred_at")}`,
    ),
    q(
      `SELECT count(DISTINCT order_id) AS n FROM widget_events WHERE store_id = ?1 AND type = 'view' AND target = 'survey' AND ${inRange("occurred_at")}`,
    ),
    q(`SELECT count(*) AS started, coalesce(sum(steps_answered >= 2), 0) AS second, coalesce(sum(completed_at IS NOT NULL), 0) AS completed
       FROM survey_responses WHERE store_id = ?1 AND ${inRange("created_at")}`),
    // A response a merchant's NPS question drove has no 1–5 rating (issue 25): counted in `nps` instead.
    q(
      `SELECT rating, count(*) AS n FROM survey_responses WHERE store_id = ?1 AND rating IS NOT NULL AND ${inRange("created_at")} GROUP BY rating`,
    ),
    q(`SELECT count(*) AS count, avg(rating) AS average FROM reviews WHERE store_id = ?1 AND ${inRange("created_at")}`),
    // Customers who ordered in the range, and those of them who had ordered before or ordered again.
    q(`SELECT count(*) AS ordering, coalesce(sum(n > 1 OR EXISTS (
           SELECT 1 FROM orders p WHERE p.store_id = ?1 AND p.customer_id = c.customer_id AND unixepoch(p.placed_at) < unixepoch(?2))), 0) AS repeaters
       FROM (SELECT customer_id, count(*) AS n FROM orders WHERE store_id = ?1 AND ${inRange("placed_at")} GROUP BY customer_id) c`),
    // Offers by segment and by placement: shown (treatment decisions in the range), clicked (clicks in
    // the range, credited to the decision they answered), converted (orders in the range from a click).
    q(`WITH shown AS (
         SELECT segment, placement, json_array_length(offers) AS n FROM offer_decisions
         WHERE store_id = ?1 AND arm = 'treatment' AND ${inRange("at")}),
       clicks AS (
         SELECT e.id, d.segment, d.placement FROM widget_events e JOIN offer_decisions d ON d.rowid = ${decisionOf("e")}
         WHERE e.store_id = ?1 AND e.type = 'offer_click' AND ${inRange("e.occurred_at")}),
       converted AS (
         SELECT d.segment, d.placement, c.revenue FROM offer_conversions c
         JOIN orders o ON o.store_id = c.store_id AND o.id = c.order_id
         JOIN widget_events e ON e.store_id = c.store_id AND e.id = c.click_event_id
         JOIN offer_decisions d ON d.rowid = ${decisionOf("e")}
         WHERE c.store_id = ?1 AND ${inRange("o.placed_at")}),
       facts AS (
         SELECT segment, placement, n AS impressions, 0 AS clicks, 0 AS conversions, 0 AS revenue FROM shown
         UNION ALL SELECT segment, placement, 0, 1, 0, 0 FROM clicks
         UNION ALL SELECT segment, placement, 0, 0, 1, revenue FROM converted)
       SELECT 'segment' AS "by", segment AS value, sum(impressions) AS impressions, sum(clicks) AS clicks, sum(conversions) AS conversions, sum(revenue) AS revenue
       FROM facts GROUP BY segment
       UNION ALL
       SELECT 'placement', placement, sum(impressions), sum(clicks), sum(conversions), sum(revenue) FROM facts GROUP BY placement`),
    q(`SELECT count(*) AS n FROM offer_decisions WHERE store_id = ?1 AND arm = 'holdout' AND ${inRange("at")}`),
    // Open alerts are counted whenever they were raised: an old one still waiting matters most.
    db
      .prepare(`SELECT count(*) AS n FROM survey_responses WHERE store_id = ? AND sentiment = 'negative' AND alert_resolved_at IS NULL`)
      .bind(storeId),
    q(`SELECT kind, CASE WHEN status = 'sent' THEN 'sent' ELSE coalesce(reason, status) END AS outcome, count(*) AS n
       FROM lifecycle_moments WHERE store_id = ?1 AND status <> 'scheduled' AND ${inRange("decided_at")} GROUP BY 1, 2
       UNION ALL
       SELECT target, 'click', count(*) FROM widget_events WHERE store_id = ?1 AND type = 'moment_click' AND ${inRange("occurred_at")} GROUP BY 1
       UNION ALL
       -- An order by the same customer within 7 days after following a moment's link.
       SELECT e.target, 'conversion', count(DISTINCT o.id) FROM widget_events e
       JOIN orders o ON o.store_id = e.store_id AND o.customer_id = e.customer_id
         AND unixepoch(o.placed_at) > unixepoch(e.occurred_at) AND unixepoch(o.placed_at) <= unixepoch(e.occurred_at) + 7 * 86400
       WHERE e.store_id = ?1 AND e.type = 'moment_click' AND ${inRange("e.occurred_at")} GROUP BY 1`),
    // Every answer to an NPS question of any survey, first given in the range (issue 25).
    q(`SELECT CAST(value AS INTEGER) AS score, count(*) AS n FROM survey_answers
       WHERE store_id = ?1 AND question_type = 'nps' AND ${inRange("created_at")} GROUP BY 1`),
  ]);
  const daily = results.slice(0, dailyStatements.length).flatMap((r) => r.results as unknown as CountRow[]);
  const [tracked, shown, funnel, ratings, reviews, customers, offers, holdout, alerts, moments, nps] = results.slice(
    dailyStatements.length,
  );
  const one = <T>(r: D1Result | undefined) => (r?.results[0] ?? {}) as T;
  const ratingCounts: RatingCounts = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  for (const r of (ratings?.results ?? []) as { rating: number; n: number }[]) ratingCounts[String(r.rating) as keyof RatingCounts] = r.n;
  const f = one<{ started: number; second: number; completed: number }>(funnel);
  const rv = one<{ count: number; average: number | null }>(reviews);
  const cu = one<{ ordering: number; repeaters: number }>(customers);
  return {
    daily: daily.filter((r) => r.day),
    trackedOrders: one<{ n: number }>(tracked).n ?? 0,
    surveyShown: one<{ n: number }>(shown).n ?? 0,
    funnel: { started: f.started ?? 0, secondStep: f.second ?? 0, completed: f.completed ?? 0 },
    ratings: ratingCounts,
    reviews: { count: rv.count ?? 0, average: rv.average ?? null },
    customers: { ordering: cu.ordering ?? 0, returning: cu.repeaters ?? 0 },
    offers: ((offers?.results ?? []) as MetricCounts["offers"]).filter((o) => o.value !== null),
    holdoutDecisions: one<{ n: number }>(holdout).n ?? 0,
    alertsOpen: one<{ n: number }>(alerts).n ?? 0,
    moments: (moments?.results ?? []) as MetricCounts["moments"],
    npsScores: (nps?.results ?? []) as { score: number; n: number }[],
  };
}

/**
 * One row per customer whose first offer decision falls in the range: their arm, and what they ordered
 * after it (within the attribution window, and at all).
 */
export async function liftOutcomes(db: D1Database, { storeId, from, to }: MetricsRange, windowDays: number): Promise<CustomerOutcome[]> {
  const { results } = await db
    .prepare(
      `WITH cohort AS (
         SELECT customer_id, min(at) AS first_at, min(arm) AS arm FROM offer_decisions
         WHERE store_id = ?1 GROUP BY customer_id HAVING unixepoch(min(at)) >= unixepoch(?2) AND unixepoch(min(at)) < unixepoch(?3))
       SELECT c.arm,
              count(o.id) AS orders_after,
              sum(CASE WHEN julianday(o.placed_at) <= julianday(c.first_at) + ?4 THEN 1 ELSE 0 END) AS orders_in_window,
              coalesce(sum(o.total), 0) AS revenue_after
       FROM cohort c LEFT JOIN orders o
         ON o.store_id = ?1 AND o.customer_id = c.customer_id AND julianday(o.placed_at) > julianday(c.first_at)
       GROUP BY c.customer_id, c.arm`,
    )
    .bind(storeId, from, to, windowDays)
    .all<{ arm: "treatment" | "holdout"; orders_after: number; orders_in_window: number | null; revenue_after: number }>();
  return results.map((r) => ({
    arm: r.arm,
    ordersAfter: r.orders_after,
    ordersInWindow: r.orders_in_window ?? 0,
    revenueAfter: r.revenue_after,
  }));
}
