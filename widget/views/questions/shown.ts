/**
 * Where a merchant's surveys sit in the order view (`surveys.<placement>`) and whether the store sends
 * answers to its analytics (`store.analytics`). Read through these two functions so the views that only
 * ask "is there a survey here?" need nothing else from the survey code.
 */
import type { OrderView } from "../../../contract/order-view.ts";
import type { AnalyticsSettings, SurveyPlacement, SurveyShown } from "../../../contract/surveys.ts";

export type WithSurveys = OrderView & {
  surveys?: Partial<Record<SurveyPlacement, SurveyShown>>;
  store: { analytics?: AnalyticsSettings };
};

/** The survey asked on this order at `placement`, if any (absent from a worker that predates them, too). */
export const surveyAt = (order: OrderView, placement: SurveyPlacement): SurveyShown | undefined =>
  (order as WithSurveys).surveys?.[placement];
