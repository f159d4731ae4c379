import type { ReviewRecord, SurveyRecord } from "../domain/records.ts";
import type { SurveySignal } from "../domain/survey-signal.ts";
import type { ReviewsInput, SurveyInput } from "../schemas/feedback.ts";
import { outboundEventStatements } from "./outbound.ts";
import { prepare, runBatch, sql, type Statement } from "./statement.ts";
import { orderViewChanged } from "./view-versions.ts";

export interface Owner {
  storeId: string;
  orderId: string;
  customerId: string;
}

interface SurveyRow {
  rating: number;
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

/** The order's survey response and reviews, in one round trip. */
export async function getFeedback(
  db: D1Database,
  storeId: string,
  orderId: string,
): Promise<{ survey?: SurveyRecord; reviews: ReviewRecord[] }> {
  const [survey, reviews] = await db.batch([
    prepare(db, sql(`SELECT * FROM survey_responses WHERE store_id = ? AND order_id = ?`, storeId, orderId)),
    prepare(db, sql(`SELECT sku, rating, title, body FROM reviews WHERE store_id = ? AND order_id = ? ORDER BY sku`, storeId, orderId)),
  ]);
  const row = survey?.results[0] as SurveyRow | undefined;
  return {
    survey: row && {
      rating: row.rating,
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
    reviews: ((reviews?.results ?? []) as { sku: string; rating: number; title: string | null; body: string | null }[]).map((r) => ({
      sku: r.sku,
      rating: r.rating,
      title: r.title ?? undefined,
      body: r.body ?? undefined,
    })),
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
 */
export async function saveSurvey(
  db: D1Database,
  owner: Owner,
  input: SurveyInput,
  signal: SurveySignal,
  steps: number,
  completedAt: string | undefined,
  now: string,
): Promise<void> {
  const { storeId, orderId } = owner;
  const statements: Statement[] = [
    surveyResponseStatement(owner, input, signal, steps, completedAt, now),
    orderViewChanged(storeId, orderId),
  ];
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

/** One item's review, created or edited (saveReviews; the demo history writes its reviews with it too). */
export const reviewStatement = (owner: Owner, review: ReviewsInput[number], now: string): Statement =>
  sql(
    `INSERT INTO reviews (store_id, order_id, sku, customer_id, rating, title, body, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, order_id, sku) DO UPDATE SET
       rating = excluded.rating, title = excluded.title, body = excluded.body, updated_at = excluded.updated_at`,
    owner.storeId,
    owner.orderId,
    review.sku,
    owner.customerId,
    review.rating,
    review.title ?? null,
    review.body ?? null,
    now,
    now,
  );

/**
 * Creates or edits one review per item; `review.created` is queued only for items reviewed for the
 * first time (its id is fixed per item and order, so an edit cannot create a second one).
 */
export async function saveReviews(db: D1Database, owner: Owner, reviews: ReviewsInput, now: string): Promise<void> {
  const { storeId, orderId } = owner;
  const statements = reviews.flatMap((review) => [
    ...outboundEventStatements(
      storeId,
      { id: `evt_review_${orderId}_${review.sku}`, type: "review.created", data: { orderId, customerId: owner.customerId, ...review } },
      now,
    ),
    reviewStatement(owner, review, now),
  ]);
  statements.push(orderViewChanged(storeId, orderId));
  await runBatch(db, statements);
}
