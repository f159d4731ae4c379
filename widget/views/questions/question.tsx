import type { JSX } from "preact";
import { ATTRIBUTION_CHANNELS, type ShownQuestion, type SurveyAnswerValue } from "../../../contract/surveys.ts";
import type { QuestionKey, QuestionText } from "./messages.ts";
import { pickText, shuffled } from "./pick.ts";

export interface QuestionProps {
  question: ShownQuestion;
  qt: QuestionText;
  locale: string;
  /** Seeds the options' order for a `randomize` question: the order token (a reload keeps the order). */
  seed: string;
  /** Ids unique in the shadow root: the heading, the error, the radios' name. */
  idBase: string;
  value: SurveyAnswerValue | undefined;
  /** Attribution's Other, opened by a tap, before its words are sent. */
  otherOpen: boolean;
  error?: string;
  /** A new value; `send` when the value is the answer as given (a tap on an attribution channel). */
  onChange(value: SurveyAnswerValue | undefined, send?: boolean): void;
  onOther(): void;
  /** Sends the value as it stands (attribution's Other box). */
  onSend(): void;
  headingRef(el: HTMLElement | null): void;
}

/** The question's own words: the merchant's in the shopper's language, or the catalogue's for attribution. */
export const questionText = (q: ShownQuestion, qt: QuestionText, locale: string) => (q.text ? pickText(q.text, locale) : qt("attribution"));

const choiceOf = (value: SurveyAnswerValue | undefined) => (value && typeof value == "object" && "choice" in value ? value : undefined);
const choicesOf = (value: SurveyAnswerValue | undefined) => (value && typeof value == "object" && "choices" in value ? value : undefined);

/**
 * One question of any type. Numbers and single choices are native radios in a `radiogroup` (arrow keys
 * move and pick, Tab leaves), multiple choices native checkboxes in a `group`; each group is named by the
 * question's heading and described by its error. The attribution question is one tap: toggle buttons
 * like the checkout-feel cue, "Other" opening a labelled text box with its own send button.
 */
export function Question(p: QuestionProps) {
  const { question: q, qt, locale, idBase, value, error } = p;
  const hid = `${idBase}-q`;
  const eid = `${idBase}-e`;
  const described = [error && eid, q.type == "multiple_choice" && `${idBase}-h`, q.type == "nps" && `${idBase}-a`]
    .filter(Boolean)
    .join(" ");
  const groupProps = { "aria-labelledby": hid, "aria-describedby": described || undefined };
  const radio = (id: string | number, label: string, checked: boolean, pick: () => void) => (
    <label key={id}>
      <input type="radio" name={idBase} value={String(id)} checked={checked} onChange={pick} />
      {label}
    </label>
  );
  const otherBox = (text: string | undefined, set: (text: string) => void) => (
    <label class="field">
      {qt("otherText")}
      <input maxLength={500} value={text ?? ""} onInput={(e) => set(e.currentTarget.value)} />
    </label>
  );
  const optionIds = (ids: readonly string[], other: boolean, randomize: boolean) => {
    const all = other ? [...ids.filter((id) => id != "other"), "other"] : ids.filter((id) => id != "other");
    return randomize ? shuffled(all, `${p.seed}:${q.id}`) : all;
  };

  let body: JSX.Element;
  if (q.type == "rating" || q.type == "nps") {
    const scale = q.type == "rating" ? [1, 2, 3, 4, 5] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    body = (
      <>
        <div role="radiogroup" class={`opts${q.type == "nps" ? " nps" : ""}`} {...groupProps} aria-invalid={error ? true : undefined}>
          {scale.map((n) =>
            radio(n, q.type == "rating" ? `${n} · ${qt(`r${n}` as QuestionKey)}` : String(n), value === n, () => p.onChange(n)),
          )}
        </div>
        {q.type == "nps" && (
          <p class="anchors" id={`${idBase}-a`}>
            <span>{qt("npsLow")}</span> <span>{qt("npsHigh")}</span>
          </p>
        )}
      </>
    );
  } else if (q.type == "single_choice") {
    const v = choiceOf(value);
    const ids = optionIds(
      q.options.map((o) => o.id),
      q.other,
      q.randomize,
    );
    const words = (id: string) => (id == "other" ? qt("ch_other") : pickText(q.options.find((o) => o.id == id)!.text, locale));
    body = (
      <>
        <div role="radiogroup" class="opts" {...groupProps} aria-invalid={error ? true : undefined}>
          {ids.map((id) => radio(id, words(id), v?.choice == id, () => p.onChange({ choice: id, text: v?.text })))}
        </div>
        {v?.choice == "other" && otherBox(v.text, (text) => p.onChange({ choice: "other", text }))}
      </>
    );
  } else if (q.type == "multiple_choice") {
    const v = choicesOf(value);
    const picked = v?.choices ?? [];
    const ids = optionIds(
      q.options.map((o) => o.id),
      q.other,
      q.randomize,
    );
    const words = (id: string) => (id == "other" ? qt("ch_other") : pickText(q.options.find((o) => o.id == id)!.text, locale));
    body = (
      <>
        <p class="eyebrow" id={`${idBase}-h`}>
          {qt("anyApply")}
        </p>
        <div role="group" class="opts" {...groupProps}>
          {ids.map((id) => (
            <label key={id}>
              <input
                type="checkbox"
                name={idBase}
                value={id}
                checked={picked.includes(id)}
                // Kept in the options' own order, whatever order they were ticked in.
                onChange={(e) =>
                  p.onChange({ choices: ids.filter((x) => (x == id ? e.currentTarget.checked : picked.includes(x))), text: v?.text })
                }
              />
              {words(id)}
            </label>
          ))}
        </div>
        {picked.includes("other") && otherBox(v?.text, (text) => p.onChange({ choices: picked, text }))}
      </>
    );
  } else if (q.type == "short_text") {
    body = (
      <textarea
        class="answer"
        rows={3}
        maxLength={500}
        aria-labelledby={hid}
        aria-describedby={error ? eid : undefined}
        aria-invalid={error ? true : undefined}
        value={typeof value == "string" ? value : ""}
        onInput={(e) => p.onChange(e.currentTarget.value)}
      />
    );
  } else {
    const v = choiceOf(value);
    const { other, randomize } = q as Extract<ShownQuestion, { type: "attribution" }>;
    const ids = optionIds(ATTRIBUTION_CHANNELS, other, randomize);
    body = (
      <>
        <div class="choices" role="group" {...groupProps}>
          {ids.map((id) => (
            <button
              key={id}
              type="button"
              aria-pressed={v?.choice == id}
              onClick={() => (id == "other" ? p.onOther() : v?.choice != id && p.onChange({ choice: id }, true))}
            >
              {qt(`ch_${id}` as QuestionKey)}
            </button>
          ))}
        </div>
        {p.otherOpen && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              p.onSend();
            }}
          >
            {otherBox(v?.choice == "other" ? v.text : "", (text) => p.onChange({ choice: "other", text }))}
            <button class="btn">{qt("send")}</button>
          </form>
        )}
      </>
    );
  }
  return (
    <>
      <h3 id={hid} tabIndex={-1} ref={p.headingRef}>
        {questionText(q, qt, locale)}
        {q.optional && ` ${qt("optional")}`}
      </h3>
      {body}
      <p class="problem" id={eid} role="alert">
        {error}
      </p>
    </>
  );
}
