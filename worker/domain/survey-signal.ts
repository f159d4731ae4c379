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

/** How long after the last answer a response can still be changed. */
export const EDIT_WINDOW_MS = 24 * 3_600_000;

/** A response can be changed until 24 hours after it was completed; an unfinished one always. */
export function surveyEditable(completedAt: string | undefined, now: Date): boolean {
  return !completedAt || now.getTime() - Date.parse(completedAt) <= EDIT_WINDOW_MS;
}
