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
    const choices = (
      options: readonly (string | number)[],
      key: (o: string | number) => FeedbackKey,
      chosen: unknown,
      pick: (o: never) => void,
    ) => (
      <div class="choices">
        {options.map((o) => (
          <button key={o} type="button" aria-pressed={chosen === o} onClick={() => pick(o as never)}>
            {typeof o == "number" ? `${o} · ${ft(key(o))}` : ft(key(o))}
          </button>
        ))}
      </div>
    );
    const question = (key: FeedbackKey) => (
      <>
        <p class="eyebrow">{ft("step", { n: s.step })}</p>
        <h3
          tabIndex={-1}
          ref={(el) => {
            this.heading = el;
          }}
        >
          {ft(key)}
        </h3>
      </>
    );
    const back = s.step > 1 && s.step < 4 && (
      <button type="button" class="btn quiet" onClick={() => this.setState({ step: s.step - 1 })}>
        {ft("back")}
      </button>
    );
    const field = (label: FeedbackKey, value: string, set: (v: string) => void) => (
      <label class="field">
        {ft(label)}
        <textarea rows={2} maxLength={500} value={value} onInput={(e) => set(e.currentTarget.value)} />
      </label>
    );
    let body: JSX.Element | undefined;
    if (s.step == 1) {
      body = (
        <>
          {question("q1")}
          {choices(
            [1, 2, 3, 4, 5],
            (n) => `r${n}` as FeedbackKey,
            s.rating,
            (rating: number) => this.answer({ step: 1, rating }),
          )}
        </>
      );
    } else if (s.step == 2) {
      body = (
        <>
          {question((s.rating ?? 0) >= 4 ? "q2Good" : "q2Bad")}
          {field("more", s.text, (text) => this.setState({ text }))}
          {choices(
            STANDOUTS,
            (c) => `c_${c}` as FeedbackKey,
            s.choice,
            (choice: string) => this.answer({ step: 2, choice }),
          )}
        </>
      );
    } else if (s.step == 3) {
      body = (
        <>
          {question("q3")}
          {field("comment", s.comment, (comment) => this.setState({ comment }))}
          {choices(
            WANTS,
            (w) => `w_${w}` as FeedbackKey,
            s.wants,
            (wants: string) => this.answer({ step: 3, wants }),
          )}
        </>
      );
    } else {
      const unhappy = (s.rating ?? 5) <= 2;
      // Answers can be changed for a day (the worker refuses later, with a message shown here).
      const until = this.props.saved?.editableUntil;
      const editable = !until || Date.parse(until) > Date.now();
      body = (
        <>
          <h3
            tabIndex={-1}
            ref={(el) => {
              this.heading = el;
            }}
          >
            {ft(unhappy ? "sorry" : editable ? "thanks" : "closed")}
          </h3>
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
        {back}
        <p class="problem" role="alert">
          {s.error}
        </p>
      </section>
    );
  }
}
