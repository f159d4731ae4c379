import { Component } from "preact";
import type { OfferView } from "../../../contract/offers.ts";
import type { SurveyOrderView } from "../../../contract/order-view.ts";
import type { StorePublicConfig } from "../../../contract/store-config.ts";
import { emit, warn } from "../../context.ts";
import type { I18n } from "../../i18n/index.ts";
import type { FeedbackText } from "./messages.ts";
import { afterSurvey, loadAfterSurvey, type AfterSurvey } from "./after-slot.ts";
import { reviewLink } from "./review-link.ts";
import { SurveySteps } from "./survey-steps.tsx";
import { SurveySlot } from "../questions/slot.tsx";
import { surveyAt } from "../questions/shown.ts";

interface Props {
  i18n: I18n;
  ft: FeedbackText;
  api: string;
  token: string;
  /** The survey's part of the order (`?view=survey`), or the whole view (inside tracking, the review view). */
  order: SurveyOrderView;
  config?: Pick<StorePublicConfig, "support">;
  /** With the survey first (the survey view, tracking once delivered); else the review form alone. */
  survey: boolean;
  /** Records an event through the queue. */
  record(type: string, target: string): void;
  /** The mount point, told `doorstep:survey-submitted` and `doorstep:review-submitted`. */
  host: Element;
}

/**
 * The survey's three questions, then, for every respondent whatever they answered, the review form.
 * Each review invitation shown is recorded, so a merchant can show that everyone was asked. Offers
 * for the survey placement come after the answers, since they depend on them (a detractor gets support).
 * A review link from a lifecycle message (`ds_review`) goes straight to the review form: no survey then.
 */
interface State {
  done: boolean;
  offers?: Promise<OfferView[]>;
  /** The review form and offers' code, once here (at once, except in the survey's own module). */
  parts?: AfterSurvey;
}

export class FeedbackPanel extends Component<Props, State> {
  /** With the survey: asked for, and not arrived by a review link. */
  survey = this.props.survey && !reviewLink(this.props.order);
  /** The merchant's own post-delivery questions, when they replaced the built-in three. */
  custom = ((shown) => (shown?.builtIn ? undefined : shown))(surveyAt(this.props.order, "post_delivery"));
  override state: State = {
    done: !this.survey || !!(this.custom ? this.custom.completed : this.props.order.feedback.survey?.completed),
    parts: afterSurvey,
  };

  override componentDidMount() {
    // "Survey shown" wherever it is drawn (its own page or inside tracking): the top of the funnel.
    if (this.survey) this.props.record("view", "survey");
    if (this.state.done) this.invited();
  }

  /** The code for what follows the answers: asked for with the first answer, so it is here by the last. */
  parts(): Promise<AfterSurvey> {
    return loadAfterSurvey().then((parts) => {
      if (!this.state.parts) this.setState({ parts });
      return parts;
    });
  }

  invited() {
    const { api, token, record } = this.props;
    const { survey } = this;
    record("review_invite", survey ? "survey" : "review");
    this.setState({ done: true });
    this.parts()
      .then(({ loadOffers }) => survey && this.setState({ offers: loadOffers(api, token, "survey") }))
      .catch((err: unknown) => warn("could not load the review form", err));
  }

  render({ i18n, ft, api, token, order, config, record, host }: Props, { done, offers, parts }: State) {
    const { ReviewForm, Offers } = parts ?? {};
    const { survey } = this;
    /** Each answer saved: the funnel's step, the review form's code on its way, and once finished, the invitation. */
    const stepped = (step: number, finished: boolean) => {
      record("survey_step", String(step));
      this.parts().catch(() => {});
      if (finished) {
        emit(host, "survey-submitted", { orderNumber: order.order.number });
        if (!done) this.invited();
      }
    };
    return (
      <>
        {survey &&
          (this.custom ? (
            <SurveySlot
              placement="post_delivery"
              order={order}
              locale={i18n.locale}
              api={api}
              token={token}
              host={host}
              // A merchant's survey is submitted once every required question is answered, whatever follows.
              onAnswer={(saved) => stepped(Object.keys(saved.answers).length, saved.completed && !done)}
            />
          ) : (
            <SurveySteps
              ft={ft}
              api={api}
              token={token}
              saved={order.feedback.survey}
              support={config?.support}
              onStep={(step) => stepped(step, step == 3)}
            />
          ))}
        {done && ReviewForm && (
          <ReviewForm
            ft={ft}
            api={api}
            token={token}
            view={order}
            locale={i18n.locale}
            onSaved={(count) => {
              record("review_submit", String(count));
              emit(host, "review-submitted", { count });
            }}
          />
        )}
        {offers && Offers && <Offers i18n={i18n} api={api} token={token} host={host} load={offers} />}
      </>
    );
  }
}
