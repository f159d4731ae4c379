/**
 * `data-doorstep="offers"`: the order's offers on a page of the merchant's choosing. The placement
 * they are ranked for comes from `data-placement` (confirmation, tracking or survey; confirmation by
 * default). Nothing at all is drawn for the holdout arm or when there is nothing worth offering.
 */
import { WIDGET_PLACEMENTS, type WidgetPlacement } from "../../contract/vocabularies.ts";
import type { MountView } from "../context.ts";
import { track } from "../events/queue.ts";
import { startView } from "../mount.ts";
import { Frame } from "../ui/frame.tsx";
import { loadOffers, Offers } from "../ui/offers.tsx";
import base from "../ui/base.css?inline";

export const mount: MountView = (root, ctx) => {
  const asked = ctx.host.dataset.placement as WidgetPlacement;
  const offers = ctx.token ? loadOffers(ctx.api, ctx.token, WIDGET_PLACEMENTS.includes(asked) ? asked : "confirmation") : undefined;
  let ready: Awaited<NonNullable<typeof offers>> = [];
  return startView(root, ctx, {
    css: base,
    withOrder: false,
    prepare: async () => {
      ready = (await offers) ?? [];
    },
    draw: ({ config, i18n }) =>
      ready.length > 0 && (
        <Frame config={config}>
          <Offers i18n={i18n} api={ctx.api} token={ctx.token!} host={ctx.host} offers={ready} />
        </Frame>
      ),
    onReady: () => {
      if (ctx.token && ready.length) track(ctx.api, ctx.token, "view", "offers");
    },
  });
};
