/**
 * The question module: a merchant's survey, fetched as a chunk of its own by slot.tsx only for an order
 * that has one. One question at a time with its progress, back and next (an optional question can be
 * skipped), each answer posted as it is given, a reload resuming at the first unanswered question. A
 * survey of one question (the attribution question on the thank-you page) stays on screen once
 * answered, with a polite thank-you, like the checkout-feel cue.
 */
import { Component } from "preact";
import type { SurveyAnswerValue, SurveyShown } from "../../../contract/surveys.ts";
import { saveSurveyAnswer } from "./answer-api.ts";
import type { QuestionText } from "./messages.ts";
import { isEmpty, resumeAt } from "./steps.ts";
import { answerDetail, dataLayerOn, publish } from "./publish.ts";
import { Question } from "./question.tsx";
import type { SlotProps } from "./slot.tsx";
import css from "./questions.css?inline";

export { loadQuestionText } from "./messages.ts";

interface Props extends SlotProps {
  survey: SurveyShown;
  qt: QuestionText;
}

interface State {
  /** The question on screen; past the last: done. */
  step: number;
  /** What the shopper has given or is giving, by question id (the saved answers to start with). */
  values: Record<string, SurveyAnswerValue | undefined>;
  otherOpen: boolean;
  error?: string;
  thanked: boolean;
}

const sheets = new WeakMap<Node, true>();

/**
 * The question module's styles, added beside the view's own sheet in its shadow root (once). Where
 * constructable sheets are missing, a `<style>` with the nonce the view's own `<style>` carries.
 */
function addStyles(el: Element | null) {
  const root = el?.getRootNode();
  if (!(root instanceof ShadowRoot) || sheets.has(root)) return;
  sheets.set(root, true);
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement("style");
    style.nonce = root.querySelector("style")?.nonce ?? "";
    style.textContent = css;
    root.prepend(style);
  }
}

export class SurveyQuestions extends Component<Props, State> {
  heading?: HTMLElement | null;
  box?: HTMLElement | null;

  override state: State = {
    step: this.props.survey.questions.length == 1 ? 0 : resumeAt(this.props.survey),
    values: { ...this.props.survey.answers },
    otherOpen: false,
    thanked: false,
  };

  override componentDidMount() {
    addStyles(this.box ?? null);
  }

  override componentDidUpdate(_: Props, before: State) {
    if (before.step !== this.state.step) this.heading?.focus();
  }

  /** An answer on its way: a second Enter meanwhile must not send it twice or skip a question. */
  busy = false;

  /** Saves the answer on screen (or skips an optional question left empty), then moves on. */
  async send(value = this.state.values[this.question()!.id]) {
    const { survey, api, token, host, order, qt, onAnswer } = this.props;
    const q = this.question()!;
    const single = survey.questions.length == 1;
    if (isEmpty(value)) {
      if (!q.optional) return this.setState({ error: qt("required") });
      return this.setState({ step: this.state.step + 1, error: undefined });
    }
    if (this.busy) return;
    // The words beside a choice go only with "Other", trimmed; the worker keeps them as given.
    let given = value!;
    if (typeof given == "string") given = given.trim();
    else if (typeof given == "object") {
      const text = given.text?.trim();
      const other = "choices" in given ? given.choices.includes("other") : given.choice == "other";
      given = { ...given, text: other && text ? text : undefined };
    }
    this.busy = true;
    const saved = await saveSurveyAnswer(api, token, {
      placement: survey.placement,
      questionId: q.id,
      version: survey.version,
      value: given,
    });
    this.busy = false;
    if (!saved.ok) return this.setState({ error: qt("failed", { message: saved.error.message }) });
    // Only now, with the answer kept: the host page and its analytics hear of it.
    publish(host, answerDetail(survey.placement, survey.version, q, given, order.order.total, order.order.currency), dataLayerOn(order));
    onAnswer?.(saved.data);
    this.setState({ step: single ? 0 : this.state.step + 1, error: undefined, thanked: true, otherOpen: single && this.state.otherOpen });
  }

  question = () => this.props.survey.questions[this.state.step];

  render({ survey, qt, locale, token }: Props, s: State) {
    const q = this.question();
    const total = survey.questions.length;
    const single = total == 1;
    const setValue = (value: SurveyAnswerValue | undefined) => this.setState({ values: { ...s.values, [q!.id]: value }, error: undefined });
    return (
      <section
        class="card questions"
        ref={(el) => {
          this.box = el;
        }}
      >
        {q ? (
          <>
            {!single && <p class="eyebrow">{qt("progress", { n: s.step + 1, total })}</p>}
            <Question
              question={q}
              qt={qt}
              locale={locale}
              seed={token}
              idBase={`ds-${survey.placement}-${q.id}`}
              value={s.values[q.id]}
              otherOpen={s.otherOpen}
              error={s.error}
              onChange={(value, send) => {
                setValue(value);
                if (send) {
                  this.setState({ otherOpen: false });
                  void this.send(value);
                }
              }}
              onOther={() => {
                const v = s.values[q.id];
                setValue({ choice: "other", text: v && typeof v == "object" && "choice" in v ? v.text : undefined });
                this.setState({ otherOpen: true });
              }}
              onSend={() => void this.send()}
              headingRef={(el) => {
                this.heading = el;
              }}
            />
            {!(single && q.type == "attribution") && (
              <div class="nav">
                {s.step > 0 && (
                  <button
                    type="button"
                    class="btn quiet"
                    onClick={() => this.setState({ step: s.step - 1, error: undefined, otherOpen: false })}
                  >
                    {qt("back")}
                  </button>
                )}
                {q.type != "attribution" && (
                  <button type="button" class="btn" onClick={() => void this.send()}>
                    {qt(single ? "send" : q.optional && isEmpty(s.values[q.id]) ? "skip" : "next")}
                  </button>
                )}
              </div>
            )}
            {single && (
              <p class="thanks" role="status">
                {s.thanked ? qt("thanks") : ""}
              </p>
            )}
          </>
        ) : (
          <>
            <h3
              tabIndex={-1}
              ref={(el) => {
                this.heading = el;
              }}
            >
              {qt("done")}
            </h3>
            <button type="button" class="btn quiet" onClick={() => this.setState({ step: total - 1 })}>
              {qt("back")}
            </button>
          </>
        )}
      </section>
    );
  }
}
