/**
 * The confirmation view: `mount(root, ctx)` draws the branded
 * receipt for the order behind `ctx.token` inside `root` and answers a function that unmounts it.
 */
import { emit, type MountView } from "../context.ts";
import { track } from "../events/queue.ts";
import { en } from "../i18n/en.ts";
import { startView } from "../mount.ts";
import { ErrorNotice } from "../ui/error-notice.tsx";
import { Frame } from "../ui/frame.tsx";
import { Offers } from "../ui/offers.tsx";
import base from "../ui/base.css?inline";
import order from "../ui/order.css?inline";
import css from "./confirmation/confirmation.css?inline";
import { ConfirmationView } from "./confirmation/confirmation-view.tsx";
import { fetchQuestions, loadQuestions, SurveySlot } from "./questions/slot.tsx";
import { surveyAt } from "./questions/shown.ts";

export const mount: MountView = (root, ctx) => {
  const record = (type: string, target: string) => {
    if (ctx.token) track(ctx.api, ctx.token, type, target);
  };
  // The thank-you page asks "How did you hear about us?" unless the merchant turned it off: the question
  // module is fetched beside the order, not after it.
  fetchQuestions();
  return startView(root, ctx, {
    css: base + order + css,
    withOrder: true,
    // Drawn with the receipt, not below it a moment later (which would move what follows it).
    prepare: async ({ order, i18n }) => {
      if (order && surveyAt(order, "confirmation")) await loadQuestions(ctx.api, i18n.locale).catch(() => {});
    },
    // The offers come in the order's answer and are drawn with it: nothing moves later.
    offers: "confirmation",
    english: en,
    draw: ({ config, order, error, i18n }, retry) => (
      <Frame config={config}>
        {order && !error ? (
          <>
            <ConfirmationView
              i18n={i18n}
              view={order}
              config={config}
              onStatusClick={() => record("click", "status_link")}
              onFeel={(feel) => {
                record("checkout_feel", feel);
                emit(ctx.host, "checkout-feel", { value: feel });
              }}
              survey={
                surveyAt(order, "confirmation") && (
                  <SurveySlot
                    placement="confirmation"
                    order={order}
                    locale={i18n.locale}
                    api={ctx.api}
                    token={ctx.token!}
                    host={ctx.host}
                  />
                )
              }
            />
            <Offers i18n={i18n} api={ctx.api} token={ctx.token!} host={ctx.host} offers={order.offers?.offers ?? []} />
          </>
        ) : (
          error && <ErrorNotice i18n={i18n} error={error} retry={retry} />
        )}
      </Frame>
    ),
    onReady: () => record("view", "confirmation"),
  });
};
