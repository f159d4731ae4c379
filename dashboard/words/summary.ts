/** The figures screen's "This week" summary (dashboard/summary.ts): the last seven days against the seven before. */
export const summaryWords = {
  noneTheWeekBefore: "none the week before",
  asTheWeekBefore: "as the week before",
  upOnTheWeekBefore: "+{percent}% on the week before",
  downOnTheWeekBefore: "−{percent}% on the week before",
  ordersAndVisits: "{orders} orders ({change}), {visits} tracking-page visits.",
  noSurveyAnswers: "No survey answers this week.",
  surveyAnswers: "{answers} survey answers, {satisfied}% satisfied.",
  surveyAnswersPointsUp: "{answers} survey answers, {satisfied}% satisfied (+{points} points).",
  surveyAnswersPointsDown: "{answers} survey answers, {satisfied}% satisfied (−{points} points).",
  offerClicksOne: "{clicks} offer clicks led to {orders} order.",
  offerClicksOther: "{clicks} offer clicks led to {orders} orders.",
};
