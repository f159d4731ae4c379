/**
 * A shopper's answer to one question of a store's survey (`POST /v1/o/{token}/survey` in its
 * per-question form, issue 25): checked against the version the shopper was shown, saved as given, and,
 * for the post-delivery survey, turned into the promoter / neutral / detractor signal by its first
 * rating or NPS question, so offers, alerts and `survey.detractor` work for any survey.
 */
import type { SurveySaved } from "../../contract/shopper-answers.ts";
import type { SurveyAnswerInput, SurveyAnswerSaved, SurveyAnswerValue } from "../../contract/surveys.ts";
import { EDIT_WINDOW_MS, scoreSignal, surveyEditable, surveySignal } from "../domain/survey-signal.ts";
import {
  BUILT_IN_TYPES,
  builtInAnswers,
  changedAnswers,
  answersFor,
  builtInParts,
  checkAnswer,
  signalScore,
  surveyAsked,
  surveyComplete,
  wantsOf,
} from "../domain/surveys/answers.ts";
import { defaultDefinition, definitionOf } from "../domain/surveys/definition.ts";
import { applyChanges, type Change } from "../storage/changes.ts";
import { getFeedback, type Owner, saveSurvey } from "../storage/feedback.ts";
import type { SurveyInput } from "../schemas/feedback.ts";
import {
  type AnswerWrite,
  detractorStatements,
  readSurveyState,
  signalResponseStatement,
  surveyAnsweredStatements,
  surveyAnswerStatement,
  surveyCompletionStatement,
  surveySubmittedStatements,
} from "../storage/survey-answers.ts";
import { orderViewChanged } from "../storage/view-versions.ts";

export type AnswerOutcome =
  | { kind: "saved"; saved: SurveyAnswerSaved }
  | { kind: "unknown_version" }
  | { kind: "not_asked" }
  | { kind: "closed" }
  | { kind: "unknown_question" }
  | { kind: "invalid_answer"; message: string };

/**
 * The built-in survey's step-wise body (`{rating, standout?, wants?, comment?, callback?}`): the response
 * replaced with its signal, and the same answers as the built-in survey's per-question ones (version 0),
 * so reports read every survey alike.
 */
export async function answerSurveySteps(
  db: D1Database,
  owner: Owner,
  input: SurveyInput,
  now: Date,
): Promise<{ kind: "saved"; saved: SurveySaved } | { kind: "closed" }> {
  const { survey } = await getFeedback(db, owner.storeId, owner.orderId);
  if (survey && !surveyEditable(survey.completedAt, now)) return { kind: "closed" };
  const steps = 1 + (input.standout ? 1 : 0) + (input.wants ? 1 : 0);
  const signal = surveySignal(input.rating, input.wants);
  const completedAt = survey?.completedAt ?? (input.wants ? now.toISOString() : undefined);
  const given = builtInAnswers(input);
  const before = survey && survey.rating !== null ? builtInAnswers({ ...survey, rating: survey.rating }) : {};
  const write = (id: string) => ({
    placement: "post_delivery" as const,
    version: 0,
    questionId: id,
    questionType: BUILT_IN_TYPES[id]!,
    value: given[id]!,
  });
  await saveSurvey(db, owner, input, signal, steps, input.wants ? completedAt : undefined, now.toISOString(), {
    given: Object.keys(given).map(write),
    changed: changedAnswers(before, given).map(write),
    absent: Object.keys(before).filter((id) => given[id] === undefined),
  });
  return {
    kind: "saved",
    saved: {
      stepsAnswered: Math.max(steps, survey?.stepsAnswered ?? 0),
      completed: !!completedAt && !!input.wants,
      editableUntil: completedAt ? new Date(Date.parse(completedAt) + EDIT_WINDOW_MS).toISOString() : undefined,
      sentiment: signal.sentiment,
      nextAction: signal.nextAction,
    },
  };
}

export async function answerSurvey(db: D1Database, owner: Owner, input: SurveyAnswerInput, now: Date): Promise<AnswerOutcome> {
  const { placement } = input;
  const state = await readSurveyState(db, owner, placement, input.version);
  if (state.versionUnknown) return { kind: "unknown_version" };
  const definition = input.version === 0 || !state.definition ? defaultDefinition(placement) : definitionOf(placement, state.definition);
  if (!surveyAsked(definition, state.firstOrder)) return { kind: "not_asked" };
  if (state.completedAt && !surveyEditable(state.completedAt, now)) return { kind: "closed" };
  const question = definition.questions.find((q) => q.id === input.questionId);
  if (!question) return { kind: "unknown_question" };
  const checked = checkAnswer(question, input.value);
  if (!checked.ok) return { kind: "invalid_answer", message: checked.message };

  const at = now.toISOString();
  const answers: Record<string, SurveyAnswerValue> = { ...state.answers, [question.id]: checked.value };
  const asked = answersFor(definition.questions, answers);
  const complete = surveyComplete(definition.questions, asked);
  const completedAt = state.completedAt ?? (complete ? at : null);
  const write: AnswerWrite = {
    placement,
    version: definition.version,
    questionId: question.id,
    questionType: question.type,
    value: checked.value,
  };
  const changes: Change[] = [
    surveyAnswerStatement(owner, write, at),
    ...surveyAnsweredStatements(owner, write, at),
    orderViewChanged(owner.storeId, owner.orderId),
  ];
  if (complete && !state.completedAt) changes.push(surveyCompletionStatement(owner, placement, definition.version, at));

  const score = placement === "post_delivery" ? signalScore(definition, asked) : null;
  const signal = score && scoreSignal(score, wantsOf(asked));
  // The built-in survey keeps its other answers in survey_responses' own columns, as its step-wise body does.
  const parts = definition.version === 0 ? builtInParts(asked) : {};
  const about = {
    orderId: owner.orderId,
    customerId: owner.customerId,
    placement,
    version: definition.version,
    ...score,
    ...parts,
    ...(signal && { sentiment: signal.sentiment, nextAction: signal.nextAction }),
  };
  if (score && signal) {
    changes.push(signalResponseStatement(owner, score, parts, signal, Object.keys(asked).length, completedAt, at));
    if (signal.alert) changes.push(...detractorStatements(owner, about, at));
  }
  // A complete post-delivery survey is news for the "thank you" flows, whichever survey it was.
  if (placement === "post_delivery" && completedAt) changes.push(...surveySubmittedStatements(owner, { ...about, answers: asked }, at));
  await applyChanges(db, changes);
  return {
    kind: "saved",
    saved: { placement, version: definition.version, questionId: question.id, answers: asked, completed: !!completedAt || complete },
  };
}
