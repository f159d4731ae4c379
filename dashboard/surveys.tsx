/**
 * The survey editor (GET/PUT /v1/admin/surveys/{placement}), one survey per placement: on or off, who is
 * asked, up to five questions added, removed and moved with buttons (a keyboard reaches every one), the
 * wording in English and the store's other languages, the options of a choice question. Saving makes a
 * new version; answers already given keep theirs. "Use the built-in survey" asks the product's own again
 * (survey-reset.tsx). Analysts read it; only a settings:write credential edits.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { SettingsAnswer } from "../contract/self-service.ts";
import {
  SURVEY_AUDIENCES,
  SURVEY_LIMITS,
  type SurveyDefinition,
  type SurveyDefinitionInput,
  type SurveyPlacement,
} from "../contract/surveys.ts";
import { type Access, can } from "./access.ts";
import { type AdminError, adminCall, sending } from "./api.ts";
import { dateTime } from "./format.ts";
import { keepDraft, keptDraft } from "./kept-drafts.ts";
import { useLeaveGuard } from "./leave-guard.ts";
import { problemsByField } from "./settings.tsx";
import { QuestionEditor } from "./survey-question.tsx";
import { BuiltInReset, resetMessage } from "./survey-reset.tsx";
import {
  addQuestion,
  audienceInWords,
  changeQuestion,
  changeType,
  checkDraft,
  fromDefinition,
  languageName,
  moveQuestion,
  removeQuestion,
  type SurveyDraft,
  sameSurvey,
  toInput,
} from "./survey-draft.ts";
import { midSentence } from "./language.ts";
import { wordsOf } from "./words.ts";
import { surveysWords } from "./words/surveys.ts";

const say = wordsOf(surveysWords);

const path = (placement: SurveyPlacement) => `/v1/admin/surveys/${placement}`;
export const getSurvey = (c: string, placement: SurveyPlacement) => adminCall<SurveyDefinition>(path(placement), c);
export const putSurvey = (c: string, placement: SurveyPlacement, input: SurveyDefinitionInput) =>
  adminCall<SurveyDefinition>(path(placement), c, sending("PUT", input));

export const PLACEMENT_LABELS: Record<SurveyPlacement, string> = {
  confirmation: say("placementConfirmation"),
  post_delivery: say("placementPostDelivery"),
};

/** The two surveys, one at a time, and the store's languages (for the wording fields). */
export function SurveysScreen({ credential, access }: { credential: string; access: Access }) {
  const [placement, setPlacement] = useState<SurveyPlacement>("confirmation");
  const [languages, setLanguages] = useState<string[]>();
  // Whose survey this is, for the unsaved edits kept in this tab (kept-drafts.ts).
  const [storeId, setStoreId] = useState<string>();
  useEffect(
    () =>
      // English is the required wording whatever the store's English locale (en-US, en-GB) is.
      // Without the settings (a network hiccup) the editor still works, in English, keeping no edits.
      void adminCall<SettingsAnswer>("/v1/admin/settings", credential).then(
        (a) => {
          setStoreId(a.storeId);
          setLanguages([...new Set([a.settings.defaultLocale, ...a.settings.locales])].filter((l) => l.split("-")[0] !== "en"));
        },
        () => setLanguages([]),
      ),
    [credential],
  );
  return (
    <section aria-labelledby="surveys">
      <h2 id="surveys">{say("heading")}</h2>
      <nav aria-label={say("placementsNav")} class="screens">
        <ul>
          {(Object.keys(PLACEMENT_LABELS) as SurveyPlacement[]).map((p) => (
            <li key={p}>
              <button
                type="button"
                class={p === placement ? "" : "quiet"}
                aria-current={p === placement ? "page" : undefined}
                onClick={() => setPlacement(p)}
              >
                {PLACEMENT_LABELS[p]}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {languages ? (
        <SurveyLoader
          key={placement}
          credential={credential}
          placement={placement}
          languages={languages}
          storeId={storeId}
          readOnly={!can(access, "settings:write")}
        />
      ) : (
        <p aria-busy="true">{say("loading")}</p>
      )}
    </section>
  );
}

function SurveyLoader(props: { credential: string; placement: SurveyPlacement; languages: string[]; storeId?: string; readOnly: boolean }) {
  const [definition, setDefinition] = useState<SurveyDefinition>();
  const [error, setError] = useState<string>();
  useEffect(
    () => void getSurvey(props.credential, props.placement).then(setDefinition, (e: AdminError) => setError(e.message)),
    [props.credential, props.placement],
  );
  if (error)
    return (
      <p role="alert" class="problem">
        {error}
      </p>
    );
  if (!definition) return <p aria-busy="true">{say("loadingSurvey")}</p>;
  return <SurveyEditor {...props} definition={definition} onSaved={setDefinition} />;
}

export function SurveyEditor({
  credential,
  placement,
  languages,
  storeId,
  readOnly,
  definition,
  onSaved,
}: {
  credential: string;
  placement: SurveyPlacement;
  languages: string[];
  /** Unsaved edits are kept in this tab for this store (none without it, nor for a reader). */
  storeId?: string;
  readOnly: boolean;
  definition: SurveyDefinition;
  onSaved(d: SurveyDefinition): void;
}) {
  const keeping = storeId && !readOnly ? storeId : undefined;
  // Edits left unsaved earlier in this tab (another placement or screen opened, a reload, a new sign-in).
  const [kept] = useState(() => (keeping ? keptDraft(sessionStorage, keeping, placement, definition.version) : undefined));
  const [draft, setDraft] = useState<SurveyDraft>(() => (kept && "draft" in kept ? kept.draft : fromDefinition(definition)));
  const [keptNotice, setKeptNotice] = useState(() =>
    !kept
      ? undefined
      : "draft" in kept
        ? say("keptBack", { version: definition.version })
        : say("keptOutdated", { version: kept.staleVersion, now: definition.version }),
  );
  const savedDraft = useMemo(() => fromDefinition(definition), [definition]);
  const unsaved = !readOnly && !sameSurvey(draft, savedDraft);
  // Kept in the commit that drew the edit: a reload straight after it finds it.
  useLayoutEffect(() => {
    if (keeping) keepDraft(sessionStorage, keeping, placement, definition.version, unsaved ? draft : undefined);
  }, [keeping, placement, definition.version, unsaved, draft]);
  useLeaveGuard(unsaved);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  // After a move or removal, where the keyboard user's focus goes (the moved button, or "Add a question").
  const focusNext = useRef<string | undefined>(undefined);
  // A layout effect, so focus moves in the commit that moved the element, before a quick next key lands.
  useLayoutEffect(() => {
    // Until the element is drawn there is nothing to focus: keep the wish for the render that draws it.
    const target = focusNext.current && document.getElementById(focusNext.current);
    if (!target) return;
    target.focus();
    focusNext.current = undefined;
  });
  const label = PLACEMENT_LABELS[placement];
  // The server's wording by the field it names: each question shows its own; the rest go in the summary.
  const problemsOf = (i: number) =>
    Object.fromEntries(Object.entries(problems).filter(([p]) => p.startsWith(`questions.${i}.`) || p === `questions.${i}`));

  /** The editor on `d` as saved, its edits, problems and notices gone, saying `message`. */
  const startFrom = (d: SurveyDefinitionInput, message: string) => {
    setDraft(fromDefinition(d));
    setProblems({});
    setError(undefined);
    setKeptNotice(undefined);
    setStatus(message);
  };
  const save = (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    const found = checkDraft(draft);
    if (Object.keys(found).length) {
      setProblems(found);
      setError(say("needsALook"));
      return;
    }
    putSurvey(credential, placement, toInput(draft)).then(
      (saved) => {
        onSaved(saved);
        startFrom(saved, say("saved", { version: saved.version }));
      },
      (err: AdminError) => {
        setProblems(problemsByField(err));
        setError(err.message);
      },
    );
  };
  const discard = () => {
    startFrom(definition, say("discarded", { version: definition.version }));
    focusNext.current = "survey-title";
  };
  const add = () => {
    if (draft.questions.length >= SURVEY_LIMITS.questions) {
      setProblems({ ...problems, questions: say("atMostQuestions", { max: SURVEY_LIMITS.questions }) });
      return;
    }
    const next = addQuestion(draft);
    setDraft(next);
    focusNext.current = `sq-${next.questions.at(-1)!.key}-type`;
  };
  const questionsProblem = problems.questions;
  const unplaced = Object.entries(problems).filter(([p]) => p !== "questions" && !/^questions\.\d+(\.|$)/.test(p));

  return (
    <form class="settings survey-editor" onSubmit={save} noValidate aria-labelledby="survey-title">
      {/* Focus lands here after a reset: the action that had it is gone with the store's own survey. */}
      <h3 id="survey-title" tabIndex={-1}>
        {say("surveyTitle", { placement: label })}
      </h3>
      <p class="muted" id="survey-version">
        {definition.version === 0
          ? say("builtInVersion")
          : definition.updatedAt
            ? say("versionSavedAt", { version: definition.version, when: dateTime(definition.updatedAt), next: definition.version + 1 })
            : say("version", { version: definition.version, next: definition.version + 1 })}{" "}
        {say("answersKeepVersion")}
      </p>
      {readOnly && <p class="notice-inline">{say("readOnly")}</p>}
      {keptNotice && <p class="notice-inline">{keptNotice}</p>}
      {!readOnly && definition.version > 0 && (
        <BuiltInReset
          credential={credential}
          placement={placement}
          label={label}
          version={definition.version}
          onReset={(reset) => {
            onSaved(reset.survey);
            startFrom(reset.survey, resetMessage(reset));
            focusNext.current = "survey-title";
          }}
        />
      )}
      <fieldset disabled={readOnly} class="plain">
        <legend class="visually-hidden">{say("surveyTitle", { placement: label })}</legend>
        <p class="field check">
          <input
            id="sq-enabled"
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })}
          />
          <label for="sq-enabled">{say("askThisSurvey")}</label>
        </p>
        <p class="field">
          <label for="sq-audience">{say("whoIsAsked")}</label>
          <select
            id="sq-audience"
            value={draft.audience}
            onChange={(e) => setDraft({ ...draft, audience: e.currentTarget.value as SurveyDraft["audience"] })}
          >
            {SURVEY_AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {audienceInWords(a)}
              </option>
            ))}
          </select>
        </p>
        {languages.length > 0 && (
          <p class="muted">{say("otherLanguages", { languages: languages.map(languageName).join(say("languageSeparator")) })}</p>
        )}
        <ol class="questions">
          {draft.questions.map((q, i) => (
            <li key={q.key}>
              <QuestionEditor
                question={q}
                index={i}
                count={draft.questions.length}
                languages={languages}
                readOnly={readOnly}
                problems={problemsOf(i)}
                onChange={(change) => setDraft(changeQuestion(draft, i, change))}
                onType={(type) => setDraft(changeType(draft, i, type))}
                onMove={(by) => {
                  setDraft(moveQuestion(draft, i, by));
                  // The server's and the checks' messages name positions, which just changed.
                  setProblems({});
                  // Keep the keyboard on the question it moved; at an end, on its other move button.
                  const atEnd = i + by === 0 ? "down" : i + by === draft.questions.length - 1 ? "up" : undefined;
                  focusNext.current = `sq-${q.key}-${atEnd ?? (by < 0 ? "up" : "down")}`;
                }}
                onRemove={() => {
                  setDraft(removeQuestion(draft, i));
                  setProblems({});
                  focusNext.current = "sq-add";
                }}
              />
            </li>
          ))}
        </ol>
        {draft.questions.length === 0 && <p>{say("noQuestions")}</p>}
        {questionsProblem && (
          <p class="problem" id="sq-questions-problem" role="alert">
            {questionsProblem}
          </p>
        )}
        {!readOnly && (
          <p>
            <button type="button" id="sq-add" class="quiet" onClick={add}>
              {say("addQuestion")}
            </button>{" "}
            <span class="muted">{say("questionCount", { count: draft.questions.length, max: SURVEY_LIMITS.questions })}</span>
          </p>
        )}
      </fieldset>
      {error && (
        <div role="alert" class="problem">
          <p>{error}</p>
          <ul>
            {unplaced.map(([p, message]) => (
              <li key={p}>{p === "_" ? message : say("fieldProblem", { field: p, message })}</li>
            ))}
          </ul>
        </div>
      )}
      <p role="status">{status}</p>
      {!readOnly && (
        <p class="actions">
          <button type="submit">{say("save", { placement: midSentence(label) })}</button>
          {unsaved && (
            <button type="button" class="quiet" onClick={discard}>
              {say("discard")}
            </button>
          )}
        </p>
      )}
    </form>
  );
}
