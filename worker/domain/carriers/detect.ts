/**
 * Which carrier a tracking number belongs to, from its format and the carrier's own check digit (pure).
 * A number is only claimed when its shape and its check digit both fit; anything else is unknown, so a
 * typo or a carrier we do not know is never registered under the wrong carrier.
 *
 * Formats and check-digit rules as the carriers publish them (collected, with real test numbers, in
 * jkeen/tracking_number_data's couriers/*.json and CHECKSUM_ALGORITHMS.md):
 *   UPS            1Z + 15 letters/digits + check digit: mod 10, letters as (code - 3) mod 10, odd places ×2
 *   USPS           20 digits, or 22 starting 91–95 (IMpb): GS1 mod 10 (from the right ×3, ×1, …); a
 *                  20-digit legacy number is checked with or without the "91" it was printed without
 *   FedEx Express  12 digits: weights 3,1,7 … mod 11 mod 10
 *   FedEx Ground   15 digits: mod 10, odd places ×3; 20 digits "00" + SSCC-18 (GS1 mod 10);
 *                  22 digits "96…" (mod 10 over the last 14 before the check digit, odd places ×3)
 *   DHL Express    10 digits: the first nine as a number, mod 7
 *   UPU S10        AA123456789GB: weights 8,6,4,2,3,5,9,7, mod 11 (Royal Mail for GB, each country's post)
 */
import { normaliseTrackingNumber } from "./tracking-links.ts";

/** The carriers Doorstep can name from a number or a platform's carrier name. */
export const CARRIERS = ["ups", "usps", "fedex", "dhl_express", "royal_mail", "canada_post", "australia_post", "deutsche_post"] as const;
export type CarrierId = (typeof CARRIERS)[number];

export interface Detected {
  carrier: CarrierId;
  /** Which of the carrier's formats matched, for audit ("ups_1z", "s10", …). */
  format: string;
}

const digits = (s: string) => [...s].map(Number);

/** The value UPS gives a letter in a 1Z number: A=2, B=3 … (its character code − 3, mod 10). */
const charValue = (c: string) => (/\d/.test(c) ? Number(c) : (c.charCodeAt(0) - 3) % 10);

/** Mod 10 with weights for even and odd places counted from the left (0-based). */
function mod10(sequence: string, even: number, odd: number): number {
  const total = [...sequence].reduce((sum, c, i) => sum + charValue(c) * (i % 2 === 0 ? even : odd), 0);
  return (10 - (total % 10)) % 10;
}

/** GS1 mod 10 (SSCC, IMpb): weights 3 and 1 alternating from the rightmost digit before the check digit. */
const gs1 = (sequence: string) => mod10(sequence, sequence.length % 2 === 1 ? 3 : 1, sequence.length % 2 === 1 ? 1 : 3);

/** FedEx Express: weights 3,1,7 repeating from the left over 11 digits, then mod 11, then mod 10. */
function fedexExpress(sequence: string): number {
  const weights = [3, 1, 7];
  const total = digits(sequence).reduce((sum, d, i) => sum + d * weights[i % 3]!, 0);
  return (total % 11) % 10;
}

/** UPU S10: weights 8,6,4,2,3,5,9,7 over the 8 serial digits; remainder 1 → 0, 0 → 5, else 11 − r. */
function s10(serial: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const r = digits(serial).reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11;
  return r === 1 ? 0 : r === 0 ? 5 : 11 - r;
}

/** Postal operators by the S10 country code; other countries' posts stay unknown. */
const S10_POSTS: Record<string, CarrierId> = {
  GB: "royal_mail",
  US: "usps",
  CA: "canada_post",
  AU: "australia_post",
  DE: "deutsche_post",
};

const last = (s: string) => Number(s.at(-1));

/** The carrier a tracking number's format and check digit name, or undefined when none fits. */
export function detectCarrier(trackingNumber: string): Detected | undefined {
  const n = normaliseTrackingNumber(trackingNumber);
  let m: RegExpExecArray | null;

  if ((m = /^1Z([A-Z0-9]{15})(\d)$/.exec(n))) return mod10(m[1]!, 1, 2) === Number(m[2]) ? { carrier: "ups", format: "ups_1z" } : undefined;

  if ((m = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(n))) {
    const post = S10_POSTS[m[4]!];
    return post && s10(m[2]!) === Number(m[3]) ? { carrier: post, format: "s10" } : undefined;
  }

  if (!/^\d+$/.test(n)) return undefined;
  const body = n.slice(0, -1);
  switch (n.length) {
    case 10:
      return Number(n.slice(0, 9)) % 7 === last(n) ? { carrier: "dhl_express", format: "dhl_express_10" } : undefined;
    case 12:
      return fedexExpress(body) === last(n) ? { carrier: "fedex", format: "fedex_express_12" } : undefined;
    case 15:
      return mod10(body, 1, 3) === last(n) ? { carrier: "fedex", format: "fedex_ground_15" } : undefined;
    case 20:
      // "00" is the GS1 application identifier of an SSCC-18: FedEx Ground's container labels. USPS's
      // 20-digit numbers begin with their service type, never 00.
      if (n.startsWith("00")) return gs1(n.slice(2, -1)) === last(n) ? { carrier: "fedex", format: "fedex_sscc_20" } : undefined;
      // Older USPS labels left out the "91" application identifier the check digit was computed with.
      return gs1(body) === last(n) || gs1(`91${body}`) === last(n) ? { carrier: "usps", format: "usps_20" } : undefined;
    case 22:
      if (n.startsWith("96")) return mod10(n.slice(7, -1), 1, 3) === last(n) ? { carrier: "fedex", format: "fedex_ground_96" } : undefined;
      if (/^9[1-5]/.test(n)) return gs1(body) === last(n) ? { carrier: "usps", format: "usps_impb_22" } : undefined;
      return undefined;
    default:
      return undefined;
  }
}
