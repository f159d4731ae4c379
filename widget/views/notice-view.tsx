/**
 * What mount points this build cannot draw show: views the contract names but
 * that are not built yet, and unknown `data-doorstep` values. Branded when the store is known.
 */
import { VIEWS, emit, type MountView } from "../context.ts";
import { startView } from "../mount.ts";
import { Frame } from "../ui/frame.tsx";
import { Notice } from "../ui/notice.tsx";
import base from "../ui/base.css?inline";

export const mount: MountView = (root, ctx) => {
  const known = (VIEWS as readonly string[]).includes(ctx.view);
  return startView(root, ctx, {
    css: base,
    withOrder: false,
    quiet: true,
    draw: ({ config, i18n }) => (
      <Frame config={config}>
        <Notice message={i18n.t(known ? "notYet" : "unknownView")} />
      </Frame>
    ),
    onReady: () => emit(ctx.host, known ? "unavailable" : "error", { view: ctx.view, code: known ? "not_built" : "unknown_view" }),
  });
};
