import type { AdminMetrics } from "../contract/admin.ts";
import { count } from "./format.ts";
import { byCount, wordsOf } from "./words.ts";
import { summaryWords } from "./words/summary.ts";

const say = wordsOf(summaryWords);

type Day = AdminMetrics["daily"][number];

const total = (days: Day[], key: "orders" | "surveyResponses" | "offerConversions" | "offerClicks" | "trackingViews") =>
  days.reduce((s, d) => s + d[key], 0);

function csat(days: Day[]): number | null {
  const responses = days.reduce((s, d) => s + d.responses, 0);
  const happy = days.reduce((s, d) => s + (d.csat ?? 0) * d.responses, 0);
  return responses ? happy / responses : null;
}

function change(now: number, before: number): string {
  if (!before) return now ? say("noneTheWeekBefore") : say("asTheWeekBefore");
  const diff = Math.round(((now - before) / before) * 100);
  if (diff === 0) return say("asTheWeekBefore");
  return say(diff > 0 ? "upOnTheWeekBefore" : "downOnTheWeekBefore", { percent: Math.abs(diff) });
}

/**
 * The week in a few sentences: the last seven days of the range against the seven before, in the
 * plain words a merchant would use in a Monday meeting.
 */
export function weeklySummary(daily: Day[]): string[] {
  if (daily.length < 7) return [];
  const week = daily.slice(-7);
  const before = daily.slice(-14, -7);
  const orders = total(week, "orders");
  const lines = [
    say("ordersAndVisits", {
      orders: say.count(orders, "ordersOne", "ordersOther", { change: change(orders, total(before, "orders")) }),
      visits: say.count(total(week, "trackingViews"), "visitsOne", "visitsOther"),
    }),
  ];
  const c = csat(week);
  const cBefore = csat(before);
  if (c === null) lines.push(say("noSurveyAnswers"));
  else {
    const answered = { answers: say.count(total(week, "surveyResponses"), "answersOne", "answersOther"), satisfied: Math.round(c * 100) };
    const points = cBefore === null ? null : Math.round((c - cBefore) * 100);
    lines.push(
      points === null
        ? say("surveyAnswers", answered)
        : say(points >= 0 ? "surveyAnswersPointsUp" : "surveyAnswersPointsDown", {
            ...answered,
            points: say.count(Math.abs(points), "pointsOne", "pointsOther"),
          }),
    );
  }
  const bought = total(week, "offerConversions");
  const clicks = say.count(total(week, "offerClicks"), "clicksOne", "clicksOther");
  lines.push(say(byCount(bought, { one: "offerClicksOne", other: "offerClicksOther" }), { clicks, orders: count(bought) }));
  return lines;
}
