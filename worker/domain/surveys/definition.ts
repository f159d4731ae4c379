/**
 * Survey definitions (issue 25): what a shape cannot check, the normal form stored, the built-in
 * defaults (version 0, never stored) and which question drives the promoter / neutral / detractor
 * signal. Pure.
 */
import {
  type Localized,
  SURVEY_LIMITS,
  type SurveyDefinition,
  type SurveyDefinitionInput,
  type SurveyPlacement,
  type SurveyQuestion,
} from "../../../contract/surveys.ts";
import { STANDOUTS, WANTS } from "../../../contract/vocabularies.ts";
import type { SurveyDefinitionBody } from "../../schemas/surveys.ts";

export interface Problem {
  path: string;
  message: string;
}

const CHOICE_TYPES = new Set(["single_choice", "multiple_choice"]);

/**
 * What is wrong with a definition that has the right shape (schemas/surveys.ts): ids repeated, a choice
 * question with too few or too many options, English missing from a question's or an option's wording.
 * Other languages are optional: a shopper whose language is missing reads the English.
 */
export function definitionProblems(input: SurveyDefinitionBody): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  input.questions.forEach((q, i) => {
    const at = `questions.${i}`;
    if (seen.has(q.id)) problems.push({ path: `${at}.id`, message: `is used by an earlier question (${q.id})` });
    seen.add(q.id);
    // The attribution question has its wording in every language; anything else must say something.
    if (q.type !== "attribution" || q.text) {
      if (!q.text?.en?.trim()) problems.push({ path: `${at}.text.en`, message: "is required: English wording for the question" });
    }
    if (q.type === "single_choice" || q.type === "multiple_choice") {
      if (q.options.length < 2 || q.options.length > SURVEY_LIMITS.options) {
        problems.push({ path: `${at}.options`, message: `must have 2–${SURVEY_LIMITS.options} options` });
      }
      const ids = new Set<string>();
      q.options.forEach((o, j) => {
        if (ids.has(o.id)) problems.push({ path: `${at}.options.${j}.id`, message: `is used by an earlier option (${o.id})` });
        if (o.id === "other" && q.other) problems.push({ path: `${at}.options.${j}.id`, message: "other is the id of the Other choice" });
        ids.add(o.id);
        if (!o.text.en?.trim())
          problems.push({ path: `${at}.options.${j}.text.en`, message: "is required: English wording for the option" });
      });
    }
  });
  return problems;
}

/** Wording without blank languages, trimmed. */
function wording(text: Partial<Record<string, string>>): Localized {
  const entries = Object.entries(text).flatMap(([lang, words]) => (words?.trim() ? [[lang, words.trim()] as const] : []));
  return Object.fromEntries(entries) as Localized;
}

/** The stored form: every flag spelled out, wording trimmed and without blank languages. */
export function normalizeDefinition(input: SurveyDefinitionBody): SurveyDefinitionInput {
  return {
    enabled: input.enabled,
    audience: input.audience,
    questions: input.questions.map((q): SurveyQuestion => {
      const common = { id: q.id, ...(q.text && { text: wording(q.text) }), optional: q.optional ?? false };
      if (q.type === "single_choice" || q.type === "multiple_choice") {
        return {
          ...common,
          type: q.type,
          options: q.options.map((o) => ({ id: o.id, text: wording(o.text) })),
          other: q.other ?? false,
          randomize: q.randomize ?? false,
        };
      }
      if (q.type === "attribution") return { ...common, type: q.type, other: q.other ?? true, randomize: q.randomize ?? false };
      return { ...common, type: q.type };
    }),
  };
}

/** The first rating or NPS question: its answer is the promoter / neutral / detractor signal. */
export function signalQuestionId(questions: readonly SurveyQuestion[]): string | null {
  return questions.find((q) => q.type === "rating" || q.type === "nps")?.id ?? null;
}

/** The English the widget says today (widget/views/feedback/messages.ts), for the built-in questions. */
const STANDOUT_WORDS: Record<(typeof STANDOUTS)[number], string> = {
  delivery_speed: "Delivery speed",
  packaging: "Packaging",
  product_quality: "Product quality",
  price: "Price",
  support: "Customer support",
  website: "Website",
  other: "Something else",
};
const WANT_WORDS: Record<(typeof WANTS)[number], string> = {
  tip: "A tip for using it",
  promotion: "A promotion",
  demo: "A product demo",
  none: "No, thanks",
};

/** The post-delivery survey the product has always asked: its three steps and the optional comment. */
const POST_DELIVERY_DEFAULT: SurveyDefinitionInput = {
  enabled: true,
  audience: "all",
  questions: [
    { id: "rating", type: "rating", text: { en: "How was your experience overall?" }, optional: false },
    {
      id: "standout",
      type: "single_choice",
      text: { en: "What stood out?" },
      optional: false,
      options: STANDOUTS.filter((s) => s !== "other").map((id) => ({ id, text: { en: STANDOUT_WORDS[id] } })),
      other: true,
      randomize: false,
    },
    {
      id: "wants",
      type: "single_choice",
      text: { en: "Would you like anything from us?" },
      optional: false,
      options: WANTS.map((id) => ({ id, text: { en: WANT_WORDS[id] } })),
      other: false,
      randomize: false,
    },
    { id: "comment", type: "short_text", text: { en: "Anything else? (optional)" }, optional: true },
  ],
};

/** "How did you hear about us?" on the thank-you page, in the widget's own wording. */
const CONFIRMATION_DEFAULT: SurveyDefinitionInput = {
  enabled: true,
  audience: "all",
  questions: [{ id: "heard_from", type: "attribution", optional: true, other: true, randomize: false }],
};

/** Version 0 of a placement: the built-in default, never stored. */
export function defaultDefinition(placement: SurveyPlacement): SurveyDefinition {
  const input = placement === "post_delivery" ? POST_DELIVERY_DEFAULT : CONFIRMATION_DEFAULT;
  return { placement, version: 0, ...structuredClone(input), signalQuestionId: signalQuestionId(input.questions) };
}

/** A stored version (or the default when none is stored) as the admin API answers it. */
export function definitionOf(
  placement: SurveyPlacement,
  stored: { version: number; definition: SurveyDefinitionInput; createdAt: string } | null,
): SurveyDefinition {
  if (!stored) return defaultDefinition(placement);
  return {
    placement,
    version: stored.version,
    ...stored.definition,
    updatedAt: stored.createdAt,
    signalQuestionId: signalQuestionId(stored.definition.questions),
  };
}

export const isChoiceType = (type: string) => CHOICE_TYPES.has(type);
