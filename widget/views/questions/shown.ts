import type { ShownQuestion, SurveyPlacement, SurveyShown } from "../../../contract/surveys.ts";

/**
 * The survey asked on this order at `placement`, if any (absent from a worker that predates them, too):
 * as the whole view has it, or as the survey's part of it does (the built-in one unworded there).
 */
export const surveyAt = <S>(order: { surveys?: Partial<Record<SurveyPlacement, S>> }, placement: SurveyPlacement): S | undefined =>
  order.surveys?.[placement];

export type LoneAttribution = Extract<ShownQuestion, { type: "attribution" }>;

/**
 * The survey's question when it is one attribution question and nothing else (the thank-you page's
 * default): a view can draw that one tap itself, without the question module.
 */
export const loneAttribution = (survey: SurveyShown): LoneAttribution | undefined => {
  const [q, more] = survey.questions;
  return !more && q?.type == "attribution" ? q : undefined;
};
