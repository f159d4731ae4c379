/**
 * The tracking view's chunk (`views/tracking.js`). With an order token: live tracking of every parcel.
 * Without one: the lookup form (order number + email), then live tracking of what it found.
 */
import { useState } from "preact/hooks";
import { emit, type MountContext, type MountView } from "../context.ts";
import { resume, track } from "../events/queue.ts";
import { startView } from "../mount.ts";
import type { Session } from "../session.ts";
import { loadSession } from "../session.ts";
import { ErrorNotice } from "../ui/error-notice.tsx";
import { Frame } from "../ui/frame.tsx";
import base from "../ui/base.css?inline";
import css from "./tracking/tracking.css?inline";
import { LookupForm } from "./tracking/lookup-form.tsx";
import { trackingText } from "./tracking/messages.ts";
import { TrackingView } from "./tracking/tracking-view.tsx";

function Tracking({ ctx, session, retry }: { ctx: MountContext; session: Session; retry(): void }) {
  const [found, setFound] = useState<{ token: string; session: Session } | null>(null);
  const current = found?.session ?? session;
  const token = found?.token ?? ctx.token;
  const tt = trackingText(current.i18n.locale);
  const record = (type: string, target: string) => {
    if (token) track(ctx.api, token, type, target);
  };

  if (!token) {
    return (
      <LookupForm
        tt={tt}
        api={ctx.api}
        storeId={ctx.storeId ?? session.config?.id}
        onFound={async (t) => {
          const next = await loadSession({ ...ctx, token: t }, true);
          setFound({ token: t, session: next });
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
    <TrackingView
      i18n={current.i18n}
      tt={tt}
      api={ctx.api}
      token={token}
      initial={current.order}
      config={current.config}
      onChange={(next, before) => {
        next.shipments.forEach((s) => {
          if (before.shipments.find((b) => b.id === s.id)?.status !== s.status) {
            emit(ctx.host, "shipment-status", { shipmentId: s.id, status: s.status });
          }
        });
      }}
      onPreference={(channel) => {
        record("updates_opt_in", channel);
        emit(ctx.host, "updates-opt-in", { channel });
      }}
    />
  );
}

export const mount: MountView = (root, ctx) => {
  resume();
  return startView(root, ctx, {
    css: base + css,
    withOrder: !!ctx.token,
    draw: (session, retry) => (
      <Frame config={session.config}>
        <Tracking ctx={ctx} session={session} retry={retry} />
      </Frame>
    ),
    onReady: () => {
      if (ctx.token) track(ctx.api, ctx.token, "view", "tracking");
    },
  });
};
