/**
 * Where a merchant's surveys sit in the order view (`surveys.<placement>`) and whether the store sends
 * answers to its analytics (`store.analytics`, read by the question module only).
 */
import type { OrderView } from "../../../contract/order-view.ts";
import type { AnalyticsSettings, SurveyPlacement, SurveyShown } from "../../../contract/surveys.ts";

export type WithSurveys = OrderView & { store: { analytics?: AnalyticsSettings } };

/** The survey asked on this order at `placement`, if any (absent from a worker that predates them, too). */
export const surveyAt = (order: OrderView, placement: SurveyPlacement): SurveyShown | undefined => order.surveys?.[placement];
