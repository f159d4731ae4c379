/**
 * The feedback chunk (`views/feedback.js`) draws two contract views:
 *   survey  three questions, then (for everyone, whatever they answered) the review form;
 *   review  the review form alone.
 * Placed on a page explicitly, they are open at once; inside the tracking view they appear only once
 * every parcel is delivered and the store's "time to use it" has passed.
 */
import { emit, type MountView } from "../context.ts";
import { resume, track } from "../events/queue.ts";
import { startView } from "../mount.ts";
import { ErrorNotice } from "../ui/error-notice.tsx";
import { Frame } from "../ui/frame.tsx";
import base from "../ui/base.css?inline";
import css from "./feedback/feedback.css?inline";
import { feedbackText, loadFeedbackText } from "./feedback/messages.ts";
import { ReviewForm } from "./feedback/review-form.tsx";
import { SurveySteps } from "./feedback/survey-steps.tsx";

export const mount: MountView = (root, ctx) => {
  resume();
  let ft = feedbackText();
  let invited = false;
  const record = (type: string, target: string) => {
    if (ctx.token) track(ctx.api, ctx.token, type, target);
  };
  return startView(root, ctx, {
    css: base + css,
    withOrder: true,
    prepare: async (session) => {
      ft = await loadFeedbackText(ctx.api, session.i18n.locale);
    },
    draw: ({ config, order, error, i18n }, retry) => {
      if (error || !order) return <Frame config={config}>{error && <ErrorNotice i18n={i18n} error={error} retry={retry} />}</Frame>;
      const token = ctx.token!;
      // Every review invitation shown is recorded, so a merchant can show that everyone was asked.
      if (!invited) {
        invited = true;
        record("review_invite", ctx.view);
      }
      const reviews = (
        <ReviewForm
          ft={ft}
          api={ctx.api}
          token={token}
          view={order}
          onSaved={(count) => {
            record("review_submit", String(count));
            emit(ctx.host, "review-submitted", { count });
          }}
        />
      );
      return (
        <Frame config={config}>
          {ctx.view == "survey" && (
            <SurveySteps
              ft={ft}
              api={ctx.api}
              token={token}
              saved={order.feedback.survey}
              support={config?.support}
              onStep={(step) => {
                record("survey_step", String(step));
                if (step == 3) emit(ctx.host, "survey-submitted", { orderNumber: order.order.number });
              }}
            />
          )}
          {reviews}
        </Frame>
      );
    },
    onReady: () => record("view", ctx.view),
  });
};
