import type { OrderView } from "../../../contract/order-view.ts";
import type { SurveyPlacement, SurveyShown } from "../../../contract/surveys.ts";

/** The survey asked on this order at `placement`, if any (absent from a worker that predates them, too). */
export const surveyAt = (order: OrderView, placement: SurveyPlacement): SurveyShown | undefined => order.surveys?.[placement];
