/**
 * Every English catalogue of the dashboard (dashboard/words/), by screen: what a language of its own
 * translates (dashboard/languages/<lang>.ts, every key of every screen, checked by the type below) and
 * what `speak` writes that translation into before the screens are drawn. `vocabulary` words the
 * worker's values that several screens show (dashboard/vocabulary.ts).
 */
import { accessWords } from "./words/access.ts";
import { appWords } from "./words/app.ts";
import { attributionWords } from "./words/attribution.ts";
import { brandingWords } from "./words/branding.ts";
import { chartsWords } from "./words/charts.ts";
import { connectionsWords } from "./words/connections.ts";
import { contrastWords } from "./words/contrast.ts";
import { deadLettersWords } from "./words/dead-letters.ts";
import { deliveriesWords } from "./words/deliveries.ts";
import { installWords } from "./words/install.ts";
import { keysWords } from "./words/keys.ts";
import { npsWords } from "./words/nps.ts";
import { ordersWords } from "./words/orders.ts";
import { parcelsWords } from "./words/parcels.ts";
import { peopleWords } from "./words/people.ts";
import { reviewsWords } from "./words/reviews.ts";
import { settingsWords } from "./words/settings.ts";
import { summaryWords } from "./words/summary.ts";
import { surveyDraftWords } from "./words/survey-draft.ts";
import { surveyQuestionWords } from "./words/survey-question.ts";
import { surveyResetWords } from "./words/survey-reset.ts";
import { surveysWords } from "./words/surveys.ts";
import { vocabularyWords } from "./words/vocabulary.ts";
import { webhooksWords } from "./words/webhooks.ts";

export const CATALOGUES = {
  access: accessWords,
  app: appWords,
  attribution: attributionWords,
  branding: brandingWords,
  charts: chartsWords,
  connections: connectionsWords,
  contrast: contrastWords,
  deadLetters: deadLettersWords,
  deliveries: deliveriesWords,
  install: installWords,
  keys: keysWords,
  nps: npsWords,
  orders: ordersWords,
  parcels: parcelsWords,
  people: peopleWords,
  reviews: reviewsWords,
  settings: settingsWords,
  summary: summaryWords,
  surveyDraft: surveyDraftWords,
  surveyQuestion: surveyQuestionWords,
  surveyReset: surveyResetWords,
  surveys: surveysWords,
  vocabulary: vocabularyWords,
  webhooks: webhooksWords,
};

/** A whole translation: every screen, every key (a missing one fails the type check). */
export type Translation = { [S in keyof typeof CATALOGUES]: { [K in keyof (typeof CATALOGUES)[S]]: string } };
