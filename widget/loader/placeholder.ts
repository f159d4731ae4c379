import { fill } from "../styles.ts";

/**
 * What a mount point shows before its view's code has arrived: a plain-DOM skeleton (no Preact in the
 * loader) that reserves roughly the view's height, and a plain message if the code cannot be loaded.
 */
// The message box alone: views import showLoadFailure, and must not carry the skeleton's CSS with it.
const BOX =
  // !important: the page's `div:empty { display: none }` or `* { all: unset }` must not hide it (see base.css).
  ":host{display:block!important}" +
  ".p{all:initial;display:block;box-sizing:border-box;padding:24px 20px;font:15px/1.5 system-ui,sans-serif;color:#555}";

const CSS =
  BOX +
  ".p.c{min-height:640px}" +
  ".b{display:block;height:14px;margin:0 auto 16px;border-radius:8px;background:linear-gradient(90deg,#ececef 30%,#f7f7f9 50%,#ececef 70%) 0 0/300% 100%;animation:s 1.5s linear infinite}" +
  // circle, heading, order line, button, then cards: roughly where the confirmation will put them
  ".b:nth-child(2){width:52px;height:52px;border-radius:50%}.b:nth-child(3){height:28px;width:75%}" +
  ".b:nth-child(4){width:50%}.b:nth-child(5){height:48px;margin-top:24px}.b:nth-child(n+6){height:88px}" +
  "@keyframes s{to{background-position:-300% 0}}" +
  "@media (prefers-reduced-motion:reduce){.b{animation:none}}" +
  ".v{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}";

/** Views that fill a page: their skeleton reserves a page's height, so nothing below them jumps. */
const TALL = ["confirmation", "tracking"];

const isGerman = (locale?: string) => /^de\b/i.test(locale || navigator.language || "");

function box(view: string): HTMLElement {
  const el = document.createElement("div");
  el.className = TALL.includes(view) ? "p c" : "p";
  return el;
}

/** The loading skeleton: busy for assistive tech, with a visually hidden "Loading…". */
export function showPlaceholder(root: ShadowRoot, view: string, locale?: string, nonce?: string): void {
  const el = box(view);
  el.setAttribute("aria-busy", "true");
  el.setAttribute("role", "status");
  const label = document.createElement("span");
  label.className = "v";
  label.textContent = isGerman(locale) ? "Wird geladen…" : "Loading…";
  el.appendChild(label);
  for (let i = 0; i < (TALL.includes(view) ? 7 : 1); i++) el.appendChild(document.createElement("i"));
  for (const bar of el.querySelectorAll("i")) bar.className = "b";
  fill(root, CSS, nonce, el);
}

/** The view's code could not be fetched (offline, blocked): say so plainly, in the shopper's language. */
export function showLoadFailure(root: ShadowRoot, locale?: string, nonce?: string): void {
  const el = document.createElement("div");
  el.className = "p";
  el.setAttribute("role", "alert");
  el.textContent = isGerman(locale)
    ? "Dieser Inhalt konnte gerade nicht geladen werden. Bitte laden Sie die Seite neu."
    : "This content couldn't be loaded right now. Please refresh the page to try again.";
  fill(root, BOX, nonce, el);
}
