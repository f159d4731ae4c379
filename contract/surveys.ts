/**
 * Surveys merchants shape (docs/contract.md "Surveys"): one definition per store and placement, versioned,
 * shared by the worker (validation, storage, reports), the widget (drawing and answering) and the dashboard
 * (the editor). Types and vocabularies only: the worker's zod schemas spell the same shapes.
 */

/** Where a survey is asked: on the thank-you page while the purchase is fresh, or after delivery. */
export const SURVEY_PLACEMENTS = ["confirmation", "post_delivery"] as const;
export type SurveyPlacement = (typeof SURVEY_PLACEMENTS)[number];

/** The question types a merchant may use. `attribution` is "How did you hear about us?" with built-in channels. */
export const QUESTION_TYPES = ["rating", "nps", "single_choice", "multiple_choice", "short_text", "attribution"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The attribution question's canonical channels; `other` carries the shopper's own words. */
export const ATTRIBUTION_CHANNELS = [
  "search",
  "instagram",
  "tiktok",
  "facebook",
  "youtube",
  "podcast",
  "friend_family",
  "influencer",
  "email",
  "tv_radio",
  "other",
] as const;
export type AttributionChannel = (typeof ATTRIBUTION_CHANNELS)[number];

/** Which orders a survey is asked on: every order, only a customer's first, or only repeat orders. */
export const SURVEY_AUDIENCES = ["all", "first_order", "repeat_order"] as const;
export type SurveyAudience = (typeof SURVEY_AUDIENCES)[number];

export const SURVEY_LIMITS = { questions: 5, options: 12, text: 300, optionText: 80, answerText: 500 } as const;

/**
 * Wording per language (`en`, `fr`, `de`, `es`, `ar`, or a full locale such as `fr-CA`). English is
 * required; a shopper whose language is missing reads the English.
 */
export type Localized = { en: string } & Partial<Record<string, string>>;

export interface ChoiceOption {
  /** Stable within the question: answers and reports name the option by it. Lowercase letters, digits, `_`. */
  id: string;
  text: Localized;
}

interface QuestionBase {
  /** Stable within the survey (lowercase letters, digits, `_`, up to 40): answers are kept by it. */
  id: string;
  /** The question as asked. Optional only for `attribution`, which has its own wording in every language. */
  text?: Localized;
  /** A shopper may skip an optional question; defaults to false. */
  optional?: boolean;
}

export type SurveyQuestion =
  | (QuestionBase & { type: "rating" })
  | (QuestionBase & { type: "nps" })
  | (QuestionBase & {
      type: "single_choice" | "multiple_choice";
      options: ChoiceOption[];
      /** Adds an "Other" choice with a text box (its id is `other`). */
      other?: boolean;
      /** Shows the options in a random order per shopper ("Other" stays last). */
      randomize?: boolean;
    })
  | (QuestionBase & { type: "short_text" })
  | (QuestionBase & {
      type: "attribution";
      /** Offer "Other" with a text box (default true). */
      other?: boolean;
      randomize?: boolean;
    });

/** `PUT /v1/admin/surveys/{placement}`'s body. */
export interface SurveyDefinitionInput {
  /** A survey that is off is not shown; its answers stay. */
  enabled: boolean;
  audience: SurveyAudience;
  /** One to five questions, asked in this order. */
  questions: SurveyQuestion[];
}

/** `GET /v1/admin/surveys/{placement}` and the PUT's answer. Version 0 is the built-in default, never stored. */
export interface SurveyDefinition extends SurveyDefinitionInput {
  placement: SurveyPlacement;
  version: number;
  /** Absent for the built-in default. */
  updatedAt?: string;
  /** Which question drives the promoter / neutral / detractor signal: the first rating or NPS question. */
  signalQuestionId: string | null;
}

/**
 * `DELETE /v1/admin/surveys/{placement}`'s answer: the built-in survey (version 0) asked again. Nothing is
 * erased: the merchant's versions and their answers stay, and a later PUT publishes the next version.
 */
export interface SurveyReset {
  /** False when the built-in survey was already asked: nothing was written and no order view changed. */
  changed: boolean;
  /** The merchant's version asked until this reset; null when nothing changed. */
  replacedVersion: number | null;
  /** The survey asked now: the built-in default, version 0. */
  survey: SurveyDefinition;
}

/**
 * What the shopper answers, per type: `rating` 1–5, `nps` 0–10, `short_text` a string; a single choice or
 * attribution `{choice, text?}` (text only with `other`); a multiple choice `{choices, text?}`.
 */
export type SurveyAnswerValue = number | string | { choice: string; text?: string } | { choices: string[]; text?: string };

/** `POST /v1/o/{token}/survey` in its per-question form (the three-step body of the default survey still works). */
export interface SurveyAnswerInput {
  placement: SurveyPlacement;
  questionId: string;
  /** The survey version the shopper was shown (from the order view); defaults to the current one. */
  version?: number;
  value: SurveyAnswerValue;
}

/**
 * A survey as one order's shopper sees it: in `GET /v1/o/{token}` under `surveys.<placement>`, already
 * resolved for the order (audience, enabled) — absent when it is not asked on this order. Wording comes in
 * every language the merchant wrote (the widget picks its locale's, its language's, else English); the
 * widget shuffles `randomize` options itself.
 */
export interface SurveyShown {
  placement: SurveyPlacement;
  version: number;
  /** True for the built-in default (the post-delivery three steps; the widget may draw its own layout). */
  builtIn: boolean;
  questions: ShownQuestion[];
  /** The shopper's answers so far, by question id (a reload resumes). */
  answers: Record<string, SurveyAnswerValue>;
  /** Every required question answered. */
  completed: boolean;
}

export type ShownQuestion =
  | { id: string; type: "rating" | "nps" | "short_text"; text: Localized; optional: boolean }
  | {
      id: string;
      type: "single_choice" | "multiple_choice";
      text: Localized;
      optional: boolean;
      options: ChoiceOption[];
      other: boolean;
      randomize: boolean;
    }
  | {
      id: string;
      type: "attribution";
      /** Null when the merchant kept the built-in wording: the widget's catalogue has it in every language. */
      text: Localized | null;
      optional: boolean;
      other: boolean;
      randomize: boolean;
    };

/** `POST /v1/o/{token}/survey` per-question answer. */
export interface SurveyAnswerSaved {
  placement: SurveyPlacement;
  version: number;
  questionId: string;
  answers: Record<string, SurveyAnswerValue>;
  completed: boolean;
}

/** `GET /v1/admin/attribution?from=&to=`: orders by the channel their shopper named. */
export interface AttributionReport {
  from: string;
  to: string;
  /** Orders placed in the range with an attribution answer. */
  answered: number;
  /** Orders placed in the range at all (so the answer rate can be read). */
  orders: number;
  channels: AttributionRow[];
}

export interface AttributionRow {
  channel: AttributionChannel;
  orders: number;
  /** Sum of those orders' totals in minor units, per ISO 4217 currency. */
  revenue: Record<string, number>;
  /** Share of those orders that were the customer's first, 0–1. */
  firstOrderShare: number;
  /** `other` only: the shoppers' own words, grouped case- and space-insensitively, most frequent first (top 20). */
  otherTexts?: { text: string; count: number }[];
}

/** Store settings: what the widget also tells the merchant's analytics on the page. */
export interface AnalyticsSettings {
  /**
   * Push every survey answer to `window.dataLayer` as `{event: "doorstep_survey_answer", doorstep: {…}}`
   * (placement, question id and type, the answer's choice ids or number, the order value band from
   * `orderValueBand`) — never a name, an email or free text.
   */
  dataLayer: boolean;
}

/** The order value bands the dataLayer push names, in major units of the order's currency. */
export const ORDER_VALUE_BANDS = ["under_25", "25_50", "50_100", "100_250", "250_plus"] as const;
export type OrderValueBand = (typeof ORDER_VALUE_BANDS)[number];

export function orderValueBand(major: number): OrderValueBand {
  if (major < 25) return "under_25";
  if (major < 50) return "25_50";
  if (major < 100) return "50_100";
  if (major < 250) return "100_250";
  return "250_plus";
}

/**
 * One answer, as exported (`GET /v1/admin/survey-answers`, new in 2026-12): every question of every
 * survey, each answer as given, with the order's value and whether it was the customer's first.
 */
export interface SurveyAnswerExportRow {
  orderId: string;
  customerId: string;
  placement: SurveyPlacement;
  version: number;
  questionId: string;
  questionType: QuestionType;
  /** The number (rating, nps), the choice id, or the choice ids joined with `|` (multiple choice); the text for short_text. */
  answer: string;
  /** The shopper's words with an `other` choice. */
  otherText: string | null;
  answeredAt: string;
  orderTotal: number;
  currency: string;
  firstOrder: boolean;
}
