/**
 * What a survey answer means for the merchant, as data: a sentiment and the one next step that fits
 * it. Promoters may see cross-sells; neutrals get education (or the light incentive they asked for);
 * detractors get no sales pitch at all, a way to reach support, and raise an alert.
 *
 * Review invitations are deliberately not decided here: every shopper is invited to review whatever
 * they answered (16 CFR 465 forbids suppressing negative reviews), so no rating can switch them off.
 */
import type { NextAction, Sentiment, Want } from "../../contract/vocabularies.ts";

export type { NextAction, Sentiment };
/** The survey's third answer (contract/vocabularies.ts `WANTS`). */
export type Wants = Want;

export interface SurveySignal {
  sentiment: Sentiment;
  nextAction: NextAction;
  /** Offers (any sales pitch) may be shown to this shopper. */
  offersAllowed: boolean;
  /** The merchant should look at this response soon. */
  alert: boolean;
}

export function surveySignal(rating: number, wants?: Wants): SurveySignal {
  if (rating >= 4) return { sentiment: "positive", nextAction: "cross_sell", offersAllowed: true, alert: false };
  if (rating === 3) {
    return { sentiment: "neutral", nextAction: wants === "promotion" ? "light_incentive" : "education", offersAllowed: true, alert: false };
  }
  return { sentiment: "negative", nextAction: "remediation", offersAllowed: false, alert: true };
}

/**
 * The signal of a 0–10 NPS answer, in the same terms: promoters (9–10) positive, passives (7–8)
 * neutral, detractors (0–6) negative — so offers, alerts and `survey.detractor` work the same whichever
 * question a merchant's survey asks first.
 */
export function npsSignal(score: number, wants?: Wants): SurveySignal {
  if (score >= 9) return surveySignal(5, wants);
  if (score >= 7) return surveySignal(3, wants);
  return surveySignal(1, wants);
}

/** The signal of the survey's signal question: a 1–5 rating or a 0–10 NPS score. */
export function scoreSignal(score: { rating: number } | { nps: number }, wants?: Wants): SurveySignal {
  return "nps" in score ? npsSignal(score.nps, wants) : surveySignal(score.rating, wants);
}

/** How long after the last answer a response can still be changed. */
export const EDIT_WINDOW_MS = 24 * 3_600_000;

/** A response can be changed until 24 hours after it was completed; an unfinished one always. */
export function surveyEditable(completedAt: string | undefined, now: Date): boolean {
  return !completedAt || now.getTime() - Date.parse(completedAt) <= EDIT_WINDOW_MS;
}
