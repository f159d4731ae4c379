/**
 * The confirmation view: `mount(root, ctx)` draws the branded
 * receipt for the order behind `ctx.token` inside `root` and answers a function that unmounts it.
 */
import { emit, type MountView } from "../context.ts";
import { resume, track } from "../events/queue.ts";
import { startView } from "../mount.ts";
import { ErrorNotice } from "../ui/error-notice.tsx";
import { Frame } from "../ui/frame.tsx";
import { loadOffers, Offers, offersWithin } from "../ui/offers.tsx";
import base from "../ui/base.css?inline";
import css from "./confirmation/confirmation.css?inline";
import { ConfirmationView } from "./confirmation/confirmation-view.tsx";

export const mount: MountView = (root, ctx) => {
  // Events go through the persistent queue; anything an earlier page left unsent goes first.
  resume();
  const record = (type: string, target: string) => {
    if (ctx.token) track(ctx.api, ctx.token, type, target);
  };
  // Asked for alongside the order, and drawn with it when they come in time (nothing moves later).
  const offers = ctx.token ? loadOffers(ctx.api, ctx.token, "confirmation") : undefined;
  let ready: Awaited<ReturnType<typeof offersWithin>>;
  return startView(root, ctx, {
    css: base + css,
    withOrder: true,
    prepare: async () => {
      if (offers) ready = await offersWithin(offers, 800);
    },
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
          />
          <Offers i18n={i18n} api={ctx.api} token={ctx.token!} host={ctx.host} offers={ready} load={offers} />
          </>
        ) : (
          error && <ErrorNotice i18n={i18n} error={error} retry={retry} />
        )}
      </Frame>
    ),
    onReady: () => record("view", "confirmation"),
  });
};
