/**
 * Brand colours a shopper can read. WCAG 2.x contrast between each pair the widget draws (text on
 * the background, buttons' text on the primary colour, links in the primary colour on the
 * background); a pair under 4.5:1 gets its foreground moved towards black or white, whichever reads,
 * in small steps until it passes, and the merchant is told which colour was changed and why.
 */
import type { BrandingAdjustment as Adjustment } from "../../contract/admin.ts";
import type { Branding } from "../../contract/store-config.ts";

const AA = 4.5;

type Rgb = [number, number, number];

const parse = (hex: string): Rgb => {
  const h = hex.replace("#", "");
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h.slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
};
const format = (rgb: Rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

function luminance([r, g, b]: Rgb): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** `fg` moved towards black or white (whichever the background allows) until it reads on `bg`. */
export function readableOn(fg: string, bg: string): string {
  if (contrast(fg, bg) >= AA) return fg;
  const target: Rgb = luminance(parse(bg)) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  const from = parse(fg);
  for (let t = 0.05; t <= 1; t += 0.05) {
    const mixed = format(from.map((v, i) => v + (target[i]! - v) * t) as Rgb);
    if (contrast(mixed, bg) >= AA) return mixed;
  }
  return format(target);
}

type Palette = Pick<Branding, "primaryColor" | "onPrimaryColor" | "backgroundColor" | "textColor">;

/** `a` moved a share `t` (0 to 1) of the way towards `b`. */
const mix = (a: string, b: string, t: number) => {
  const to = parse(b);
  return format(parse(a).map((v, i) => v + (to[i]! - v) * t) as Rgb);
};

/** Each pair the widget draws made readable; `given` says which colours the merchant chose (only those are reported). */
function readablePalette(
  p: Palette,
  scheme: Adjustment["scheme"],
  given: (color: Adjustment["color"]) => boolean,
  adjustments: Adjustment[],
): Palette {
  const fix = (color: Adjustment["color"], against: Adjustment["against"], b: Palette): Palette => {
    const from = b[color];
    const to = readableOn(from, b[against]);
    if (to === from) return b;
    const r = (c: string) => Math.round(contrast(c, b[against]) * 100) / 100;
    if (given(color)) adjustments.push({ color, scheme, from, to, against, ratio: r(from), servedRatio: r(to) });
    return { ...b, [color]: to };
  };
  let b = fix("textColor", "backgroundColor", p);
  // Links and outlines are drawn in the primary colour on the background; buttons put onPrimary on it.
  b = fix("primaryColor", "backgroundColor", b);
  return fix("onPrimaryColor", "primaryColor", b);
}

/**
 * The dark palette for a store that follows the shopper's scheme: the merchant's own colours where
 * given, else derived from the brand (a near-black background with a hint of the primary colour,
 * light text, and the brand's primary, which the contrast pass then lightens until it reads).
 */
function darkPalette(b: Branding): Palette {
  return {
    backgroundColor: b.dark?.backgroundColor ?? mix("#121417", b.primaryColor, 0.08),
    textColor: b.dark?.textColor ?? "#ececef",
    primaryColor: b.dark?.primaryColor ?? b.primaryColor,
    onPrimaryColor: b.dark?.onPrimaryColor ?? b.onPrimaryColor,
  };
}

/**
 * The branding as the widget will draw it, and what had to change for it to be readable. A store on
 * "auto" also gets its dark palette, complete and readable; a store on "light" is served no `dark`.
 */
export function readableBranding(branding: Branding): { branding: Branding; adjustments: Adjustment[] } {
  const adjustments: Adjustment[] = [];
  const { dark, ...light } = branding;
  const served: Branding = { ...light, ...readablePalette(light, "light", () => true, adjustments) };
  if (branding.colorScheme === "auto") served.dark = readablePalette(darkPalette(branding), "dark", (c) => !!dark?.[c], adjustments);
  return { branding: served, adjustments };
}
