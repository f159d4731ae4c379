/**
 * Answers to a merchant's survey (issue 25): whether a value fits its question, whether a survey is
 * asked on an order, what the shopper sees of it, and what it means for the signal. Pure.
 */
import {
  ATTRIBUTION_CHANNELS,
  type ShownQuestion,
  type SurveyAnswerValue,
  type SurveyDefinition,
  type SurveyQuestion,
  type SurveyShown,
} from "../../../contract/surveys.ts";
import { WANTS, type Want } from "../../../contract/vocabularies.ts";

type Checked = { ok: true; value: SurveyAnswerValue } | { ok: false; message: string };

const refuse = (message: string): Checked => ({ ok: false, message });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The choices a choice or attribution question takes, "other" included when it offers it. */
function choicesOf(q: SurveyQuestion): string[] {
  if (q.type === "attribution") return ATTRIBUTION_CHANNELS.filter((c) => c !== "other" || q.other !== false);
  if (q.type === "single_choice" || q.type === "multiple_choice") return [...q.options.map((o) => o.id), ...(q.other ? ["other"] : [])];
  return [];
}

/**
 * The value as saved, or why it does not fit the question's type: `rating` 1–5 and `nps` 0–10 whole
 * numbers, `short_text` a non-empty string, a single choice or attribution `{choice, text?}` and a
 * multiple choice `{choices, text?}` among the question's options (text only with `other`).
 */
export function checkAnswer(q: SurveyQuestion, given: SurveyAnswerValue): Checked {
  // Judged as what arrived, whatever the declared type says.
  const value: unknown = given;
  switch (q.type) {
    case "rating":
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5
        ? { ok: true, value: value as number }
        : refuse("must be a whole number 1–5");
    case "nps":
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10
        ? { ok: true, value: value as number }
        : refuse("must be a whole number 0–10");
    case "short_text":
      return typeof value === "string" && value.trim() ? { ok: true, value: value.trim() } : refuse("must be some text");
    case "single_choice":
    case "attribution": {
      if (!isObject(value) || typeof value.choice !== "string") return refuse("must be {choice, text?}");
      if (!choicesOf(q).includes(value.choice)) return refuse(`choice must be one of ${choicesOf(q).join(", ")}`);
      if (value.text !== undefined && value.choice !== "other") return refuse("text goes only with the other choice");
      const text = typeof value.text === "string" ? value.text.trim() : undefined;
      return { ok: true, value: text ? { choice: value.choice, text } : { choice: value.choice } };
    }
    case "multiple_choice": {
      if (!isObject(value) || !Array.isArray(value.choices)) return refuse("must be {choices, text?}");
      const choices = value.choices as string[];
      const allowed = choicesOf(q);
      if (!choices.length || choices.some((c) => !allowed.includes(c))) return refuse(`choices must be among ${allowed.join(", ")}`);
      if (new Set(choices).size !== choices.length) return refuse("each choice at most once");
      if (value.text !== undefined && !choices.includes("other")) return refuse("text goes only with the other choice");
      const text = typeof value.text === "string" ? value.text.trim() : undefined;
      return { ok: true, value: text ? { choices, text } : { choices } };
    }
  }
}

/**
 * Every required question answered, and at least one answered at all: a survey of optional questions
 * (the built-in attribution one) is not done before the shopper has said anything.
 */
export function surveyComplete(questions: readonly SurveyQuestion[], answers: Record<string, unknown>): boolean {
  return questions.some((q) => answers[q.id] !== undefined) && questions.every((q) => q.optional || answers[q.id] !== undefined);
}

/**
 * Whether a survey is asked on an order: it is on, and the order fits its audience (an order is a
 * customer's first when the store has no earlier order of theirs by placed time).
 */
export function surveyAsked(def: Pick<SurveyDefinition, "enabled" | "audience">, firstOrder: boolean): boolean {
  if (!def.enabled) return false;
  if (def.audience === "first_order") return firstOrder;
  if (def.audience === "repeat_order") return !firstOrder;
  return true;
}

function shownQuestion(q: SurveyQuestion): ShownQuestion {
  const optional = q.optional ?? false;
  if (q.type === "attribution") {
    return { id: q.id, type: q.type, text: q.text ?? null, optional, other: q.other ?? true, randomize: q.randomize ?? false };
  }
  // Every other type has English wording (definitionProblems requires it).
  const text = q.text ?? { en: q.id };
  if (q.type === "single_choice" || q.type === "multiple_choice") {
    return { id: q.id, type: q.type, text, optional, options: q.options, other: q.other ?? false, randomize: q.randomize ?? false };
  }
  return { id: q.id, type: q.type, text, optional };
}

/**
 * The answers that belong to these questions: by id, and only where the value still fits the question
 * (an answer given to an earlier version whose question of that id had another type is left out).
 */
export function answersFor(
  questions: readonly SurveyQuestion[],
  answers: Record<string, SurveyAnswerValue>,
): Record<string, SurveyAnswerValue> {
  return Object.fromEntries(
    questions.flatMap((q) => {
      const value = answers[q.id];
      const checked = value === undefined ? null : checkAnswer(q, value);
      return checked?.ok ? [[q.id, checked.value]] : [];
    }),
  );
}

/** The survey as the order's shopper sees it, with their answers so far (only to questions it asks). */
export function shownSurvey(def: SurveyDefinition, answers: Record<string, SurveyAnswerValue>, completedBefore: boolean): SurveyShown {
  const mine = answersFor(def.questions, answers);
  return {
    placement: def.placement,
    version: def.version,
    builtIn: def.version === 0,
    questions: def.questions.map(shownQuestion),
    answers: mine,
    completed: completedBefore || surveyComplete(def.questions, mine),
  };
}

/** The signal question's score, when it is answered. */
export function signalScore(def: SurveyDefinition, answers: Record<string, unknown>): { rating: number } | { nps: number } | null {
  const q = def.questions.find((x) => x.id === def.signalQuestionId);
  const value = q && answers[q.id];
  if (!q || typeof value !== "number") return null;
  return q.type === "nps" ? { nps: value } : { rating: value };
}

/** What the built-in survey's `wants` answer asks for (it tunes a neutral shopper's next step). */
export function wantsOf(answers: Record<string, unknown>): Want | undefined {
  const value = answers.wants;
  const choice = isObject(value) ? value.choice : undefined;
  return WANTS.includes(choice as Want) ? (choice as Want) : undefined;
}

/** The built-in survey's step-wise body (`{rating, standout, wants, comment}`), as its per-question answers. */
export function builtInAnswers(input: {
  rating: number;
  standout?: { choice: string; text?: string };
  wants?: string;
  comment?: string;
}): Record<string, SurveyAnswerValue> {
  const answers: Record<string, SurveyAnswerValue> = { rating: input.rating };
  if (input.standout)
    answers.standout = input.standout.text
      ? { choice: input.standout.choice, text: input.standout.text }
      : { choice: input.standout.choice };
  if (input.wants) answers.wants = { choice: input.wants };
  if (input.comment) answers.comment = input.comment;
  return answers;
}

/** The built-in post-delivery questions' types, by id (version 0). */
export const BUILT_IN_TYPES: Record<string, SurveyQuestion["type"]> = {
  rating: "rating",
  standout: "single_choice",
  wants: "single_choice",
  comment: "short_text",
};

/** Which answers a step-wise post changes against the ones before it (each change is one `survey.answered`). */
export function changedAnswers(before: Record<string, SurveyAnswerValue>, after: Record<string, SurveyAnswerValue>): string[] {
  return Object.keys(after).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));
}

/** The built-in survey's columns of survey_responses, from its per-question answers. */
export function builtInParts(answers: Record<string, SurveyAnswerValue>): {
  standout?: { choice: string; text?: string };
  wants?: string;
  comment?: string;
} {
  const standout: unknown = answers.standout;
  return {
    standout: isObject(standout) && typeof standout.choice === "string" ? (standout as { choice: string; text?: string }) : undefined,
    wants: wantsOf(answers),
    comment: typeof answers.comment === "string" ? answers.comment : undefined,
  };
}
