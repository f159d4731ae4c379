/**
 * Surveys merchants shape (issue 25): the definitions' admin operations and the attribution report,
 * kept beside operations.ts's table like the self-service ones. The answers' schemas are proven equal
 * to contract/surveys.ts, what the widget and the dashboard compile against.
 */
import { z } from "zod";
import {
  ATTRIBUTION_CHANNELS,
  type AttributionReport,
  QUESTION_TYPES,
  SURVEY_AUDIENCES,
  SURVEY_PLACEMENTS,
  type SurveyAnswerExportRow,
  type SurveyAnswerSaved,
  type SurveyDefinition,
  type SurveyReset,
  type SurveyShown,
} from "../../contract/surveys.ts";
import type { UnwordedQuestion, UnwordedSurvey } from "../../contract/order-view.ts";
import { DEFAULT_BODY_LIMIT } from "../schemas/body-limits.ts";
import { mirrors } from "../schemas/mirrors.ts";
import { surveyDefinitionInput } from "../schemas/surveys.ts";
import { dateRange, exportQuery } from "../schemas/admin.ts";
import type { Operation, PathParameter } from "./document.ts";

const isoInstant = z.string().describe("UTC ISO 8601 date-time");

const placement: PathParameter = {
  name: "placement",
  schema: z.enum(SURVEY_PLACEMENTS),
  description: "Where the survey is asked: confirmation (the thank-you page) or post_delivery.",
};

/** Wording per language: `en` always, other languages and locales as the merchant wrote them. */
const localized = z.object({ en: z.string() }).catchall(z.string().optional());
const option = z.object({ id: z.string(), text: localized });
const questionBase = { id: z.string(), text: localized.optional(), optional: z.boolean().optional() };

const surveyQuestion = z.discriminatedUnion("type", [
  z.object({ ...questionBase, type: z.literal("rating") }),
  z.object({ ...questionBase, type: z.literal("nps") }),
  z.object({
    ...questionBase,
    type: z.enum(["single_choice", "multiple_choice"]),
    options: z.array(option),
    other: z.boolean().optional(),
    randomize: z.boolean().optional(),
  }),
  z.object({ ...questionBase, type: z.literal("short_text") }),
  z.object({ ...questionBase, type: z.literal("attribution"), other: z.boolean().optional(), randomize: z.boolean().optional() }),
]);

export const surveyDefinition = mirrors<SurveyDefinition>()(
  z.object({
    enabled: z.boolean(),
    audience: z.enum(SURVEY_AUDIENCES),
    questions: z.array(surveyQuestion),
    placement: z.enum(SURVEY_PLACEMENTS),
    version: z.int().describe("0: the built-in default (never stored); each PUT publishes the next"),
    updatedAt: isoInstant.optional().describe("absent for the built-in default"),
    signalQuestionId: z.string().nullable().describe("the first rating or NPS question: it drives the promoter/neutral/detractor signal"),
  }),
);

export const surveyReset = mirrors<SurveyReset>()(
  z.object({
    changed: z.boolean().describe("false: the built-in survey was already asked; nothing was written"),
    replacedVersion: z.int().nullable().describe("the merchant's version asked until now; null when nothing changed"),
    survey: surveyDefinition.describe("the built-in default, version 0"),
  }),
);

/** What a shopper answered, by the question's type. */
export const surveyAnswerValue = z.union([
  z.number().describe("rating 1–5, nps 0–10"),
  z.string().describe("short_text"),
  z.object({ choice: z.string(), text: z.string().optional() }).describe("single_choice, attribution (text with other)"),
  z.object({ choices: z.array(z.string()), text: z.string().optional() }).describe("multiple_choice"),
]);

const shownQuestion = z.union([
  z.object({ id: z.string(), type: z.enum(["rating", "nps", "short_text"]), text: localized, optional: z.boolean() }),
  z.object({
    id: z.string(),
    type: z.enum(["single_choice", "multiple_choice"]),
    text: localized,
    optional: z.boolean(),
    options: z.array(option),
    other: z.boolean(),
    randomize: z.boolean(),
  }),
  z.object({
    id: z.string(),
    type: z.literal("attribution"),
    text: localized.nullable().describe("null: the widget's own wording in every language"),
    optional: z.boolean(),
    other: z.boolean(),
    randomize: z.boolean(),
  }),
]);

/** A built-in survey's question in `?view=survey` (issue 22): its wording left to the widget's catalogues. */
const unwordedQuestion = mirrors<UnwordedQuestion>()(
  z.object({
    id: z.string(),
    type: z.enum(QUESTION_TYPES),
    text: z.null().describe("the widget's own wording, in every language it speaks"),
    optional: z.boolean(),
    options: z.array(z.object({ id: z.string(), text: z.null() })).optional(),
    other: z.boolean().optional(),
    randomize: z.boolean().optional(),
  }),
);

export const surveyShown = mirrors<SurveyShown>()(
  z.object({
    placement: z.enum(SURVEY_PLACEMENTS),
    version: z.int(),
    builtIn: z.boolean(),
    questions: z.array(shownQuestion),
    answers: z.record(z.string(), surveyAnswerValue).describe("the shopper's answers so far, by question id"),
    completed: z.boolean(),
  }),
);

export const surveyAnswerSaved = mirrors<SurveyAnswerSaved>()(
  z.object({
    placement: z.enum(SURVEY_PLACEMENTS),
    version: z.int(),
    questionId: z.string(),
    answers: z.record(z.string(), surveyAnswerValue),
    completed: z.boolean(),
  }),
);

export const attributionReport = mirrors<AttributionReport>()(
  z.object({
    from: z.string(),
    to: z.string(),
    answered: z.int().describe("orders placed in the range with an attribution answer"),
    orders: z.int().describe("orders placed in the range"),
    channels: z.array(
      z.object({
        channel: z.enum(ATTRIBUTION_CHANNELS),
        orders: z.int(),
        revenue: z.record(z.string(), z.int()).describe("minor units per ISO 4217 currency"),
        firstOrderShare: z.number().describe("0–1"),
        otherTexts: z
          .array(z.object({ text: z.string(), count: z.int() }))
          .optional()
          .describe("other only: the shoppers' words, grouped case- and space-insensitively, top 20"),
      }),
    ),
  }),
);

const surveyAnswerRow = mirrors<SurveyAnswerExportRow>()(
  z.object({
    orderId: z.string(),
    customerId: z.string(),
    placement: z.enum(SURVEY_PLACEMENTS),
    version: z.int(),
    questionId: z.string(),
    questionType: z.enum(QUESTION_TYPES),
    answer: z.string().describe("a number, a choice id, choice ids joined with |, or the text"),
    otherText: z.string().nullable().describe("the shopper's words with an other choice"),
    answeredAt: isoInstant,
    orderTotal: z.int().describe("minor units"),
    currency: z.string(),
    firstOrder: z.boolean(),
  }),
);
export const surveyAnswerExport = z.object({ from: z.string(), to: z.string(), rows: z.array(surveyAnswerRow) });

export const QUESTION_TYPE_LIST = QUESTION_TYPES.join(", ");

export function surveyOperations(adminTag: string) {
  return [
    {
      method: "get",
      path: "/v1/admin/surveys/{placement}",
      operationId: "getSurvey",
      tag: adminTag,
      summary: "The survey asked at a placement: the current version, or the built-in default (version 0)",
      description: "New in 2026-12 (issue 25).",
      auth: "api_key_or_session",
      scope: "admin:read",
      params: [placement],
      responses: { 200: { description: "The current definition", schema: surveyDefinition } },
    },
    {
      method: "put",
      path: "/v1/admin/surveys/{placement}",
      operationId: "putSurvey",
      tag: adminTag,
      summary: "Publish a new version of the survey asked at a placement",
      description:
        `New in 2026-12 (issue 25). One to five questions (${QUESTION_TYPE_LIST}) with unique ids; choice questions 2–12 options with unique ids; ` +
        "English wording on every question (except attribution, whose wording is built in) and option, other languages optional (a shopper in a missing language reads English). " +
        "Every PUT is the next version; answers keep the version they answered. Recorded in the audit log (settings.updated, target surveys.<placement>). Every order view of the store changes with it.",
      auth: "api_key_or_session",
      scope: "settings:write",
      params: [placement],
      body: { schema: surveyDefinitionInput, maxBytes: DEFAULT_BODY_LIMIT },
      responses: { 200: { description: "The version published", schema: surveyDefinition } },
    },
    {
      method: "delete",
      path: "/v1/admin/surveys/{placement}",
      operationId: "resetSurvey",
      tag: adminTag,
      summary: "Ask the built-in survey at a placement again, in place of the store's own",
      description:
        "New in 2026-12. Publishes the built-in default (version 0, worded by the widget in every language it speaks) again: recorded as the next version number " +
        "(without a definition), so a later PUT never reuses a version. Nothing is erased: the store's versions and every answer keep their version, still read in the exports " +
        "and the attribution report, and a shopper who loaded the store's version can still answer it. Every order view of the store changes with it; recorded in the audit log " +
        "(settings.updated, target surveys.<placement>). Idempotent: when the built-in survey is already asked, nothing is written, no ETag changes and `changed` is false.",
      auth: "api_key_or_session",
      scope: "settings:write",
      params: [placement],
      responses: { 200: { description: "The built-in survey asked (changed: whether this call did it)", schema: surveyReset } },
      errors: { 409: "survey_changed: a new version was published while resetting, three times over; try again" },
    },
    {
      method: "get",
      path: "/v1/admin/attribution",
      operationId: "getAttribution",
      tag: adminTag,
      summary: "How shoppers heard about the store: orders, revenue and first-order share per channel",
      description:
        "New in 2026-12 (issue 25). Orders placed in the range (by placed time) with an answer to an attribution question, per channel; `other` with the shoppers' words grouped. A bare date is midnight UTC; at most 366 days.",
      auth: "api_key_or_session",
      scope: "admin:read",
      query: [dateRange],
      responses: { 200: { description: "The report", schema: attributionReport } },
    },
    {
      method: "get",
      path: "/v1/admin/survey-answers",
      operationId: "exportSurveyAnswers",
      tag: adminTag,
      summary: "Every answer to every survey question given in a range, with the order's value and first-order flag, as JSON or CSV",
      description:
        "New in 2026-12 (issue 25). One row per order, placement and question (its last answer, by when it was given): the version answered, the question's type, the answer (a number, a choice id, choice ids joined with |, or the text), the words given with other, the order's total and currency, and whether it was the customer's first order.",
      auth: "api_key_or_session",
      scope: "admin:read",
      query: [dateRange, exportQuery],
      responses: { 200: { description: "The answers (format=csv: a CSV download)", schema: surveyAnswerExport, mediaType: "text/csv" } },
      errors: { 422: "range_too_large: more than 50,000 rows; choose a shorter range" },
    },
  ] as const satisfies readonly Operation[];
}

/** The built-in survey as `GET /v1/o/{token}?view=survey` carries it (new in 2026-12, issue 22). */
export const unwordedSurvey = mirrors<UnwordedSurvey>()(
  z.object({
    placement: z.enum(SURVEY_PLACEMENTS),
    version: z.int(),
    builtIn: z.literal(true),
    questions: z.array(unwordedQuestion),
    answers: z.record(z.string(), surveyAnswerValue).describe("the shopper's answers so far, by question id"),
    completed: z.boolean(),
  }),
);
