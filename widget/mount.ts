/**
 * The common life of a view inside its shadow root: load the session, theme the host from the store's
 * branding, swap the loader's skeleton for the view under one stylesheet, report to the host page.
 */
import { render, type ComponentChild } from "preact";
import type { Branding } from "../contract/store-config.ts";
import type { OrderView, OrderViewCore } from "../contract/order-view.ts";
import { emit, warn, type MountContext } from "./context.ts";
import { resume, track } from "./events/queue.ts";
import type { Messages } from "./i18n/index.ts";
import { loadSession, type Session } from "./session.ts";
import { fill } from "./styles.ts";

/**
 * Branding as `--ds-*` custom properties on the host element. Set through CSSOM, which a strict
 * `style-src` allows (it forbids style attributes in markup, not `style.setProperty`). A store that
 * follows the shopper's colour scheme also sends a dark palette: `--ds-dark-*`, which base.css uses
 * under `prefers-color-scheme: dark`.
 */
export function applyTheme(host: HTMLElement, branding?: Partial<Branding>): void {
  if (!branding) return;
  const set = (name: string, value: unknown) => value != undefined && host.style.setProperty(`--ds-${name}`, `${value}`);
  set("font", branding.fontFamily);
  set("radius", branding.radius == undefined ? undefined : `${branding.radius}px`);
  // Native controls (radios, text fields, scrollbars) follow too, only where the palette does.
  if (branding.dark) set("scheme", "light dark");
  // A store that keeps its brand light in a dark browser has its light colours as its dark ones.
  for (const [prefix, p] of [
    ["", branding],
    ["dark-", branding.dark ?? branding],
  ] as const) {
    set(`${prefix}primary`, p.primaryColor);
    set(`${prefix}on-primary`, p.onPrimaryColor);
    set(`${prefix}bg`, p.backgroundColor);
    set(`${prefix}text`, p.textColor);
  }
}

/** `O`: the order as the view reads it (the whole view, or the survey's part). */
export interface ViewSpec<O extends OrderViewCore = OrderView> {
  css: string;
  /** Order views fail without an order; others only want the store's branding. */
  withOrder: boolean;
  /**
   * The query of the order's read, as the loader asks for it (views/modules.ts ORDER_READS): a placement's
   * offers with the order (`?offers=<placement>`), or only the survey's part of it (`?view=survey`).
   */
  read?: string;
  /** The shared English it speaks, when more than what every view says (i18n/en.ts). */
  english?: Messages;
  draw(session: Session<O>, retry: () => void): ComponentChild;
  /** Loads what drawing needs beyond the session (a view's own catalogue in the shopper's language). */
  prepare?(session: Session<O>): Promise<void>;
  /** Runs once the view is on screen with its data (not for an error message). */
  onReady?(session: Session<O>): void;
  /** Whether drawing means `doorstep:ready` (a placeholder view says something else). */
  quiet?: boolean;
}

/** Starts a view; answers the function that stops it. */
export function startView<O extends OrderViewCore = OrderView>(root: ShadowRoot, ctx: MountContext, spec: ViewSpec<O>): () => void {
  // Events go through the persistent queue; anything an earlier page left unsent goes first.
  resume();
  const box = document.createElement("div");
  let stopped = false;
  let shown = false;
  let clicked = false;

  const run = () => {
    loadSession<O>(ctx, spec.withOrder, spec.read, spec.english)
      .then(async (session) => {
        await spec.prepare?.(session);
        // Drawn at once, not after a turn of the event loop: interleaved loads of the bench pages in
        // throttled Chromium (issue 22, 2026-12-06) with a setTimeout before the first render, one per
        // view or one shared by all, measured more TBT (+25 to +67 ms) and more style and layout time
        // (+34 to +58 ms), not less.
        if (stopped) return;
        applyTheme(ctx.host, session.config?.branding);
        // The view's root speaks the session's locale; right-to-left scripts mirror the layout (the CSS
        // is written in logical properties). Explicitly ltr otherwise: direction inherits from the page.
        box.lang = session.i18n.locale;
        box.dir = /^(ar|he|fa|ur)\b/.test(box.lang) ? "rtl" : "ltr";
        if (!shown) fill(root, spec.css, ctx.nonce, box);
        shown = true;
        render(spec.draw(session, run), box);
        if (session.error) {
          warn(`could not show the ${ctx.view} view: ${session.error.code} (${session.error.status})`);
          emit(ctx.host, "error", { view: ctx.view, code: session.error.code, status: session.error.status });
        } else {
          if (!spec.quiet) emit(ctx.host, "ready", { view: ctx.view, orderNumber: session.order?.order.number });
          spec.onReady?.(session);
          // Arrived from a lifecycle message (the link in it carries ?ds_m=<moment kind>): that is its click.
          const moment = /[?&]ds_m=([a-z_]{1,40})(&|$)/.exec(location.search)?.[1];
          if (moment && ctx.token && !clicked) track(ctx.api, ctx.token, "moment_click", moment);
          clicked = true;
        }
      })
      .catch((err: unknown) => {
        if (stopped) return;
        warn(`the ${ctx.view} view failed`, err);
        ctx.fail?.();
        emit(ctx.host, "error", { view: ctx.view, code: "render_failed" });
      });
  };
  run();

  return () => {
    stopped = true;
    try {
      render(null, box);
    } catch {
      /* already gone */
    }
  };
}
