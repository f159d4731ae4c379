/**
 * Brand colours a shopper can read. WCAG 2.x contrast between each pair the widget draws (text on
 * the background, buttons' text on the primary colour, links in the primary colour on the
 * background); a pair under 4.5:1 gets its foreground moved towards black or white, whichever reads,
 * in small steps until it passes, and the merchant is told which colour was changed and why.
 */
import type { Branding } from "../schemas/store.ts";

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

export interface Adjustment {
  color: "textColor" | "onPrimaryColor" | "primaryColor";
  from: string;
  to: string;
  against: "backgroundColor" | "primaryColor";
  ratio: number;
}

/** The branding as the widget will draw it, and what had to change for it to be readable. */
export function readableBranding(branding: Branding): { branding: Branding; adjustments: Adjustment[] } {
  const adjustments: Adjustment[] = [];
  const fix = (color: Adjustment["color"], against: Adjustment["against"], b: Branding): Branding => {
    const from = b[color];
    const to = readableOn(from, b[against]);
    if (to === from) return b;
    adjustments.push({ color, from, to, against, ratio: Math.round(contrast(from, b[against]) * 100) / 100 });
    return { ...b, [color]: to };
  };
  let b = fix("textColor", "backgroundColor", branding);
  // Links and outlines are drawn in the primary colour on the background; buttons put onPrimary on it.
  b = fix("primaryColor", "backgroundColor", b);
  b = fix("onPrimaryColor", "primaryColor", b);
  return { branding: b, adjustments };
}
