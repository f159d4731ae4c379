/**
 * The tracking view. With an order token: live tracking of every parcel.
 * Without one, or as `data-doorstep="lookup"` (a "find another order" page, even with a token in the
 * URL): the lookup form (order number + email), then live tracking of what it found.
 */
import { Component } from "preact";
// Once delivered, the survey is drawn here with the review form after it: both inside this module.
import "./feedback/after-survey.ts";
import { emit, type MountContext, type MountView } from "../context.ts";
import { track } from "../events/queue.ts";
import { en } from "../i18n/en.ts";
import type { TrackingOrderView } from "../../contract/order-view.ts";
import { startView } from "../mount.ts";
import type { Session } from "../session.ts";
import { loadSession } from "../session.ts";
import { ErrorNotice } from "../ui/error-notice.tsx";
import { Frame } from "../ui/frame.tsx";
import { Offers } from "../ui/offers.tsx";
import base from "../ui/base.css?inline";
import order from "../ui/order.css?inline";
import feedbackCss from "./feedback/feedback.css?inline";
import { feedbackText, loadFeedbackText, type FeedbackText } from "./feedback/messages.ts";
import css from "./tracking/tracking.css?inline";
import { LookupForm } from "./tracking/lookup-form.tsx";
import { loadTrackingText, trackingText, type TrackingText } from "./tracking/messages.ts";
import { TRACKING_PART } from "./tracking/live-order.ts";
import { TrackingView } from "./tracking/tracking-view.tsx";

interface TrackingProps {
  ctx: MountContext;
  session: Session<TrackingOrderView>;
  retry(): void;
  tt: TrackingText;
  ft: FeedbackText;
}

/** The lookup form until there is a token, then live tracking of that order. */
class Tracking extends Component<TrackingProps, { found?: { token: string; session: Session<TrackingOrderView> } }> {
  render({ ctx, session, retry, tt, ft }: TrackingProps, { found }: this["state"]) {
    const current = found?.session ?? session;
    const token = found?.token ?? ctx.token;
    if (!token) {
      return (
        <LookupForm
          tt={tt}
          api={ctx.api}
          storeId={ctx.storeId ?? session.config?.id}
          onFound={async (t) => {
            const next = await loadSession<TrackingOrderView>({ ...ctx, token: t }, true, TRACKING_PART, en);
            this.setState({ found: { token: t, session: next } });
            track(ctx.api, t, "lookup", "found");
            emit(ctx.host, "order-found", { orderNumber: next.order?.order.number });
          }}
        />
      );
    }
    if (!current.order || current.error) {
      return current.error ? <ErrorNotice i18n={current.i18n} error={current.error} retry={retry} /> : null;
    }
    return (
      <>
        <TrackingView
          i18n={current.i18n}
          tt={tt}
          ft={ft}
          api={ctx.api}
          token={token}
          initial={current.order}
          record={(type, target) => track(ctx.api, token, type, target)}
          host={ctx.host}
          config={current.config}
          onChange={(moved) => {
            for (const s of moved) emit(ctx.host, "shipment-status", { shipmentId: s.id, status: s.status });
          }}
          onPreference={(channel) => {
            track(ctx.api, token, "updates_opt_in", channel);
            emit(ctx.host, "updates-opt-in", { channel });
          }}
        />
        {/* The offers came with the order in the page's token (an order found by lookup has none). */}
        {current.order.offers && (
          <Offers i18n={current.i18n} api={ctx.api} token={token} host={ctx.host} offers={current.order.offers.offers} />
        )}
      </>
    );
  }
}

export const mount: MountView = (root, view) => {
  const ctx = view.view == "lookup" ? { ...view, token: undefined } : view;
  let tt = trackingText();
  let ft = feedbackText();
  return startView<TrackingOrderView>(root, ctx, {
    css: base + order + css + feedbackCss,
    withOrder: !!ctx.token,
    // The offers come in the order's answer and are drawn with it: nothing moves later.
    read: "?offers=tracking&view=tracking",
    english: en,
    prepare: async (session) => {
      [tt, ft] = await Promise.all([loadTrackingText(ctx.api, session.i18n.locale), loadFeedbackText(ctx.api, session.i18n.locale)]);
    },
    draw: (session, retry) => (
      <Frame config={session.config}>
        <Tracking ctx={ctx} session={session} retry={retry} tt={tt} ft={ft} />
      </Frame>
    ),
    onReady: () => {
      if (ctx.token) track(ctx.api, ctx.token, "view", "tracking");
    },
  });
};
