/**
 * What a merchant's survey says around the merchant's own wording: the attribution question and its
 * channels (attribution-words.ts, which the confirmation view also reads alone), the rating and NPS
 * anchors, the steps' buttons and errors. English ships inside the lazily loaded question module; other
 * languages are parts (parts/questions.<lang>.js), with exactly these keys.
 */
import { loadLanguagePart, viewText, type ViewText } from "../../i18n/index.ts";
import { attributionEn } from "./attribution-words.ts";

const en = {
  ...attributionEn,
  r1: "Very poor",
  r2: "Poor",
  r3: "Okay",
  r4: "Good",
  r5: "Excellent",
  npsLow: "0: Not at all likely",
  npsHigh: "10: Extremely likely",
  anyApply: "Choose all that apply.",
  textLabel: "Your answer",
  progress: "Question {n} of {total}",
  next: "Next",
  back: "Back",
  skip: "Skip",
  required: "Please answer this question.",
  done: "Thank you! Your answers help us get better.",
};

export type QuestionKey = keyof typeof en;
export type QuestionMessages = Record<QuestionKey, string>;
export type QuestionText = ViewText<QuestionKey>;

export const questionsEn: QuestionMessages = en;

export const loadQuestionText = async (api: string, locale: string): Promise<QuestionText> =>
  viewText(await loadLanguagePart(api, locale, "questions", en));
