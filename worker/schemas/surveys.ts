/**
 * Surveys merchants shape (issue 25, contract/surveys.ts): the definition a merchant PUTs and the
 * per-question answer a shopper posts, as shapes. What a shape cannot say (ids unique in their list,
 * choice questions' option counts, English present) is domain/surveys/definition.ts's, with the same
 * `{path, message}` details.
 */
import { z } from "zod";
import {
  ATTRIBUTION_CHANNELS,
  SURVEY_AUDIENCES,
  SURVEY_LIMITS,
  SURVEY_PLACEMENTS,
  type SurveyAnswerInput,
} from "../../contract/surveys.ts";
import { mirrors } from "./mirrors.ts";

export const surveyPlacement = z.enum(SURVEY_PLACEMENTS);

/** Question and option ids: what answers, reports and the dataLayer name them by. */
export const surveyId = z.string().regex(/^[a-z0-9_]{1,40}$/, "must be 1–40 lowercase letters, digits or _");

const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language or locale tag");

/** Wording per language; `en` is required (checked with the question, so the error names `text.en`). */
const localized = (max: number) =>
  z.record(languageTag, z.string().trim().max(max)).refine((t) => Object.keys(t).length <= 30, "at most 30 languages");

const choiceOption = z.strictObject({ id: surveyId, text: localized(SURVEY_LIMITS.optionText) });

const base = {
  id: surveyId,
  text: localized(SURVEY_LIMITS.text).optional(),
  optional: z.boolean().optional(),
};

export const surveyQuestion = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("rating") }),
  z.strictObject({ ...base, type: z.literal("nps") }),
  z.strictObject({
    ...base,
    type: z.enum(["single_choice", "multiple_choice"]),
    options: z.array(choiceOption).max(SURVEY_LIMITS.options),
    other: z.boolean().optional(),
    randomize: z.boolean().optional(),
  }),
  z.strictObject({ ...base, type: z.literal("short_text") }),
  z.strictObject({ ...base, type: z.literal("attribution"), other: z.boolean().optional(), randomize: z.boolean().optional() }),
]);
export type SurveyQuestionInput = z.infer<typeof surveyQuestion>;

/** `PUT /v1/admin/surveys/{placement}`. */
export const surveyDefinitionInput = z.strictObject({
  enabled: z.boolean(),
  audience: z.enum(SURVEY_AUDIENCES),
  questions: z.array(surveyQuestion).min(1).max(SURVEY_LIMITS.questions),
});
export type SurveyDefinitionBody = z.infer<typeof surveyDefinitionInput>;

const answerText = z.string().trim().max(SURVEY_LIMITS.answerText);

/** An answer's value, by shape; which shape a question takes is checked against it (domain/surveys/answers.ts). */
export const surveyAnswerValue = z.union([
  z.number(),
  answerText,
  z.strictObject({ choice: surveyId, text: answerText.optional() }),
  z.strictObject({
    choices: z
      .array(surveyId)
      .min(1)
      .max(SURVEY_LIMITS.options + 1),
    text: answerText.optional(),
  }),
]);

/** `POST /v1/o/{token}/survey` in its per-question form. */
export const surveyAnswerInput = mirrors<SurveyAnswerInput>()(
  z.strictObject({
    placement: surveyPlacement,
    questionId: surveyId,
    version: z.int().min(0).optional(),
    value: surveyAnswerValue,
  }),
);

export const attributionChannel = z.enum(ATTRIBUTION_CHANNELS);
