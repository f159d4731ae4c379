/** The Net Promoter Score card on the figures screen (dashboard/nps.tsx). */
export const npsWords = {
  title: "Net Promoter Score",
  promotersOne: "{count} promoter",
  promotersOther: "{count} promoters",
  passivesOne: "{count} passive",
  passivesOther: "{count} passives",
  detractorsOne: "{count} detractor",
  detractorsOther: "{count} detractors",
  breakdown: "{promoters} (9–10), {passives} (7–8), {detractors} (0–6), on a scale from −100 to +100",
};
