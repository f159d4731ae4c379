/**
 * The survey editor's working copy and its rules, pure so they are tested without a page: a flat draft
 * per question (every field a type might need, so switching type keeps the wording), turned into the
 * contract's `SurveyDefinitionInput` on save, and the checks worth making before the server does.
 */
import {
  type ChoiceOption,
  type Localized,
  type QuestionType,
  SURVEY_LIMITS,
  type SurveyAudience,
  type SurveyDefinitionInput,
  type SurveyQuestion,
} from "../contract/surveys.ts";
import { spokenLanguage } from "./language.ts";
import { valueWords, wordsOf } from "./words.ts";
import { surveyDraftWords } from "./words/survey-draft.ts";

const say = wordsOf(surveyDraftWords);

/** An option being edited; `auto` while its id still follows the English text (never once saved or typed). */
export interface DraftOption extends ChoiceOption {
  auto: boolean;
}

export interface DraftQuestion {
  /** For Preact's list keys only: stays with the question as it moves. */
  key: string;
  id: string;
  /** A question not yet saved takes its id from its type; a saved one keeps its id (answers are kept by it). */
  autoId: boolean;
  type: QuestionType;
  text: Localized;
  optional: boolean;
  options: DraftOption[];
  other: boolean;
  randomize: boolean;
}

export interface SurveyDraft {
  enabled: boolean;
  audience: SurveyAudience;
  questions: DraftQuestion[];
}

/** A question's type, as the editor names it (a saved survey may hold a type a newer worker added). */
export const questionTypeInWords = valueWords(surveyDraftWords, {
  rating: "typeRating",
  nps: "typeNps",
  single_choice: "typeSingleChoice",
  multiple_choice: "typeMultipleChoice",
  short_text: "typeShortText",
  attribution: "typeAttribution",
} satisfies Record<QuestionType, keyof typeof surveyDraftWords>);

/** Who a survey asks. */
export const audienceInWords = valueWords(surveyDraftWords, {
  all: "audienceAll",
  first_order: "audienceFirstOrder",
  repeat_order: "audienceRepeatOrder",
} satisfies Record<SurveyAudience, keyof typeof surveyDraftWords>);

/** "German (Germany)" for `de-DE`, in the language the dashboard speaks; the code itself if Intl does not know it. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([spokenLanguage()], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export const isChoice = (type: QuestionType) => type === "single_choice" || type === "multiple_choice";

let keys = 0;
const nextKey = () => `q${++keys}`;

/** An id as the contract allows it (lowercase letters, digits, `_`), from text in any script. */
export function idFrom(text: string, max = 40): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, max)
    .replace(/_+$/, "");
}

/** `base`, or `base_2`, `base_3`… when taken. */
function unique(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  let n = 2;
  while (taken.includes(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

export function fromDefinition(d: SurveyDefinitionInput): SurveyDraft {
  return {
    enabled: d.enabled,
    audience: d.audience,
    questions: d.questions.map((q) => ({
      key: nextKey(),
      id: q.id,
      autoId: false,
      type: q.type,
      text: q.text ?? { en: "" },
      optional: q.optional ?? false,
      // Saved options keep their ids: answers already given name them.
      options: "options" in q ? q.options.map((o) => ({ ...o, auto: false })) : [],
      other: "other" in q ? (q.other ?? q.type === "attribution") : false,
      randomize: "randomize" in q ? (q.randomize ?? false) : false,
    })),
  };
}

const blankOption = (): DraftOption => ({ id: "", text: { en: "" }, auto: true });

/** A new question at the end, with an id no other question has (kept as it is once saved). */
export function addQuestion(draft: SurveyDraft, type: QuestionType = "rating"): SurveyDraft {
  const question: DraftQuestion = {
    key: nextKey(),
    id: unique(
      type,
      draft.questions.map((q) => q.id),
    ),
    autoId: true,
    type,
    text: { en: "" },
    optional: false,
    options: isChoice(type) ? [blankOption(), blankOption()] : [],
    other: type === "attribution",
    randomize: false,
  };
  return { ...draft, questions: [...draft.questions, question] };
}

export const removeQuestion = (draft: SurveyDraft, index: number): SurveyDraft => ({
  ...draft,
  questions: draft.questions.filter((_, i) => i !== index),
});

/** Moves a question one place up (-1) or down (+1); at either end, nothing changes. */
export function moveQuestion(draft: SurveyDraft, index: number, by: -1 | 1): SurveyDraft {
  const to = index + by;
  if (to < 0 || to >= draft.questions.length) return draft;
  const questions = [...draft.questions];
  [questions[index], questions[to]] = [questions[to]!, questions[index]!];
  return { ...draft, questions };
}

export function changeQuestion(draft: SurveyDraft, index: number, change: (q: DraftQuestion) => DraftQuestion): SurveyDraft {
  return { ...draft, questions: draft.questions.map((q, i) => (i === index ? change(q) : q)) };
}

/** A new type keeps the wording; a choice question gets two empty options to fill in. */
export function changeType(draft: SurveyDraft, index: number, type: QuestionType): SurveyDraft {
  const taken = draft.questions.filter((_, i) => i !== index).map((q) => q.id);
  return changeQuestion(draft, index, (q) => ({
    ...q,
    id: q.autoId ? unique(type, taken) : q.id,
    type,
    options: isChoice(type) && q.options.length < 2 ? [...q.options, blankOption(), blankOption()].slice(0, 2) : q.options,
    other: type === "attribution" ? true : q.other,
  }));
}

/** The English text of an option, carrying its id along while the id is still derived. */
export function setOptionText(q: DraftQuestion, index: number, lang: string, value: string): DraftQuestion {
  return {
    ...q,
    options: q.options.map((o, i) => {
      if (i !== index) return o;
      const text = { ...o.text, [lang]: value } as Localized;
      if (lang !== "en" || !o.auto) return { ...o, text };
      const others = q.options.filter((_, j) => j !== i).map((x) => x.id);
      return { ...o, text, id: unique(idFrom(value) || "option", [...others, "other"]) };
    }),
  };
}

/** An id typed by the merchant: theirs from now on. */
export const setOptionId = (q: DraftQuestion, index: number, id: string): DraftQuestion => ({
  ...q,
  options: q.options.map((o, i) => (i === index ? { ...o, id, auto: false } : o)),
});

export const addOption = (q: DraftQuestion): DraftQuestion => ({ ...q, options: [...q.options, blankOption()] });
export const removeOption = (q: DraftQuestion, index: number): DraftQuestion => ({
  ...q,
  options: q.options.filter((_, i) => i !== index),
});

/** Wording as sent: empty languages left out (the shopper reads English there). */
function localized(text: Localized): Localized {
  const out: Record<string, string> = { en: text.en.trim() };
  for (const [lang, value] of Object.entries(text)) if (lang !== "en" && value?.trim()) out[lang] = value.trim();
  return out as Localized;
}

export function toInput(draft: SurveyDraft): SurveyDefinitionInput {
  return {
    enabled: draft.enabled,
    audience: draft.audience,
    questions: draft.questions.map((q): SurveyQuestion => {
      const base = { id: q.id, ...(q.optional ? { optional: true } : {}) };
      switch (q.type) {
        case "single_choice":
        case "multiple_choice":
          return {
            ...base,
            type: q.type,
            text: localized(q.text),
            options: q.options.map((o) => ({ id: o.id, text: localized(o.text) })),
            other: q.other,
            randomize: q.randomize,
          };
        case "attribution":
          // No English wording: the built-in question, in every language the widget speaks.
          return {
            ...base,
            type: q.type,
            ...(q.text.en.trim() ? { text: localized(q.text) } : {}),
            other: q.other,
            randomize: q.randomize,
          };
        default:
          return { ...base, type: q.type, text: localized(q.text) };
      }
    }),
  };
}

/** Whether saving `draft` would send what `saved` already is: editor-only state and stray spaces aside. */
export const sameSurvey = (draft: SurveyDraft, saved: SurveyDraft) => JSON.stringify(toInput(draft)) === JSON.stringify(toInput(saved));

/** A draft brought back from elsewhere (a kept copy): fresh list keys, so none collides with this page's. */
export const rekeyed = (draft: SurveyDraft): SurveyDraft => ({
  ...draft,
  questions: draft.questions.map((q) => ({ ...q, key: nextKey() })),
});

/** The obvious mistakes, by the paths the server would name (`questions.0.text.en`), before sending. */
export function checkDraft(draft: SurveyDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  if (draft.questions.length === 0) problems.questions = say("noQuestion");
  if (draft.questions.length > SURVEY_LIMITS.questions) problems.questions = say("tooManyQuestions", { max: SURVEY_LIMITS.questions });
  draft.questions.forEach((q, i) => {
    const at = `questions.${i}`;
    if (q.type !== "attribution" && !q.text.en.trim()) problems[`${at}.text.en`] = say("englishWordingRequired");
    for (const [lang, value] of Object.entries(q.text))
      if ((value?.length ?? 0) > SURVEY_LIMITS.text) problems[`${at}.text.${lang}`] = say("textTooLong", { max: SURVEY_LIMITS.text });
    if (!isChoice(q.type)) return;
    if (q.options.length < 2 || q.options.length > SURVEY_LIMITS.options)
      problems[`${at}.options`] = say("optionCount", { max: SURVEY_LIMITS.options });
    const seen = new Set<string>();
    q.options.forEach((o, j) => {
      if (!o.text.en.trim()) problems[`${at}.options.${j}.text.en`] = say("englishOptionRequired");
      if (!/^[a-z0-9_]{1,40}$/.test(o.id)) problems[`${at}.options.${j}.id`] = say("optionIdCharacters");
      else if (o.id === "other" && q.other) problems[`${at}.options.${j}.id`] = say("optionIdOther");
      else if (seen.has(o.id)) problems[`${at}.options.${j}.id`] = say("optionIdTaken");
      seen.add(o.id);
    });
  });
  return problems;
}
