import type { ModerationReason, ReviewAuthorChoice, ReviewStatus } from "../../contract/vocabularies.ts";
import type { ReviewRecord, SurveyRecord } from "../domain/records.ts";
import type { SurveySignal } from "../domain/survey-signal.ts";
import type { ReviewsInput, SurveyInput } from "../schemas/feedback.ts";
import { outboundEventStatements } from "./outbound.ts";
import { prepare, runBatch, sql, type Statement } from "./statement.ts";
import { orderViewChanged } from "./view-versions.ts";
import { type AnswerWrite, surveyAnsweredStatements, surveyAnswerStatement, surveyCompletionStatement } from "./survey-answers.ts";

export interface Owner {
  storeId: string;
  orderId: string;
  customerId: string;
}

interface SurveyRow {
  rating: number | null;
  nps: number | null;
  standout_choice: string | null;
  standout_text: string | null;
  wants: SurveyRecord["wants"] | null;
  comment: string | null;
  callback_phone: string | null;
  sentiment: SurveyRecord["sentiment"];
  next_action: SurveyRecord["nextAction"];
  steps_answered: number;
  completed_at: string | null;
  created_at: string;
}

/** A review as both reads select it (getFeedback; the order view's one-statement read, order-view.ts). */
export interface ReviewRow {
  sku: string;
  rating: number;
  title: string | null;
  body: string | null;
  status: ReviewStatus;
  moderation_reason: ModerationReason | null;
  author: ReviewAuthorChoice;
  /** Text from a row of its own; already JSON inside the order view's JSON (SQLite keeps the subtype there). */
  photos: string | PhotoRow[];
}

type PhotoRow = { key: string; width: number | null; height: number | null };

/** Photos as `REVIEW_PHOTOS_JSON` selects them: one JSON array of {key, width, height}, in position order. */
export const REVIEW_PHOTOS_JSON = (
  review: string,
) => `(SELECT json_group_array(json_object('key', p.key, 'width', p.width, 'height', p.height))
    FROM (SELECT key, width, height FROM review_photos
          WHERE store_id = ${review}.store_id AND order_id = ${review}.order_id AND sku = ${review}.sku ORDER BY position) AS p)`;

export const reviewFromRow = (r: ReviewRow): ReviewRecord => ({
  sku: r.sku,
  rating: r.rating,
  title: r.title ?? undefined,
  body: r.body ?? undefined,
  status: r.status,
  moderationReason: r.moderation_reason ?? undefined,
  author: r.author,
  photos: (typeof r.photos === "string" ? (JSON.parse(r.photos) as PhotoRow[]) : r.photos).map((p) => ({
    key: p.key,
    width: p.width ?? undefined,
    height: p.height ?? undefined,
  })),
});

/** The order's survey response and reviews (with their status and photos), in one round trip. */
export async function getFeedback(
  db: D1Database,
  storeId: string,
  orderId: string,
): Promise<{ survey?: SurveyRecord; reviews: ReviewRecord[] }> {
  const [survey, reviews] = await db.batch([
    prepare(db, sql(`SELECT * FROM survey_responses WHERE store_id = ? AND order_id = ?`, storeId, orderId)),
    prepare(
      db,
      sql(
        `SELECT r.sku, r.rating, r.title, r.body, r.status, r.moderation_reason, r.author, ${REVIEW_PHOTOS_JSON("r")} AS photos
         FROM reviews AS r WHERE r.store_id = ? AND r.order_id = ? ORDER BY r.sku`,
        storeId,
        orderId,
      ),
    ),
  ]);
  const row = survey?.results[0] as SurveyRow | undefined;
  return {
    survey: row && {
      rating: row.rating,
      nps: row.nps ?? undefined,
      standout: row.standout_choice ? { choice: row.standout_choice, text: row.standout_text ?? undefined } : undefined,
      wants: row.wants ?? undefined,
      comment: row.comment ?? undefined,
      callbackRequested: !!row.callback_phone,
      sentiment: row.sentiment,
      nextAction: row.next_action,
      stepsAnswered: row.steps_answered,
      completedAt: row.completed_at ?? undefined,
      createdAt: row.created_at,
    },
    reviews: ((reviews?.results ?? []) as ReviewRow[]).map(reviewFromRow),
  };
}

/**
 * The response after one step of the survey: an upsert, so a later step replaces the answers, keeps
 * created_at, never lowers the steps answered and never clears completion. saveSurvey runs it with the
 * outbound events; the demo history replays a shopper's steps with it.
 */
export function surveyResponseStatement(
  owner: Owner,
  input: SurveyInput,
  signal: SurveySignal,
  steps: number,
  completedAt: string | undefined,
  now: string,
): Statement {
  return sql(
    `INSERT INTO survey_responses (store_id, order_id, customer_id, rating, standout_choice, standout_text, wants, comment,
       callback_phone, callback_time, sentiment, next_action, steps_answered, completed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, order_id) DO UPDATE SET
       rating = excluded.rating, standout_choice = excluded.standout_choice, standout_text = excluded.standout_text,
       wants = excluded.wants, comment = excluded.comment,
       callback_phone = coalesce(excluded.callback_phone, callback_phone), callback_time = coalesce(excluded.callback_time, callback_time),
       sentiment = excluded.sentiment, next_action = excluded.next_action,
       steps_answered = max(steps_answered, excluded.steps_answered),
       completed_at = coalesce(completed_at, excluded.completed_at), updated_at = excluded.updated_at`,
    owner.storeId,
    owner.orderId,
    owner.customerId,
    input.rating,
    input.standout?.choice ?? null,
    input.standout?.text ?? null,
    input.wants ?? null,
    input.comment ?? null,
    input.callback?.phone ?? null,
    input.callback?.preferredTime ?? null,
    signal.sentiment,
    signal.nextAction,
    steps,
    completedAt ?? null,
    now,
    now,
  );
}

/**
 * Writes the response (replacing earlier steps) with its signal, and the events merchants' tools
 * subscribe to, in one transaction: `survey.submitted` each time a complete response is saved (a new
 * id per save, so an edit is news), `survey.detractor` once per order as soon as a low rating is known.
 * The same answers land as the built-in survey's per-question answers (version 0, issue 25), so reports
 * read every survey alike: each one given is saved, each one changed is a `survey.answered`, and one the
 * body no longer carries is removed (each post replaces the response).
 */
export async function saveSurvey(
  db: D1Database,
  owner: Owner,
  input: SurveyInput,
  signal: SurveySignal,
  steps: number,
  completedAt: string | undefined,
  now: string,
  answers: { given: AnswerWrite[]; changed: AnswerWrite[]; absent: string[] } = { given: [], changed: [], absent: [] },
): Promise<void> {
  const { storeId, orderId } = owner;
  const statements: Statement[] = [
    surveyResponseStatement(owner, input, signal, steps, completedAt, now),
    orderViewChanged(storeId, orderId),
    ...answers.given.map((answer) => surveyAnswerStatement(owner, answer, now)),
    ...answers.changed.flatMap((answer) => surveyAnsweredStatements(owner, answer, now)),
  ];
  if (answers.absent.length) {
    statements.push(
      sql(
        `DELETE FROM survey_answers WHERE store_id = ? AND order_id = ? AND placement = 'post_delivery' AND version = 0
           AND question_id IN (SELECT value FROM json_each(?))`,
        storeId,
        orderId,
        JSON.stringify(answers.absent),
      ),
    );
  }
  if (completedAt) statements.push(surveyCompletionStatement(owner, "post_delivery", 0, completedAt));
  const data = { orderId, customerId: owner.customerId, ...input, sentiment: signal.sentiment, nextAction: signal.nextAction };
  if (completedAt) {
    statements.push(
      ...outboundEventStatements(
        storeId,
        { id: `evt_survey_${orderId}_${Date.parse(now).toString(36)}`, type: "survey.submitted", data },
        now,
      ),
    );
  }
  if (signal.alert) {
    statements.push(...outboundEventStatements(storeId, { id: `evt_detractor_${orderId}`, type: "survey.detractor", data }, now));
  }
  await runBatch(db, statements);
}

/** What the automatic check decided about a review's words (domain/reviews/moderation.ts). */
export interface ReviewDecision {
  status: "published" | "pending";
  reason?: ModerationReason;
}

/**
 * One item's review, created or edited (saveReviews; the demo history writes its reviews with it too).
 * A new review gets its opaque public id here. Its status is the automatic decision on its words, except
 * that a merchant's decision (publish or reject) holds while the words stay the same: a changed rating
 * alone does not send a rejected review back, nor a published one to the queue. `author` left out keeps
 * the shopper's earlier choice ('name' for a new review).
 */
export const reviewStatement = (
  owner: Owner,
  review: ReviewsInput[number],
  now: string,
  decision: ReviewDecision = { status: "published" },
): Statement =>
  sql(
    `INSERT INTO reviews (store_id, order_id, sku, customer_id, rating, title, body, created_at, updated_at,
       status, moderation_reason, moderated_by, moderated_at, public_id, author)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'rv_' || lower(hex(randomblob(16))), coalesce(?, 'name'))
     ON CONFLICT (store_id, order_id, sku) DO UPDATE SET
       status = CASE WHEN ${MERCHANT_HOLDS} THEN status ELSE excluded.status END,
       moderation_reason = CASE WHEN ${MERCHANT_HOLDS} THEN moderation_reason ELSE excluded.moderation_reason END,
       moderated_at = CASE WHEN ${MERCHANT_HOLDS} THEN moderated_at ELSE excluded.moderated_at END,
       moderated_by = CASE WHEN ${MERCHANT_HOLDS} THEN moderated_by ELSE excluded.moderated_by END,
       rating = excluded.rating, title = excluded.title, body = excluded.body, updated_at = excluded.updated_at,
       author = CASE WHEN ? IS NULL THEN author ELSE excluded.author END`,
    owner.storeId,
    owner.orderId,
    review.sku,
    owner.customerId,
    review.rating,
    review.title ?? null,
    review.body ?? null,
    now,
    now,
    decision.status,
    decision.reason ?? null,
    decision.status === "pending" ? "automatic" : null,
    decision.status === "pending" ? now : null,
    review.author ?? null,
    review.author ?? null,
  );

/** A merchant's decision stands while the words it was made on stay the same. */
const MERCHANT_HOLDS = `(moderated_by IN ('api_key', 'dashboard') AND title IS excluded.title AND body IS excluded.body)`;

/**
 * Creates or edits one review per item, each with its automatic decision; `review.created` is queued
 * only for items reviewed for the first time (its id is fixed per item and order, so an edit cannot
 * create a second one).
 */
export async function saveReviews(
  db: D1Database,
  owner: Owner,
  reviews: ReviewsInput,
  decisions: ReviewDecision[],
  now: string,
): Promise<void> {
  const { storeId, orderId } = owner;
  const statements = reviews.flatMap((review, i) => [
    ...outboundEventStatements(
      storeId,
      { id: `evt_review_${orderId}_${review.sku}`, type: "review.created", data: { orderId, customerId: owner.customerId, ...review } },
      now,
    ),
    reviewStatement(owner, review, now, decisions[i]),
  ]);
  statements.push(orderViewChanged(storeId, orderId));
  await runBatch(db, statements);
}
