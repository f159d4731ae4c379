/**
 * The feedback views, two in the contract:
 *   survey  three questions, then (for everyone, whatever they answered) the review form;
 *   review  the review form alone.
 * Placed on a page explicitly, they are open at once; inside the tracking view they appear only once
 * every parcel is delivered and the store's "time to use it" has passed.
 */
import type { SurveyOrderView } from "../../contract/order-view.ts";
import type { MountView } from "../context.ts";
import { track } from "../events/queue.ts";
import { startView } from "../mount.ts";
import { ErrorNotice } from "../ui/error-notice.tsx";
import { Frame } from "../ui/frame.tsx";
import base from "../ui/base.css?inline";
import css from "./feedback/feedback.css?inline";
import { FeedbackPanel } from "./feedback/feedback-panel.tsx";
import { feedbackText, loadFeedbackText } from "./feedback/messages.ts";
import { loadQuestions } from "./questions/slot.tsx";
import { surveyAt } from "./questions/shown.ts";

export const mount: MountView = (root, ctx) => {
  let ft = feedbackText();
  const record = (type: string, target: string) => {
    if (ctx.token) track(ctx.api, ctx.token, type, target);
  };
  // Both read only the survey's part of the order (`?view=survey`, as the loader asked for it): the review
  // form alone reads a part of what follows the survey's answers.
  return startView<SurveyOrderView>(root, ctx, {
    css: base + css,
    withOrder: true,
    read: "?view=survey",
    prepare: async ({ i18n, order }) => {
      const custom = ctx.view == "survey" && order && surveyAt(order, "post_delivery")?.builtIn === false;
      // A merchant's own questions are the page: their module comes before the first paint.
      [ft] = await Promise.all([loadFeedbackText(ctx.api, i18n.locale), custom && loadQuestions(ctx.api, i18n.locale).catch(() => {})]);
    },
    draw: ({ config, order, error, i18n }, retry) => (
      <Frame config={config}>
        {error || !order ? (
          error && <ErrorNotice i18n={i18n} error={error} retry={retry} />
        ) : (
          <FeedbackPanel
            i18n={i18n}
            ft={ft}
            api={ctx.api}
            token={ctx.token!}
            order={order}
            config={config}
            survey={ctx.view == "survey"}
            record={record}
            host={ctx.host}
          />
        )}
      </Frame>
    ),
    // The survey records its own view (the panel does, inside tracking too).
    onReady: () => ctx.view == "review" && record("view", "review"),
  });
};
