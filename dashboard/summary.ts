import type { AdminMetrics } from "../contract/admin.ts";

type Day = AdminMetrics["daily"][number];

const total = (days: Day[], key: "orders" | "surveyResponses" | "offerConversions" | "offerClicks" | "trackingViews") =>
  days.reduce((s, d) => s + d[key], 0);

function csat(days: Day[]): number | null {
  const responses = days.reduce((s, d) => s + d.responses, 0);
  const happy = days.reduce((s, d) => s + (d.csat ?? 0) * d.responses, 0);
  return responses ? happy / responses : null;
}

function change(now: number, before: number): string {
  if (!before) return now ? "none the week before" : "as the week before";
  const diff = Math.round(((now - before) / before) * 100);
  return diff === 0 ? "as the week before" : `${diff > 0 ? "+" : "−"}${Math.abs(diff)}% on the week before`;
}

/**
 * The week in a few sentences: the last seven days of the range against the seven before, in the
 * plain words a merchant would use in a Monday meeting.
 */
export function weeklySummary(daily: Day[]): string[] {
  if (daily.length < 7) return [];
  const week = daily.slice(-7);
  const before = daily.slice(-14, -7);
  const lines = [
    `${total(week, "orders")} orders (${change(total(week, "orders"), total(before, "orders"))}), ${total(week, "trackingViews")} tracking-page visits.`,
  ];
  const c = csat(week);
  const cBefore = csat(before);
  lines.push(
    c === null
      ? "No survey answers this week."
      : `${total(week, "surveyResponses")} survey answers, ${Math.round(c * 100)}% satisfied` +
          (cBefore === null
            ? "."
            : ` (${Math.round((c - cBefore) * 100) >= 0 ? "+" : "−"}${Math.abs(Math.round((c - cBefore) * 100))} points).`),
  );
  const orders = total(week, "offerConversions");
  lines.push(`${total(week, "offerClicks")} offer clicks led to ${orders} ${orders === 1 ? "order" : "orders"}.`);
  return lines;
}
