/**
 * Per-question survey answers (migration 0019): one row per order, placement and question, with the
 * version and question type answered; a placement's completion; and the signal row (survey_responses)
 * a merchant's post-delivery survey keeps like the built-in one. Each write goes with the order's view
 * version and its outbound events in one transaction (services/survey-answers.ts).
 */
import type { SurveyAnswerValue, SurveyPlacement } from "../../contract/surveys.ts";
import type { SurveySignal } from "../domain/survey-signal.ts";
import type { Owner } from "./feedback.ts";
import { outboundEventStatements } from "./outbound.ts";
import { prepare, sql, type Statement } from "./statement.ts";
import { definitionFromResult, type StoredDefinition } from "./survey-definitions.ts";

/** Whether an order is its customer's first in the store: no earlier order of theirs by placed time (ties by id). */
export const FIRST_ORDER = (
  ord: string,
) => `NOT EXISTS (SELECT 1 FROM orders e WHERE e.store_id = ${ord}.store_id AND e.customer_id = ${ord}.customer_id
    AND (e.placed_at < ${ord}.placed_at OR (e.placed_at = ${ord}.placed_at AND e.id < ${ord}.id)))`;

export interface SurveyState {
  /** The version asked for (or the current one), null for the built-in default or a version never stored. */
  definition: StoredDefinition | null;
  /** Whether a version was asked for that is not stored (and is not 0). */
  versionUnknown: boolean;
  answers: Record<string, SurveyAnswerValue>;
  /** When the placement's survey was completed on this order (the built-in one's from survey_responses too). */
  completedAt: string | null;
  firstOrder: boolean;
}

/**
 * What answering a placement's survey on an order needs, in one round trip: the version shown (or the
 * current one), the order's answers so far, its completion and whether it is the customer's first.
 */
export async function readSurveyState(
  db: D1Database,
  owner: Owner,
  placement: SurveyPlacement,
  version: number | undefined,
): Promise<SurveyState> {
  const { storeId, orderId } = owner;
  const definitionQuery =
    version === undefined
      ? sql(
          `SELECT version, definition, created_at FROM survey_definitions WHERE store_id = ? AND placement = ? ORDER BY version DESC LIMIT 1`,
          storeId,
          placement,
        )
      : sql(
          `SELECT version, definition, created_at FROM survey_definitions WHERE store_id = ? AND placement = ? AND version = ?`,
          storeId,
          placement,
          version,
        );
  const [definition, answers, facts] = await db.batch([
    prepare(db, definitionQuery),
    prepare(
      db,
      sql(
        `SELECT question_id, value FROM survey_answers WHERE store_id = ? AND order_id = ? AND placement = ?`,
        storeId,
        orderId,
        placement,
      ),
    ),
    prepare(
      db,
      sql(
        `SELECT ${FIRST_ORDER("ord")} AS first_order,
           coalesce((SELECT completed_at FROM survey_completions WHERE store_id = ord.store_id AND order_id = ord.id AND placement = ?),
             CASE WHEN ? = 'post_delivery' THEN (SELECT completed_at FROM survey_responses WHERE store_id = ord.store_id AND order_id = ord.id) END)
             AS completed_at
         FROM orders ord WHERE ord.store_id = ? AND ord.id = ?`,
        placement,
        placement,
        storeId,
        orderId,
      ),
    ),
  ]);
  const stored = definitionFromResult(definition?.results);
  const row = facts?.results[0] as { first_order: number; completed_at: string | null } | undefined;
  return {
    definition: stored,
    versionUnknown: version !== undefined && version !== 0 && !stored,
    answers: Object.fromEntries(
      ((answers?.results ?? []) as { question_id: string; value: string }[]).map((a) => [
        a.question_id,
        JSON.parse(a.value) as SurveyAnswerValue,
      ]),
    ),
    completedAt: row?.completed_at ?? null,
    firstOrder: row?.first_order === 1,
  };
}

export interface AnswerWrite {
  placement: SurveyPlacement;
  version: number;
  questionId: string;
  questionType: string;
  value: SurveyAnswerValue;
}

/** One answer, created or replaced (keeps when it was first given). */
export const surveyAnswerStatement = (owner: Owner, answer: AnswerWrite, now: string): Statement =>
  sql(
    `INSERT INTO survey_answers (store_id, order_id, customer_id, placement, question_id, version, question_type, value, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, order_id, placement, question_id) DO UPDATE SET
       version = excluded.version, question_type = excluded.question_type, value = excluded.value, updated_at = excluded.updated_at`,
    owner.storeId,
    owner.orderId,
    owner.customerId,
    answer.placement,
    answer.questionId,
    answer.version,
    answer.questionType,
    JSON.stringify(answer.value),
    now,
    now,
  );

/**
 * `survey.answered` for one saved answer. Its id is made of the order, placement, question and the
 * save's time: a resend of the same save repeats nothing, a later change is news.
 */
export const surveyAnsweredStatements = (owner: Owner, answer: AnswerWrite, now: string): Statement[] =>
  outboundEventStatements(
    owner.storeId,
    {
      id: `evt_answer_${owner.orderId}_${answer.placement}_${answer.questionId}_${Date.parse(now).toString(36)}`,
      type: "survey.answered",
      data: {
        orderId: owner.orderId,
        customerId: owner.customerId,
        placement: answer.placement,
        version: answer.version,
        questionId: answer.questionId,
        questionType: answer.questionType,
        value: answer.value,
      },
    },
    now,
  );

/** The placement's survey completed on this order, once (the edit window runs from the first time). */
export const surveyCompletionStatement = (owner: Owner, placement: SurveyPlacement, version: number, now: string): Statement =>
  sql(
    `INSERT INTO survey_completions (store_id, order_id, placement, version, completed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (store_id, order_id, placement) DO NOTHING`,
    owner.storeId,
    owner.orderId,
    placement,
    version,
    now,
  );

/** The built-in survey's other answers, kept in survey_responses' own columns when it is the one answered. */
export interface BuiltInParts {
  standout?: { choice: string; text?: string };
  wants?: string;
  comment?: string;
}

/**
 * The signal row of a post-delivery survey answered question by question: the score of its first
 * rating or NPS question (a rating in `rating`, an NPS score in `nps`), the signal, how many questions
 * are answered and its completion. offers, alerts and metrics read it as they read the built-in one's.
 */
export function signalResponseStatement(
  owner: Owner,
  score: { rating: number } | { nps: number },
  parts: BuiltInParts,
  signal: SurveySignal,
  steps: number,
  completedAt: string | null,
  now: string,
): Statement {
  return sql(
    `INSERT INTO survey_responses (store_id, order_id, customer_id, rating, nps, standout_choice, standout_text, wants, comment,
       sentiment, next_action, steps_answered, completed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, order_id) DO UPDATE SET
       rating = excluded.rating, nps = excluded.nps, standout_choice = excluded.standout_choice, standout_text = excluded.standout_text,
       wants = excluded.wants, comment = excluded.comment, sentiment = excluded.sentiment, next_action = excluded.next_action,
       steps_answered = max(steps_answered, excluded.steps_answered),
       completed_at = coalesce(completed_at, excluded.completed_at), updated_at = excluded.updated_at`,
    owner.storeId,
    owner.orderId,
    owner.customerId,
    "rating" in score ? score.rating : null,
    "nps" in score ? score.nps : null,
    parts.standout?.choice ?? null,
    parts.standout?.text ?? null,
    parts.wants ?? null,
    parts.comment ?? null,
    signal.sentiment,
    signal.nextAction,
    Math.min(5, Math.max(1, steps)),
    completedAt,
    now,
    now,
  );
}

/**
 * `survey.submitted` for a post-delivery survey answered question by question, each time an answer is
 * saved to a complete survey (a new id per save, so an edit is news), as the step-wise body sends it.
 */
export const surveySubmittedStatements = (owner: Owner, data: Record<string, unknown>, now: string): Statement[] =>
  outboundEventStatements(
    owner.storeId,
    { id: `evt_survey_${owner.orderId}_${Date.parse(now).toString(36)}`, type: "survey.submitted", data },
    now,
  );

/** `survey.detractor` once per order, as soon as a low score is known (the built-in survey's id). */
export const detractorStatements = (owner: Owner, data: Record<string, unknown>, now: string): Statement[] =>
  outboundEventStatements(owner.storeId, { id: `evt_detractor_${owner.orderId}`, type: "survey.detractor", data }, now);
