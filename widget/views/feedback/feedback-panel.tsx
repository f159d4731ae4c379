import { Component } from "preact";
import type { OrderView, StorePublicConfig } from "../../../worker/schemas/views.ts";
import type { FeedbackText } from "./messages.ts";
import { ReviewForm } from "./review-form.tsx";
import { SurveySteps } from "./survey-steps.tsx";

interface Props {
  ft: FeedbackText;
  api: string;
  token: string;
  order: OrderView;
  config?: StorePublicConfig;
  /** With the survey first (the survey view, tracking once delivered); else the review form alone. */
  survey: boolean;
  /** Records an event through the queue. */
  record(type: string, target: string): void;
  /** Tells the host page (`doorstep:<name>`). */
  tell(name: string, detail: object): void;
}

/**
 * The survey's three questions, then, for every respondent whatever they answered, the review form.
 * Each review invitation shown is recorded, so a merchant can show that everyone was asked.
 */
export class FeedbackPanel extends Component<Props, { done: boolean }> {
  override state = { done: !this.props.survey || !!this.props.order.feedback.survey?.completed };

  override componentDidMount() {
    if (this.state.done) this.invited();
  }

  invited() {
    this.props.record("review_invite", this.props.survey ? "survey" : "review");
  }

  render({ ft, api, token, order, config, survey, record, tell }: Props, { done }: { done: boolean }) {
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
                tell("survey-submitted", { orderNumber: order.order.number });
                if (!done) this.setState({ done: true }, () => this.invited());
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
              tell("review-submitted", { count });
            }}
          />
        )}
      </>
    );
  }
}
