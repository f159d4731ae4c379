/**
 * The merchant's figures, from counts already read (pure, no I/O): rates that are `null` rather than a
 * made-up 0 when nothing was counted, the survey scores, and daily series with every day of the range
 * present (a chart with gaps for quiet days would lie about the trend).
 */
import type { AdminMetrics, MomentFigures } from "../../contract/admin.ts";
import { liftReport, type CustomerOutcome } from "./offers/lift.ts";
import { npsFigures } from "./surveys/reports.ts";

/** `part / whole`, or null when the whole is 0 (a rate of nothing is unknown, not zero). */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export type RatingCounts = Record<"1" | "2" | "3" | "4" | "5", number>;

export const noRatings = (): RatingCounts => ({ "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 });

/**
 * CSAT: the share of answers rating 4 or 5. The NPS-style score: that share minus the share rating 1
 * or 2, in points from −100 to 100 (the survey's five-point scale, with the sentiment classes the
 * offers use: 4–5 positive, 3 neutral, 1–2 negative). Average: the mean rating.
 */
export function surveyScores(ratings: RatingCounts): {
  responses: number;
  average: number | null;
  csat: number | null;
  npsStyle: number | null;
} {
  const n = ratings["1"] + ratings["2"] + ratings["3"] + ratings["4"] + ratings["5"];
  const sum = ratings["1"] + 2 * ratings["2"] + 3 * ratings["3"] + 4 * ratings["4"] + 5 * ratings["5"];
  const happy = rate(ratings["4"] + ratings["5"], n);
  const unhappy = rate(ratings["1"] + ratings["2"], n);
  return {
    responses: n,
    average: rate(sum, n),
    csat: happy,
    npsStyle: happy === null || unhappy === null ? null : Math.round((happy - unhappy) * 1000) / 10,
  };
}

/** Every UTC day from `from` up to (not including) `to`, as YYYY-MM-DD. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(to);
  for (let t = Date.parse(from.slice(0, 10)); t < end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Rows keyed by day into one row per day of `days`, zeros where nothing happened. */
export function dailySeries<K extends string>(
  days: string[],
  keys: readonly K[],
  rows: { day: string; key: K; n: number }[],
): ({ day: string } & Record<K, number>)[] {
  const byDay = new Map(
    days.map((day) => [day, { day, ...Object.fromEntries(keys.map((k) => [k, 0])) } as { day: string } & Record<K, number>]),
  );
  for (const row of rows) {
    const slot = byDay.get(row.day);
    if (slot) (slot as Record<K, number>)[row.key] += row.n;
  }
  return [...byDay.values()];
}

export interface OfferCounts {
  impressions: number;
  clicks: number;
  conversions: number;
  revenue: number;
}

/** Click-through (clicks per offer shown) and conversion (conversions per click). */
export const offerRates = (c: OfferCounts) => ({
  ...c,
  clickThrough: rate(c.clicks, c.impressions),
  conversion: rate(c.conversions, c.clicks),
});

/** A count read from storage: one figure on one day. */
export interface CountRow {
  day: string;
  key: string;
  n: number;
}

export interface MetricCounts {
  /** Per day and figure (see the keys in the SQL below). */
  daily: CountRow[];
  /** Distinct orders with at least one tracking view. */
  trackedOrders: number;
  /** Distinct orders shown the survey. */
  surveyShown: number;
  funnel: { started: number; secondStep: number; completed: number };
  ratings: RatingCounts;
  reviews: { count: number; average: number | null };
  customers: { ordering: number; returning: number };
  offers: { by: "segment" | "placement"; value: string; impressions: number; clicks: number; conversions: number; revenue: number }[];
  holdoutDecisions: number;
  alertsOpen: number;
  /** Lifecycle moments settled in the range, per kind and outcome (sent, or the reason it was not). */
  moments: { kind: string; outcome: string; n: number }[];
  /** Answers to NPS questions given in the range, per score 0–10 (issue 25); absent or empty: none asked. */
  npsScores?: { score: number; n: number }[];
}

export const DAILY_KEYS = [
  "orders",
  "view_confirmation",
  "view_tracking",
  "view_survey",
  "responses",
  "completed",
  "rating_1",
  "rating_2",
  "rating_3",
  "rating_4",
  "rating_5",
  "reviews",
  "review_stars",
  "impressions",
  "offer_click",
  "conversions",
  "checkout_feel",
  "review_submit",
] as const;
type DailyKey = (typeof DAILY_KEYS)[number];

/** The admin API's `GET /v1/admin/metrics` answer, from the counts and the lift cohort. */
export function assembleMetrics(
  range: { from: string; to: string },
  counts: MetricCounts,
  outcomes: CustomerOutcome[],
  rules: { attributionDays: number; holdoutShare: number },
): AdminMetrics {
  const days = daysOf(range.from, range.to);
  const daily = dailySeries(
    days,
    DAILY_KEYS,
    counts.daily.filter((r): r is { day: string; key: DailyKey; n: number } => (DAILY_KEYS as readonly string[]).includes(r.key)),
  );
  const sum = (key: DailyKey) => daily.reduce((s, d) => s + d[key], 0);
  const ratings: RatingCounts = {
    "1": sum("rating_1"),
    "2": sum("rating_2"),
    "3": sum("rating_3"),
    "4": sum("rating_4"),
    "5": sum("rating_5"),
  };
  const revenue = counts.offers.filter((o) => o.by === "placement").reduce((s, o) => s + o.revenue, 0);
  const by = <K extends "segment" | "placement">(kind: K) =>
    counts.offers
      .filter((o) => o.by === kind)
      .map(
        ({ value, impressions, clicks, conversions, revenue }) =>
          ({ [kind]: value, ...offerRates({ impressions, clicks, conversions, revenue }) }) as Record<K, string> &
            ReturnType<typeof offerRates>,
      );
  return {
    from: range.from,
    to: range.to,
    pageViews: { confirmation: sum("view_confirmation"), tracking: sum("view_tracking") },
    tracking: { orders: counts.trackedOrders, visitsPerOrder: rate(sum("view_tracking"), counts.trackedOrders) },
    orders: {
      count: sum("orders"),
      customers: counts.customers.ordering,
      repeatPurchaseRate: rate(counts.customers.returning, counts.customers.ordering),
    },
    survey: {
      funnel: { shown: counts.surveyShown, ...counts.funnel },
      responseRate: rate(counts.funnel.started, counts.surveyShown),
      completionRate: rate(counts.funnel.completed, counts.funnel.started),
      ratings,
      ...surveyScores(ratings),
      // Only where an NPS question was answered: the five-point npsStyle stays what it always was.
      ...(counts.npsScores?.length && { nps: npsFigures(counts.npsScores) }),
    },
    reviews: counts.reviews,
    offers: {
      ...offerRates({ impressions: sum("impressions"), clicks: sum("offer_click"), conversions: sum("conversions"), revenue }),
      holdoutDecisions: counts.holdoutDecisions,
      bySegment: by("segment"),
      byPlacement: by("placement"),
    },
    lift: { ...rules, ...liftReport(outcomes) },
    alertsOpen: counts.alertsOpen,
    moments: momentTable(counts.moments),
    daily: daily.map((d) => ({
      day: d.day,
      orders: d.orders,
      confirmationViews: d.view_confirmation,
      trackingViews: d.view_tracking,
      surveyShown: d.view_survey,
      surveyResponses: d.responses,
      surveyCompleted: d.completed,
      ...surveyScores({ "1": d.rating_1, "2": d.rating_2, "3": d.rating_3, "4": d.rating_4, "5": d.rating_5 }),
      reviews: d.reviews,
      reviewAverage: rate(d.review_stars, d.reviews),
      offerImpressions: d.impressions,
      offerClicks: d.offer_click,
      offerConversions: d.conversions,
      clickThrough: rate(d.offer_click, d.impressions),
    })),
  };
}

/**
 * One row per moment kind: sent, held back from the holdout, not sent for another reason, withdrawn;
 * and the visits its link brought (clicks) and the orders those customers placed within 7 days.
 */
function momentTable(rows: MetricCounts["moments"]) {
  const table = new Map<string, MomentFigures>();
  for (const { kind, outcome, n } of rows) {
    const row = table.get(kind) ?? { kind, sent: 0, holdout: 0, suppressed: 0, withdrawn: 0, clicks: 0, conversions: 0 };
    if (outcome === "sent") row.sent += n;
    else if (outcome === "click") row.clicks += n;
    else if (outcome === "conversion") row.conversions += n;
    else if (outcome === "holdout") row.holdout += n;
    else if (outcome === "no_longer_due") row.withdrawn += n;
    else row.suppressed += n;
    table.set(kind, row);
  }
  return [...table.values()].sort((a, b) => b.sent - a.sent || a.kind.localeCompare(b.kind));
}
