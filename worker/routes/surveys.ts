/**
 * Surveys merchants shape (issue 25), the merchant's side: read and publish a placement's definition.
 * Scopes come from the declarations (admin:read to read, settings:write to publish).
 */
import type { Context } from "hono";
import { definitionProblems } from "../domain/surveys/definition.ts";
import type { AppEnv } from "../http/app-env.ts";
import { readBody, readQuery, type Route } from "../http/declared.ts";
import type { AttributionReport } from "../../contract/surveys.ts";
import { answeredOrders, attributionChannels } from "../domain/surveys/reports.ts";
import { ANSWER_COLUMNS, attributionFacts, surveyAnswerExport } from "../storage/survey-reports.ts";
import { exportAnswer, rangeOf } from "./admin.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/read-json.ts";
import { declaration } from "../openapi/operations.ts";
import { surveyPlacement } from "../schemas/surveys.ts";
import { publishSurvey, resetSurvey, surveyDefinition } from "../services/survey-definitions.ts";

const placementOf = (c: Context<AppEnv>) => validate(surveyPlacement, c.req.param("placement"));

async function getSurvey(c: Context<AppEnv>) {
  const placement = placementOf(c);
  c.header("Cache-Control", "private, no-store");
  return c.json(await surveyDefinition(c.env.DB, c.get("store").id, placement));
}

async function putSurvey(c: Context<AppEnv>) {
  // The body first: what it refuses (size, type, JSON) does not depend on the path.
  const input = await readBody(c, declaration("putSurvey"));
  const placement = placementOf(c);
  const problems = definitionProblems(input);
  if (problems.length) {
    const fields = [...new Set(problems.map((p) => p.path))].slice(0, 5).join(", ");
    throw new ApiError(422, "invalid_values", `Some values are invalid: ${fields}.`, problems);
  }
  const store = c.get("store");
  const published = await publishSurvey(c.env.DB, store.id, c.get("access").actor, placement, input, new Date().toISOString());
  c.header("Cache-Control", "private, no-store");
  return c.json(published);
}

/** The built-in survey asked again; `changed` says whether anything was written (idempotent). */
async function resetSurveyRoute(c: Context<AppEnv>) {
  const placement = placementOf(c);
  const reset = await resetSurvey(c.env.DB, c.get("store").id, c.get("access").actor, placement, new Date().toISOString());
  if (!reset) throw new ApiError(409, "survey_changed", "The survey changed while it was being reset; try again.");
  c.header("Cache-Control", "private, no-store");
  return c.json(reset);
}

/** Orders by the channel their shopper named (the arithmetic is domain/surveys/reports.ts). */
async function attribution(c: Context<AppEnv>) {
  const range = rangeOf(c, readQuery(c, declaration("getAttribution")));
  const facts = await attributionFacts(c.env.DB, range);
  const report: AttributionReport = {
    from: range.from,
    to: range.to,
    answered: answeredOrders(facts.attributed),
    orders: facts.orders,
    channels: attributionChannels(facts.attributed),
  };
  c.header("Cache-Control", "private, no-store");
  return c.json(report);
}

async function answersExport(c: Context<AppEnv>) {
  const query = readQuery(c, declaration("exportSurveyAnswers"));
  const range = rangeOf(c, query);
  return exportAnswer(c, "survey-answers", query.format, range, ANSWER_COLUMNS, await surveyAnswerExport(c.env.DB, range));
}

export const surveyRoutes: Route[] = [
  ["getSurvey", getSurvey],
  ["putSurvey", putSurvey],
  ["resetSurvey", resetSurveyRoute],
  ["getAttribution", attribution],
  ["exportSurveyAnswers", answersExport],
];
