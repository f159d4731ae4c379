/**
 * The confirmation view: `mount(root, ctx)` draws the branded
 * receipt for the order behind `ctx.token` inside `root` and answers a function that unmounts it.
 */
import type { ConfirmationOrderView } from "../../contract/order-view.ts";
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
import { Attribution } from "./confirmation/attribution.tsx";
import { ConfirmationView } from "./confirmation/confirmation-view.tsx";
import { type AttributionText, loadAttributionText } from "./questions/attribution-words.ts";
import { loadQuestions, SurveySlot } from "./questions/slot.tsx";
import { loneAttribution, surveyAt } from "./questions/shown.ts";

export const mount: MountView = (root, ctx) => {
  const record = (type: string, target: string) => {
    if (ctx.token) track(ctx.api, ctx.token, type, target);
  };
  /** The attribution question's words in the shopper's language, when the view draws that question itself. */
  let words: AttributionText | undefined;
  const surveyCard = (order: ConfirmationOrderView, locale: string) => {
    const survey = surveyAt(order, "confirmation");
    const lone = survey && loneAttribution(survey);
    const at = { order, locale, api: ctx.api, token: ctx.token!, host: ctx.host };
    if (lone) return words && <Attribution {...at} survey={survey} question={lone} at={words} />;
    return survey && <SurveySlot {...at} placement="confirmation" />;
  };
  return startView(root, ctx, {
    css: base + order + css,
    withOrder: true,
    // Drawn with the receipt, not below it a moment later (which would move what follows it). The
    // thank-you page's default survey, "How did you hear about us?" alone, is drawn here with its words
    // (English inline; another language's questions part, no code); only a survey the merchant built
    // with other questions fetches the question module, once the order says so.
    prepare: async ({ order, i18n }) => {
      const survey = order && surveyAt(order, "confirmation");
      if (survey && loneAttribution(survey)) words = await loadAttributionText(ctx.api, i18n.locale);
      else if (survey) await loadQuestions(ctx.api, i18n.locale).catch(() => {});
    },
    // The offers come in the order's answer and are drawn with it: nothing moves later.
    read: "?offers=confirmation&view=confirmation",
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
              survey={surveyCard(order, i18n.locale)}
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
