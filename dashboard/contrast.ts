/** WCAG 2.x contrast, as the worker measures brand colours (worker/domain/contrast.ts), to warn as colours are typed. */
import { wordsOf } from "./words.ts";
import { contrastWords } from "./words/contrast.ts";

const say = wordsOf(contrastWords);

export const AA = 4.5;

const HEX = /^#[0-9a-f]{6}$/i;
export const isHex = (value: string) => HEX.test(value);

function luminance(hex: string): number {
  const h = hex.slice(1);
  const full = h;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const s = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two hex colours (1 to 21), rounded to two places; null unless both are colours. */
export function contrast(a: string, b: string): number | null {
  if (!isHex(a) || !isHex(b)) return null;
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return Math.round(((x + 0.05) / (y + 0.05)) * 100) / 100;
}

export interface Palette {
  primaryColor: string;
  onPrimaryColor: string;
  backgroundColor: string;
  textColor: string;
}

/** The pairs the widget draws, each with its ratio: those under 4.5:1 are served changed. */
export function pairsOf(p: Palette) {
  return [
    { what: say("textOnBackground"), ratio: contrast(p.textColor, p.backgroundColor) },
    { what: say("primaryOnBackground"), ratio: contrast(p.primaryColor, p.backgroundColor) },
    { what: say("buttonTextOnPrimary"), ratio: contrast(p.onPrimaryColor, p.primaryColor) },
  ];
}

/** The palette dark-scheme shoppers see before adjustment: the merchant's dark colours, else a dark default. */
export const darkPalette = (light: Palette, dark: Partial<Palette> | undefined): Palette => ({
  primaryColor: dark?.primaryColor ?? light.primaryColor,
  onPrimaryColor: dark?.onPrimaryColor ?? light.onPrimaryColor,
  backgroundColor: dark?.backgroundColor ?? "#121417",
  textColor: dark?.textColor ?? "#e8eaed",
});
