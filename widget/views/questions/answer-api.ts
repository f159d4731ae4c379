import type { SurveyAnswerInput, SurveyAnswerSaved } from "../../../contract/surveys.ts";
import { request } from "../../api.ts";

/**
 * `POST /v1/o/{token}/survey` in its per-question form: one answer to a merchant's survey, checked against
 * the version shown. Beside the question module (like feedback/extras/photo-api.ts) so the modules that
 * never draw a merchant's survey carry none of it.
 */
export const saveSurveyAnswer = (api: string, token: string, body: SurveyAnswerInput) =>
  request<SurveyAnswerSaved>(
    `${api}/v1/o/${encodeURIComponent(token)}/survey`,
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
    undefined,
    token,
  );
