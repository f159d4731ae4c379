/**
 * What the attribution report and the answers export read (issue 25). Orders are in the range by their
 * placed time, compared as instants (merchants send their own offsets), as metrics.ts does.
 */
import type { SurveyAnswerExportRow } from "../../contract/surveys.ts";
import type { AttributedOrder } from "../domain/surveys/reports.ts";
import { EXPORT_LIMIT } from "./dashboard.ts";
import type { MetricsRange } from "./metrics.ts";
import { FIRST_ORDER } from "./survey-answers.ts";

const PLACED_IN_RANGE = `unixepoch(o.placed_at) >= unixepoch(?2) AND unixepoch(o.placed_at) < unixepoch(?3)`;

/** The orders placed in the range, and those of them with an attribution answer (one row per answer), in one round trip. */
export async function attributionFacts(
  db: D1Database,
  { storeId, from, to }: MetricsRange,
): Promise<{ orders: number; attributed: AttributedOrder[] }> {
  const [count, answers] = await db.batch([
    db.prepare(`SELECT count(*) AS n FROM orders o WHERE o.store_id = ?1 AND ${PLACED_IN_RANGE}`).bind(storeId, from, to),
    db
      .prepare(
        // Each order's answers in a stable order (confirmation before post_delivery), so "its first" is well defined.
        `SELECT o.id AS order_id, o.total, o.currency, ${FIRST_ORDER("o")} AS first_order, a.value
         FROM survey_answers a JOIN orders o ON o.store_id = a.store_id AND o.id = a.order_id
         WHERE a.store_id = ?1 AND a.question_type = 'attribution' AND ${PLACED_IN_RANGE}
         ORDER BY o.id, a.placement, a.question_id`,
      )
      .bind(storeId, from, to),
  ]);
  type Row = { order_id: string; total: number; currency: string; first_order: number; value: string };
  return {
    orders: (count?.results[0] as { n: number } | undefined)?.n ?? 0,
    attributed: ((answers?.results ?? []) as Row[]).map((r) => ({
      orderId: r.order_id,
      total: r.total,
      currency: r.currency,
      firstOrder: r.first_order === 1,
      value: JSON.parse(r.value) as unknown,
    })),
  };
}

export const ANSWER_COLUMNS = [
  "orderId",
  "customerId",
  "placement",
  "version",
  "questionId",
  "questionType",
  "answer",
  "otherText",
  "answeredAt",
  "orderTotal",
  "currency",
  "firstOrder",
] as const satisfies readonly (keyof SurveyAnswerExportRow)[];

/** Every answer given (last changed) in the range, oldest first; one more than the limit tells the route to refuse. */
export async function surveyAnswerExport(db: D1Database, { storeId, from, to }: MetricsRange): Promise<SurveyAnswerExportRow[]> {
  const { results } = await db
    .prepare(
      `SELECT a.order_id AS orderId, a.customer_id AS customerId, a.placement, a.version, a.question_id AS questionId,
         a.question_type AS questionType,
         CASE
           WHEN json_type(a.value) IN ('integer', 'real', 'text') THEN json_extract(a.value, '$')
           WHEN json_type(a.value, '$.choice') IS NOT NULL THEN json_extract(a.value, '$.choice')
           ELSE (SELECT group_concat(c.value, '|') FROM json_each(a.value, '$.choices') c)
         END AS answer,
         json_extract(a.value, '$.text') AS otherText, a.updated_at AS answeredAt,
         o.total AS orderTotal, o.currency, ${FIRST_ORDER("o")} AS firstOrder
       FROM survey_answers a JOIN orders o ON o.store_id = a.store_id AND o.id = a.order_id
       WHERE a.store_id = ?1 AND unixepoch(a.updated_at) >= unixepoch(?2) AND unixepoch(a.updated_at) < unixepoch(?3)
       ORDER BY a.updated_at, a.order_id, a.placement, a.question_id LIMIT ${EXPORT_LIMIT + 1}`,
    )
    .bind(storeId, from, to)
    .all<Omit<SurveyAnswerExportRow, "firstOrder" | "answer"> & { firstOrder: number; answer: string | number | null }>();
  return results.map((r) => ({
    ...r,
    answer: r.answer === null ? "" : String(r.answer),
    otherText: typeof r.otherText === "string" ? r.otherText : null,
    firstOrder: r.firstOrder === 1,
  }));
}
