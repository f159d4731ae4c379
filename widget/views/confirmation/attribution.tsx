import { Component } from "preact";
import { ATTRIBUTION_CHANNELS, type SurveyShown } from "../../../contract/surveys.ts";
import type { OrderViewCore } from "../../../contract/order-view.ts";
import { saveSurveyAnswer } from "../questions/answer-api.ts";
import type { AttributionKey, AttributionText } from "../questions/attribution-words.ts";
import { pickText, shuffled } from "../questions/pick.ts";
import { answerDetail, dataLayerOn, publish } from "../questions/publish.ts";
import type { LoneAttribution } from "../questions/shown.ts";

interface Props {
  survey: SurveyShown;
  question: LoneAttribution;
  order: OrderViewCore;
  at: AttributionText;
  locale: string;
  api: string;
  token: string;
  /** The mount point, told `doorstep:survey-answer`. */
  host: Element;
}

interface State {
  /** The channel pressed (saved, or Other being written), and Other's words. */
  choice?: string;
  text?: string;
  otherOpen: boolean;
  thanked: boolean;
  error?: string;
}

/**
 * "How did you hear about us?" when it is the thank-you page's whole survey (the default): drawn by the
 * confirmation view itself, so the page never fetches the question module (3.85 KB gzip) for one tap. The
 * same markup, answer, `doorstep:survey-answer` event and dataLayer push as the module's attribution
 * question (questions/question.tsx, survey-questions.tsx): one tap saves, toggle buttons, a polite
 * thank-you, "Other" opening a labelled box with its own send. A class: preact/hooks would cost ~1 KB.
 */
export class Attribution extends Component<Props, State> {
  override state: State = { ...this.saved(), otherOpen: false, thanked: false };

  /** What the shopper answered before a reload. */
  saved(): { choice?: string; text?: string } {
    const v = this.props.survey.answers[this.props.question.id];
    return v && typeof v == "object" && "choice" in v ? v : {};
  }

  /** An answer on its way: a second Enter meanwhile must not send it twice. */
  busy = false;

  async send(choice: string, text?: string) {
    const { survey, question, order, at, api, token, host } = this.props;
    if (this.busy) return;
    this.busy = true;
    // The words go only with "Other", trimmed; the worker keeps them as given.
    const value = { choice, text: (choice == "other" && text?.trim()) || undefined };
    const saved = await saveSurveyAnswer(api, token, {
      placement: "confirmation",
      questionId: question.id,
      version: survey.version,
      value,
    });
    this.busy = false;
    if (!saved.ok) return this.setState({ error: at("failed", { message: saved.error.message }) });
    // Only now, with the answer kept: the host page and its analytics hear of it.
    publish(
      host,
      answerDetail("confirmation", survey.version, question, value, order.order.total, order.order.currency),
      dataLayerOn(order),
    );
    this.setState({ error: undefined, thanked: true });
  }

  render({ question: q, at, locale }: Props, { choice, text, otherOpen, thanked, error }: State) {
    const idBase = `ds-confirmation-${q.id}`;
    const channels = ATTRIBUTION_CHANNELS.filter((id) => q.other || id != "other");
    const ids = q.randomize ? shuffled(channels, `${this.props.token}:${q.id}`) : channels;
    return (
      <section class="card questions">
        <h3 id={`${idBase}-q`}>
          {q.text ? pickText(q.text, locale) : at("attribution")}
          {q.optional && ` ${at("optional")}`}
        </h3>
        <div class="choices" role="group" aria-labelledby={`${idBase}-q`} aria-describedby={error ? `${idBase}-e` : undefined}>
          {ids.map((id) => (
            <button
              key={id}
              type="button"
              aria-pressed={choice == id}
              onClick={() => {
                if (id == "other") return this.setState({ choice: id, otherOpen: true, error: undefined });
                if (choice == id) return; // a second tap on the same answer says nothing new
                this.setState({ choice: id, text: undefined, otherOpen: false, error: undefined });
                void this.send(id);
              }}
            >
              {at(`ch_${id}` as AttributionKey)}
            </button>
          ))}
        </div>
        {otherOpen && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void this.send("other", text);
            }}
          >
            <label class="field">
              {at("otherText")}
              <input
                maxLength={500}
                value={(choice == "other" && text) || ""}
                onInput={(e) => this.setState({ text: e.currentTarget.value })}
              />
            </label>
            <button class="btn">{at("send")}</button>
          </form>
        )}
        <p class="problem" id={`${idBase}-e`} role="alert">
          {error}
        </p>
        <p class="thanks" role="status">
          {thanked ? at("thanks") : ""}
        </p>
      </section>
    );
  }
}
