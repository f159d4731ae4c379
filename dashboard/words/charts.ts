/** The figures screen's charts (dashboard/charts.tsx): line charts with their table of figures, and bars. */
export const chartsWords = {
  chartLabelOne: "{title}, {days} day",
  chartLabelOther: "{title}, {days} days",
  figures: "Figures",
  figuresOf: "Figures: {title}",
  day: "Day",
  unknown: "–",
};
