import { Component } from "preact";
import type { OrderViewCore } from "../../../contract/order-view.ts";
import type { SurveyAnswerSaved, SurveyPlacement, SurveyShown } from "../../../contract/surveys.ts";
import { warn } from "../../context.ts";
import type { QuestionText } from "./messages.ts";
import { surveyAt } from "./shown.ts";

export interface SlotProps {
  placement: SurveyPlacement;
  order: OrderViewCore;
  locale: string;
  api: string;
  token: string;
  /** The mount point, told `doorstep:survey-answer`. */
  host: Element;
  /** Each answer the worker accepted (`completed` says whether every required question is answered). */
  onAnswer?(saved: SurveyAnswerSaved): void;
}

interface Loaded {
  parts: typeof import("./survey-questions.tsx");
  qt: QuestionText;
}

const loading = new Map<string, Promise<Loaded>>();
/** What has arrived, by locale: a slot drawn after it draws its survey in its very first render. */
const loaded = new Map<string, Loaded>();

/**
 * The question module and its words in `locale`, fetched once per page. A view awaits it before its
 * first paint when its order has a survey (so the card does not push the page down as it arrives).
 */
export function loadQuestions(api: string, locale: string): Promise<Loaded> {
  let p = loading.get(locale);
  if (!p) {
    // The module system fetches the code once whatever the locale; its words are per locale.
    p = import("./survey-questions.tsx").then(async (parts) => ({ parts, qt: await parts.loadQuestionText(api, locale) }));
    loading.set(locale, p);
    p.then((done) => loaded.set(locale, done)).catch(() => {});
  }
  return p;
}

/**
 * A merchant's survey, drawn by the question module (survey-questions.tsx), a chunk fetched only when the
 * order has a survey of theirs to show: the views of every other order never pay for six question types.
 * Draws nothing until that code and its words are here.
 */
export class SurveySlot extends Component<SlotProps, Partial<Loaded>> {
  override state: Partial<Loaded> = loaded.get(this.props.locale) ?? {};

  override componentDidMount() {
    if (!this.state.parts)
      loadQuestions(this.props.api, this.props.locale)
        .then((parts) => this.setState(parts))
        .catch((err: unknown) => warn("could not load the survey", err));
  }

  render(props: SlotProps, { parts, qt }: Partial<Loaded>) {
    // A slot draws a merchant's survey or the whole view's (worded, or the attribution question's own
    // null): the unworded built-in one of the survey's part is drawn by the feedback panel, never here.
    const survey = surveyAt(props.order, props.placement) as SurveyShown | undefined;
    return parts && qt && survey ? <parts.SurveyQuestions {...props} survey={survey} qt={qt} /> : null;
  }
}
