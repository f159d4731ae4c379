import { LOADER_TEXT } from "../i18n/loader.ts";
import { fill } from "../styles.ts";

/**
 * What a mount point shows before its view's code has arrived: a plain-DOM skeleton (no Preact in the
 * loader) as tall as the view will be, so nothing below it moves when the view replaces it, and a plain
 * message if the code cannot be loaded.
 *
 * Heights are what each view draws, measured in Chromium for the demo store's orders (a three-item
 * confirmation, a parcel on its way, the survey's first question…), by the width of the mount point:
 * pairs of [from this width, px], the first from 0, through container queries on the skeleton. Views
 * that fill a page are taller than a phone's screen either way, so the part that matters (what is on
 * screen) is right even when an order has more or fewer items. A product's reviews hold the part every
 * reviewed product draws: the summary, the sort control and the first review (side by side from a
 * 512 px mount point); the list grows below it, as long as the product's reviews make it. `npm run
 * bench` sets each skeleton beside its view at 390 and 1280 px (scripts/bench/view-heights.ts).
 */
export const HEIGHTS: Record<string, number[]> = {
  // With the attribution question the thank-you page asks by default (issue 25: 246–478 px of it).
  confirmation: [0, 2556, 300, 2439, 350, 2260, 500, 1901],
  tracking: [0, 2363, 300, 2292, 350, 2173, 500, 1978, 700, 1956],
  lookup: [0, 504, 300, 481, 560, 459],
  survey: [0, 411, 300, 367, 350, 359, 380, 335, 540, 261],
  // With the photo picker and the signature choice (issue 24): NW-1004 drew 1464-1416 px at 300-340,
  // 1392 at 360, 1345 at 400-500 and 1323 from 560 (measured 2026-12-07; it was 1258 for 1392 at 390).
  review: [0, 1440, 350, 1392, 380, 1345],
  offers: [0, 649, 300, 557, 350, 533, 380, 509, 500, 442],
  reviews: [0, 596, 512, 450],
};

/**
 * The skeleton's shapes, one letter each: l logo, h heading, t line of text, c card, q the survey's
 * choices (as the view lays them out: a grid of 88 px columns).
 */
const SHAPES: Record<string, string> = {
  confirmation: "lhtcccccccccccccccccc",
  tracking: "lhtcccccccccccccccccccc",
  lookup: "lhtcc",
  survey: "lthq",
  review: "lhtcccccccccccc",
  offers: "lhcccccc",
  reviews: "htccccc",
};

// One stylesheet per kind of skeleton (the failure message shares the common part).
const CSS =
  // !important: the page's `div:empty { display: none }` or `* { all: unset }` must not hide it (see base.css).
  ":host{display:block!important}" +
  ".p{all:initial;display:block;container-type:inline-size;font:15px/1.5 system-ui,sans-serif;color:#555}" +
  ".f{padding:24px 20px}" +
  // As wide as the view (its 640 px less 16 px each side), its height set below.
  ".k{max-width:608px;margin:0 auto;padding:0 16px;overflow:hidden}" +
  // A slow pulse of the whole skeleton's opacity: the compositor runs it, the page's main thread never
  // repaints for it (a moving gradient would be repainted every frame). Still for reduced motion.
  "@media (prefers-reduced-motion:no-preference){.k{animation:s 1s ease-in-out infinite alternate}}" +
  "@keyframes s{to{opacity:.5}}" +
  ".k i{display:block;height:14px;margin:0 auto 16px;border-radius:8px;background:#ececef}" +
  ".k .l{width:120px;height:36px;margin:20px auto 24px}.k .h{height:24px;width:75%}.k .t{width:50%}.k .c{height:88px}" +
  ".k .q{display:grid;grid-template-columns:repeat(auto-fit,minmax(88px,1fr));gap:8px;height:auto;background:none}" +
  ".q b{height:44px;border-radius:8px;background:#ececef}" +
  // Visually hidden, still read: the label is a word or two, so it needs no 1px box or nowrap to stay whole.
  ".v{position:absolute;clip-path:inset(50%)}";

/** The view's heights as container queries on the skeleton's box. */
function heights(kind: string): string {
  const h = HEIGHTS[kind] ?? [];
  let css = "";
  for (let i = 0; i < h.length; i += 2) {
    const rule = `.k{height:${h[i + 1]}px}`;
    css += i ? `@container (min-width:${h[i]}px){${rule}}` : rule;
  }
  return css;
}

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

/**
 * The loading skeleton of `kind` (a view's name; `lookup` for tracking without an order): busy for
 * assistive tech, with a visually hidden "Loading…".
 */
export function showPlaceholder(root: ShadowRoot, kind: string, locale?: string, nonce?: string): void {
  const [el, text] = box("p", locale);
  el.setAttribute("aria-busy", "true");
  el.setAttribute("role", "status");
  const label = document.createElement("span");
  label.className = "v";
  label.textContent = text[0];
  const shapes = el.appendChild(document.createElement("div"));
  shapes.className = "k";
  for (const shape of SHAPES[kind] ?? "lt") {
    const i = shapes.appendChild(document.createElement("i"));
    i.className = shape;
    if (shape == "q") for (let n = 0; n < 5; n++) i.appendChild(document.createElement("b"));
  }
  el.appendChild(label);
  fill(root, CSS + heights(kind), nonce, el);
}

/** The view's code could not be fetched (offline, blocked): say so plainly, in the shopper's language. */
export function showLoadFailure(root: ShadowRoot, locale?: string, nonce?: string): void {
  const [el, text] = box("p f", locale);
  el.setAttribute("role", "alert");
  el.textContent = text[1];
  fill(root, CSS, nonce, el);
}
