/**
 * What a saved answer tells the host page: the `doorstep:survey-answer` DOM event always, and, when the
 * store turned it on (`store.analytics.dataLayer`), a `window.dataLayer` push in the shape Google Tag
 * Manager and GA4 read (docs/contract.md "The widget's DOM events"). Both carry the same safe detail:
 * choice ids and numbers only, never the shopper's own words (short answers, "Other" texts), so nothing a
 * shopper typed (a name, an email) can reach the merchant's analytics.
 */
import { orderValueBand, type ShownQuestion, type SurveyAnswerValue, type SurveyPlacement } from "../../../contract/surveys.ts";
import { minorDigits } from "../../../contract/currency.ts";
import type { OrderViewCore } from "../../../contract/order-view.ts";
import { emit } from "../../context.ts";

/** Whether the store sends survey answers to the page's `dataLayer` (`store.analytics.dataLayer`). */
export const dataLayerOn = (order: OrderViewCore) => !!order.store.analytics?.dataLayer;

export interface AnswerDetail {
  placement: SurveyPlacement;
  question_id: string;
  question_type: ShownQuestion["type"];
  survey_version: number;
  /** Choice id(s), comma-joined for several, or the number; absent for a short text. */
  answer?: string | number;
  /** Only for a short text: that it was answered, never what. */
  answered?: true;
  order_value_band: ReturnType<typeof orderValueBand>;
}

/** The safe detail of one answer; `total` in minor units of `currency`. */
export function answerDetail(
  placement: SurveyPlacement,
  version: number,
  question: ShownQuestion,
  value: SurveyAnswerValue,
  total: number,
  currency: string,
): AnswerDetail {
  const detail: AnswerDetail = {
    placement,
    question_id: question.id,
    question_type: question.type,
    survey_version: version,
    order_value_band: orderValueBand(total / 10 ** minorDigits(currency)),
  };
  // The text beside "Other" is dropped here: only the ids travel.
  if (typeof value == "number") detail.answer = value;
  else if (typeof value == "object") detail.answer = "choices" in value ? value.choices.join(",") : value.choice;
  else detail.answered = true;
  return detail;
}

/** Tells the host page (after the worker accepted the answer, never before). */
export function publish(host: Element, detail: AnswerDetail, dataLayer: boolean): void {
  emit(host, "survey-answer", detail);
  if (!dataLayer) return;
  try {
    const w = window as unknown as { dataLayer?: unknown[] };
    (w.dataLayer = w.dataLayer || []).push({ event: "doorstep_survey_answer", doorstep: detail });
  } catch {
    /* a page whose dataLayer throws keeps its own problem */
  }
}
