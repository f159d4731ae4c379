import { Component } from "preact";
import type { OrderView } from "../../../contract/order-view.ts";
import type { SurveyAnswerSaved, SurveyPlacement } from "../../../contract/surveys.ts";
import { warn } from "../../context.ts";
import type { QuestionText } from "./messages.ts";
import { surveyAt } from "./shown.ts";

export interface SlotProps {
  placement: SurveyPlacement;
  order: OrderView;
  locale: string;
  api: string;
  token: string;
  /** The mount point, told `doorstep:survey-answer`. */
  host: Element;
  /** Each answer the worker accepted. */
  onAnswer?(saved: SurveyAnswerSaved): void;
  /** Once every required question is answered (at once for a survey already complete on a reload). */
  onComplete?(): void;
}

type Questions = typeof import("./survey-questions.tsx");

/**
 * A merchant's survey, drawn by the question module (survey-questions.tsx), a chunk fetched only when the
 * order has a survey of theirs to show: the confirmation and tracking views of every other order never
 * pay for six question types. Draws nothing until that code and its words are here.
 */
export class SurveySlot extends Component<SlotProps, { parts?: Questions; qt?: QuestionText }> {
  override componentDidMount() {
    import("./survey-questions.tsx")
      .then(async (parts) => this.setState({ parts, qt: await parts.loadQuestionText(this.props.api, this.props.locale) }))
      .catch((err: unknown) => warn("could not load the survey", err));
  }

  render(props: SlotProps, { parts, qt }: this["state"]) {
    const survey = surveyAt(props.order, props.placement);
    return parts && qt && survey ? <parts.SurveyQuestions {...props} survey={survey} qt={qt} /> : null;
  }
}
