/**
 * The pure rules of a survey of several steps: where a reload resumes and what counts as no answer. Apart
 * from pick.ts because only the question module needs them: the confirmation view, which shares pick.ts
 * with it for its lone attribution question, would otherwise carry them (a bundle keeps a shared module's
 * used exports in the view's module, not in the question module's chunk).
 */
import type { SurveyAnswerValue, SurveyShown } from "../../../contract/surveys.ts";

/** Where a shopper (back after a reload) continues: the first question without an answer, else past the last. */
export const resumeAt = ({ questions, answers }: SurveyShown) => {
  const i = questions.findIndex((q) => answers[q.id] === undefined);
  return i < 0 ? questions.length : i;
};

/** No answer to give: nothing picked or typed (a required question then says so; an optional one is skipped). */
export const isEmpty = (value: SurveyAnswerValue | undefined) =>
  value === undefined ||
  (typeof value == "string" && !value.trim()) ||
  (typeof value == "object" && "choices" in value && !value.choices.length);
