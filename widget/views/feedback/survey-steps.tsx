import { Component, type JSX } from "preact";
import type { SupportContacts } from "../../../contract/store-config.ts";
import type { SurveyView } from "../../../contract/order-view.ts";
import { STANDOUTS, WANTS } from "../../../contract/vocabularies.ts";
import { saveSurvey } from "../../api.ts";
import type { FeedbackKey, FeedbackText } from "./messages.ts";

interface Props {
  ft: FeedbackText;
  api: string;
  token: string;
  saved: SurveyView | null;
  support?: SupportContacts;
  onStep(step: number): void;
}

interface State {
  /** 1–3: the question on screen; 4: done. */
  step: number;
  rating?: number;
  choice?: string;
  text: string;
  wants?: string;
  comment: string;
  error?: string;
  calledBack?: boolean;
}

/**
 * Three questions, one at a time, each saved as it is answered (a reload resumes at the next one);
 * a tap answers, so three taps finish it. Focus moves to each new question so keyboard and screen
 * reader users land on it.
 */
export class SurveySteps extends Component<Props, State> {
  heading?: HTMLElement | null;

  override state: State = (() => {
    const s = this.props.saved;
    return {
      step: s ? (s.completed ? 4 : s.stepsAnswered + 1) : 1,
      rating: s?.rating,
      choice: s?.standout?.choice,
      text: s?.standout?.text ?? "",
      wants: s?.wants,
      comment: s?.comment ?? "",
    };
  })();

  override componentDidUpdate(_: Props, before: State) {
    if (before.step !== this.state.step) this.heading?.focus();
  }

  async answer(change: Partial<State>, extra?: object) {
    const next = { ...this.state, ...change };
    const body = {
      rating: next.rating,
      standout: next.choice && next.step > 1 ? { choice: next.choice, text: next.text.trim() || undefined } : undefined,
      wants: next.step > 2 ? next.wants : undefined,
      comment: next.step > 2 ? next.comment.trim() || undefined : undefined,
      ...extra,
    };
    const saved = await saveSurvey(this.props.api, this.props.token, body);
    if (!saved.ok) return this.setState({ error: this.props.ft("failed", { message: saved.error.message }) });
    this.props.onStep(next.step);
    this.setState({ ...change, step: extra ? next.step : next.step + 1, error: undefined, calledBack: !!extra || this.state.calledBack });
  }

  render({ ft, support }: Props, s: State) {
    const { step } = s;
    const heading = (text: string) => (
      <h3
        tabIndex={-1}
        ref={(el) => {
          this.heading = el;
        }}
      >
        {text}
      </h3>
    );
    let body: JSX.Element;
    if (step < 4) {
      // Each question: its answers (a tap saves), the state they go to, the key of their words, and the
      // optional text box before them (its state and label).
      const [options, key, words, box, label] = (
        [
          [[1, 2, 3, 4, 5], "rating", "r"],
          [STANDOUTS, "choice", "c_", "text", "more"],
          [WANTS, "wants", "w_", "comment", "comment"],
        ] as const
      )[step - 1]!;
      body = (
        <>
          <p class="eyebrow">{ft("step", { n: step })}</p>
          {heading(ft(step == 1 ? "q1" : step == 3 ? "q3" : (s.rating ?? 0) >= 4 ? "q2Good" : "q2Bad"))}
          {box && (
            <label class="field">
              {ft(label)}
              <textarea rows={2} maxLength={500} value={s[box]} onInput={(e) => this.setState({ [box]: e.currentTarget.value })} />
            </label>
          )}
          <div class="choices">
            {options.map((o: string | number) => (
              <button key={o} type="button" aria-pressed={s[key] === o} onClick={() => this.answer({ step, [key]: o })}>
                {(typeof o == "number" ? `${o} · ` : "") + ft(`${words}${o}` as FeedbackKey)}
              </button>
            ))}
          </div>
        </>
      );
    } else {
      const unhappy = (s.rating ?? 5) <= 2;
      // Answers can be changed for a day (the worker refuses later, with a message shown here).
      const until = this.props.saved?.editableUntil;
      const editable = !until || Date.parse(until) > Date.now();
      body = (
        <>
          {heading(ft(unhappy ? "sorry" : editable ? "thanks" : "closed"))}
          {editable && (
            <button type="button" class="btn quiet" onClick={() => this.setState({ step: 1 })}>
              {ft("change")}
            </button>
          )}
          {unhappy && support?.email && (
            <a class="link" href={`mailto:${support.email}`}>
              {support.email}
            </a>
          )}
          {unhappy &&
            (s.calledBack ? (
              <p role="status">{ft("callbackSent")}</p>
            ) : (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  const form = new FormData(e.currentTarget);
                  this.answer({}, { callback: { phone: String(form.get("phone")), preferredTime: String(form.get("when")) || undefined } });
                }}
              >
                <h4>{ft("callback")}</h4>
                <label class="field">
                  {ft("phone")}
                  <input name="phone" type="tel" autocomplete="tel" required />
                </label>
                <label class="field">
                  {ft("when")}
                  <input name="when" maxLength={80} />
                </label>
                <button class="btn">{ft("send")}</button>
              </form>
            ))}
        </>
      );
    }
    return (
      <section class="card">
        {body}
        {step > 1 && step < 4 && (
          <button type="button" class="btn quiet" onClick={() => this.setState({ step: step - 1 })}>
            {ft("back")}
          </button>
        )}
        <p class="problem" role="alert">
          {s.error}
        </p>
      </section>
    );
  }
}
