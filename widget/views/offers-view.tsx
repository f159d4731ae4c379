/**
 * `data-doorstep="offers"`: the order's offers on a page of the merchant's choosing. The placement
 * they are ranked for comes from `data-placement` (confirmation, tracking or survey; confirmation by
 * default). Nothing at all is drawn for the holdout arm or when there is nothing worth offering. The
 * offers come in the order's answer (`?offers=<placement>`), with the store's branding: one request.
 */
import { WIDGET_PLACEMENTS, type WidgetPlacement } from "../../contract/vocabularies.ts";
import type { MountView } from "../context.ts";
import { track } from "../events/queue.ts";
import { startView } from "../mount.ts";
import type { Session } from "../session.ts";
import { Frame } from "../ui/frame.tsx";
import { Offers } from "../ui/offers.tsx";
import base from "../ui/base.css?inline";

const offersOf = ({ order }: Session) => order?.offers?.offers ?? [];

export const mount: MountView = (root, ctx) => {
  const asked = ctx.host.dataset.placement as WidgetPlacement;
  return startView(root, ctx, {
    css: base,
    // Without an order there are no offers: the store's config alone (nothing is drawn).
    withOrder: !!ctx.token,
    read: `?offers=${WIDGET_PLACEMENTS.includes(asked) ? asked : "confirmation"}`,
    draw: (session) =>
      offersOf(session).length > 0 && (
        <Frame config={session.config}>
          <Offers i18n={session.i18n} api={ctx.api} token={ctx.token!} host={ctx.host} offers={offersOf(session)} />
        </Frame>
      ),
    onReady: (session) => {
      if (offersOf(session).length) track(ctx.api, ctx.token!, "view", "offers");
    },
  });
};
