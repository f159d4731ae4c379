/**
 * What a mount point with an unknown `data-doorstep` value shows (a typo, or a view from a newer
 * contract): a polite message, branded when the store is known, and a `doorstep:error` event.
 */
import { emit, type MountView } from "../context.ts";
import { startView } from "../mount.ts";
import { Frame } from "../ui/frame.tsx";
import { Notice } from "../ui/notice.tsx";
import base from "../ui/base.css?inline";

export const mount: MountView = (root, ctx) =>
  startView(root, ctx, {
    css: base,
    withOrder: false,
    quiet: true,
    draw: ({ config, i18n }) => (
      <Frame config={config}>
        <Notice message={i18n.t("unknownView")} />
      </Frame>
    ),
    onReady: () => emit(ctx.host, "error", { view: ctx.view, code: "unknown_view" }),
  });
