import { Component } from "preact";
import type { OfferView } from "../../../contract/offers.ts";
import type { OrderView } from "../../../contract/order-view.ts";
import type { StorePublicConfig } from "../../../contract/store-config.ts";
import { emit } from "../../context.ts";
import type { I18n } from "../../i18n/index.ts";
import { loadOffers, Offers } from "../../ui/offers.tsx";
import type { FeedbackText } from "./messages.ts";
import { ReviewForm } from "./review-form.tsx";
import { SurveySteps } from "./survey-steps.tsx";

interface Props {
  i18n: I18n;
  ft: FeedbackText;
  api: string;
  token: string;
  order: OrderView;
  config?: StorePublicConfig;
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
 */
interface State {
  done: boolean;
  offers?: Promise<OfferView[]>;
}

export class FeedbackPanel extends Component<Props, State> {
  override state: State = { done: !this.props.survey || !!this.props.order.feedback.survey?.completed };

  override componentDidMount() {
    // "Survey shown" wherever it is drawn (its own page or inside tracking): the top of the funnel.
    if (this.props.survey) this.props.record("view", "survey");
    if (this.state.done) this.invited();
  }

  invited() {
    const { survey, api, token, record } = this.props;
    record("review_invite", survey ? "survey" : "review");
    this.setState({ done: true, offers: survey ? loadOffers(api, token, "survey") : undefined });
  }

  render({ i18n, ft, api, token, order, config, survey, record, host }: Props, { done, offers }: State) {
    return (
      <>
        {survey && (
          <SurveySteps
            ft={ft}
            api={api}
            token={token}
            saved={order.feedback.survey}
            support={config?.support}
            onStep={(step) => {
              record("survey_step", String(step));
              if (step == 3) {
                emit(host, "survey-submitted", { orderNumber: order.order.number });
                if (!done) this.invited();
              }
            }}
          />
        )}
        {done && (
          <ReviewForm
            ft={ft}
            api={api}
            token={token}
            view={order}
            onSaved={(count) => {
              record("review_submit", String(count));
              emit(host, "review-submitted", { count });
            }}
          />
        )}
        {offers && <Offers i18n={i18n} api={api} token={token} host={host} load={offers} />}
      </>
    );
  }
}
