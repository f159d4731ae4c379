import { LOADER_TEXT } from "../i18n/loader.ts";
import { fill } from "../styles.ts";

/**
 * What a mount point shows before its view's code has arrived: a plain-DOM skeleton (no Preact in the
 * loader) that reserves roughly the view's height, and a plain message if the code cannot be loaded.
 */
// One stylesheet for the skeleton and the message (only the loader draws either, so one parsed sheet).
const CSS =
  // !important: the page's `div:empty { display: none }` or `* { all: unset }` must not hide it (see base.css).
  ":host{display:block!important}" +
  ".p{all:initial;display:block;box-sizing:border-box;padding:24px 20px;font:15px/1.5 system-ui,sans-serif;color:#555}" +
  ".p.c{min-height:640px}" +
  ".b{display:block;height:14px;margin:0 auto 16px;border-radius:8px;background:linear-gradient(90deg,#ececef 30%,#f7f7f9 50%,#ececef 70%) 0 0/300% 100%;animation:s 1.5s linear infinite}" +
  // circle, heading, order line, button, then cards: roughly where the confirmation will put them
  ".b:nth-child(2){width:52px;height:52px;border-radius:50%}.b:nth-child(3){height:28px;width:75%}" +
  ".b:nth-child(4){width:50%}.b:nth-child(5){height:48px;margin-top:24px}.b:nth-child(n+6){height:88px}" +
  "@keyframes s{to{background-position:-300% 0}}" +
  "@media (prefers-reduced-motion:reduce){.b{animation:none}}" +
  // Visually hidden, still read: the label is a word or two, so it needs no 1px box or nowrap to stay whole.
  ".v{position:absolute;clip-path:inset(50%)}";

/** Views that fill a page: their skeleton reserves a page's height, so nothing below them jumps. */
const TALL = ["confirmation", "tracking"];

/**
 * A box speaking the language of `locale` (else the browser's) when the loader has words for it, else
 * English; marked with that language, so a screen reader pronounces it right, and with `dir=auto` so
 * Arabic reads right to left (the text's first letter decides).
 */
function box(className: string, locale?: string): [HTMLElement, (typeof LOADER_TEXT)[string]] {
  const el = document.createElement("div");
  const lang = (locale || navigator.language).slice(0, 2);
  el.lang = LOADER_TEXT[lang] ? lang : "en";
  el.dir = "auto";
  el.className = className;
  return [el, LOADER_TEXT[el.lang]!];
}

/** The loading skeleton: busy for assistive tech, with a visually hidden "Loading…". */
export function showPlaceholder(root: ShadowRoot, view: string, locale?: string, nonce?: string): void {
  const tall = TALL.includes(view);
  const [el, text] = box(tall ? "p c" : "p", locale);
  el.setAttribute("aria-busy", "true");
  el.setAttribute("role", "status");
  const label = document.createElement("span");
  label.className = "v";
  label.textContent = text[0];
  el.appendChild(label);
  for (let i = 0; i < (tall ? 7 : 1); i++) el.appendChild(document.createElement("i")).className = "b";
  fill(root, CSS, nonce, el);
}

/** The view's code could not be fetched (offline, blocked): say so plainly, in the shopper's language. */
export function showLoadFailure(root: ShadowRoot, locale?: string, nonce?: string): void {
  const [el, text] = box("p", locale);
  el.setAttribute("role", "alert");
  el.textContent = text[1];
  fill(root, CSS, nonce, el);
}
