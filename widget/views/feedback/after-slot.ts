import type { loadOffers, Offers } from "../../ui/offers.tsx";
import type { ReviewForm } from "./review-form.tsx";

/** The parts of the feedback panel that follow the survey's answers (after-survey.ts). */
export interface AfterSurvey {
  ReviewForm: typeof ReviewForm;
  Offers: typeof Offers;
  loadOffers: typeof loadOffers;
}

/** Set once after-survey.ts has run: at once in modules that import it, on demand in the survey's. */
export let afterSurvey: AfterSurvey | undefined;

export const register = (parts: AfterSurvey) => void (afterSurvey = parts);

/**
 * How the survey's module fetches them, as a chunk (views/survey.ts sets it). Every other module with
 * the feedback views imports them, so never needs it.
 */
let fetchParts: () => Promise<unknown>;
export const fetchPartsWith = (fetch: () => Promise<unknown>) => void (fetchParts = fetch);

/** The parts, loading their code if this module does not have it (a chunk next to the survey's module). */
export const loadAfterSurvey = async (): Promise<AfterSurvey> => afterSurvey ?? (await fetchParts(), afterSurvey!);
