/**
 * One question of the survey editor: its type, its wording per language, its options when it is a
 * choice, and the buttons that move and remove it. Every message the server or the checks gave for
 * this question is shown by the field it names, or below the question when no field here matches.
 */
import { QUESTION_TYPES, SURVEY_LIMITS } from "../contract/surveys.ts";
import {
  addOption,
  type DraftQuestion,
  isChoice,
  languageName,
  questionTypeInWords,
  removeOption,
  setOptionId,
  setOptionText,
} from "./survey-draft.ts";
import { wordsOf } from "./words.ts";
import { surveyQuestionWords } from "./words/survey-question.ts";

const say = wordsOf(surveyQuestionWords);

export function QuestionEditor({
  question: q,
  index,
  count,
  languages,
  readOnly,
  problems,
  onChange,
  onType,
  onMove,
  onRemove,
}: {
  question: DraftQuestion;
  index: number;
  count: number;
  languages: string[];
  readOnly: boolean;
  /** This question's messages, by full path (`questions.2.options.0.id`). */
  problems: Record<string, string>;
  onChange(change: (q: DraftQuestion) => DraftQuestion): void;
  onType(type: DraftQuestion["type"]): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}) {
  const at = `questions.${index}`;
  const id = (name: string) => `sq-${q.key}-${name}`;
  const number = index + 1;
  const shown = new Set<string>();
  /** A labelled text input bound to one path, with its message below (plain function: renders in order). */
  const text = (path: string, name: string, label: string, value: string, onInput: (v: string) => void, hint?: string) => {
    shown.add(path);
    const problem = problems[path];
    return (
      <p class="field">
        <label for={id(name)}>{label}</label>
        {hint && (
          <span class="muted" id={`${id(name)}-hint`}>
            {hint}
          </span>
        )}
        <input
          id={id(name)}
          value={value}
          maxLength={SURVEY_LIMITS.text}
          onInput={(e) => onInput(e.currentTarget.value)}
          aria-invalid={problem ? "true" : undefined}
          aria-describedby={[hint && `${id(name)}-hint`, problem && `${id(name)}-problem`].filter(Boolean).join(" ") || undefined}
        />
        {problem && (
          <span class="problem" id={`${id(name)}-problem`}>
            {problem}
          </span>
        )}
      </p>
    );
  };
  const toggle = (name: string, label: string, checked: boolean, set: (v: boolean) => void) => (
    <p class="field check">
      <input id={id(name)} type="checkbox" checked={checked} onChange={(e) => set(e.currentTarget.checked)} />
      <label for={id(name)}>{label}</label>
    </p>
  );
  const wording = (
    <fieldset>
      <legend>{say("wordingLegend", { number })}</legend>
      {text(
        `${at}.text.en`,
        "text-en",
        q.type === "attribution" ? say("englishOptional") : say("english"),
        q.text.en,
        (v) => onChange((x) => ({ ...x, text: { ...x.text, en: v } })),
        q.type === "attribution" ? say("attributionHint") : undefined,
      )}
      {languages.map((lang) =>
        text(`${at}.text.${lang}`, `text-${lang}`, say("languageOptional", { language: languageName(lang) }), q.text[lang] ?? "", (v) =>
          onChange((x) => ({ ...x, text: { ...x.text, [lang]: v } })),
        ),
      )}
    </fieldset>
  );
  const optionsProblem = (shown.add(`${at}.options`), problems[`${at}.options`]);
  const options = isChoice(q.type) && (
    <fieldset aria-describedby={optionsProblem ? id("options-problem") : undefined}>
      <legend>{say("optionsLegend", { number })}</legend>
      <ol class="options">
        {q.options.map((o, j) => (
          // Position keys: an option's id changes as its English text is typed.
          <li key={j}>
            {text(`${at}.options.${j}.text.en`, `o${j}-en`, say("optionEnglish", { option: j + 1 }), o.text.en, (v) =>
              onChange((x) => setOptionText(x, j, "en", v)),
            )}
            {languages.map((lang) =>
              text(
                `${at}.options.${j}.text.${lang}`,
                `o${j}-${lang}`,
                say("optionLanguage", { option: j + 1, language: languageName(lang) }),
                o.text[lang] ?? "",
                (v) => onChange((x) => setOptionText(x, j, lang, v)),
              ),
            )}
            {text(
              `${at}.options.${j}.id`,
              `o${j}-id`,
              say("optionId", { option: j + 1 }),
              o.id,
              (v) => onChange((x) => setOptionId(x, j, v)),
              o.auto ? say("optionIdAuto") : say("optionIdKept"),
            )}
            {!readOnly && (
              <button
                type="button"
                class="quiet"
                onClick={() => onChange((x) => removeOption(x, j))}
                aria-label={say("removeOptionOf", { option: j + 1, number })}
              >
                {say("removeOption")}
              </button>
            )}
          </li>
        ))}
      </ol>
      {optionsProblem && (
        <p class="problem" id={id("options-problem")}>
          {optionsProblem}
        </p>
      )}
      {!readOnly && q.options.length < SURVEY_LIMITS.options && (
        <button type="button" class="quiet" onClick={() => onChange(addOption)} aria-label={say("addOptionTo", { number })}>
          {say("addOption")}
        </button>
      )}
    </fieldset>
  );
  const typeProblem = (shown.add(`${at}.type`), problems[`${at}.type`]);
  const body = (
    <>
      <p class="field">
        <label for={id("type")}>{say("typeLabel", { number })}</label>
        <select
          id={id("type")}
          value={q.type}
          aria-invalid={typeProblem ? "true" : undefined}
          aria-describedby={typeProblem ? id("type-problem") : undefined}
          onChange={(e) => onType(e.currentTarget.value as DraftQuestion["type"])}
        >
          {QUESTION_TYPES.map((t) => (
            <option key={t} value={t}>
              {questionTypeInWords(t)}
            </option>
          ))}
        </select>
        {typeProblem && (
          <span class="problem" id={id("type-problem")}>
            {typeProblem}
          </span>
        )}
      </p>
      {wording}
      {options}
      {(isChoice(q.type) || q.type === "attribution") && (
        <>
          {toggle("other", say("offerOther"), q.other, (v) => onChange((x) => ({ ...x, other: v })))}
          {toggle("randomize", say("randomize"), q.randomize, (v) => onChange((x) => ({ ...x, randomize: v })))}
        </>
      )}
      {toggle("optional", say("optional"), q.optional, (v) => onChange((x) => ({ ...x, optional: v })))}
    </>
  );
  const leftover = Object.entries(problems).filter(([p]) => !shown.has(p));
  return (
    <div class="question">
      <h4 id={id("title")}>
        {say("heading", { number })} <span class="muted">{say("headingType", { type: questionTypeInWords(q.type) })}</span>
      </h4>
      {body}
      {leftover.length > 0 && (
        <ul class="problem">
          {leftover.map(([p, message]) => (
            <li key={p}>{message}</li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <p class="actions">
          <button
            type="button"
            id={id("up")}
            class="quiet"
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={say("moveUpOf", { number })}
          >
            {say("moveUp")}
          </button>
          <button
            type="button"
            id={id("down")}
            class="quiet"
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={say("moveDownOf", { number })}
          >
            {say("moveDown")}
          </button>
          <button type="button" class="quiet" onClick={onRemove} aria-label={say("removeOf", { number })}>
            {say("remove")}
          </button>
        </p>
      )}
    </div>
  );
}
