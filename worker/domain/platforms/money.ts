/**
 * Platforms send money as decimal strings in the currency's major unit ("12.50", "1500", "3.125");
 * Doorstep keeps integers in the minor unit. The exponent is ISO 4217's, not the runtime's Intl data
 * (CLDR says 0 for IQD where ISO says 3). Pure; exact (no floating point on the way).
 */

/** ISO 4217 currencies whose minor unit is not the hundredth. */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export const currencyExponent = (currency: string): number => EXPONENTS[currency.toUpperCase()] ?? 2;

/**
 * A decimal amount in minor units, rounded half away from zero at the currency's exponent (a JPY shop
 * that sends "1500.00" is 1500; a USD "19.999" is 2000). Blank, null and unreadable amounts are 0:
 * a platform order is never refused for its arithmetic, and the total reconciles what is left over.
 */
export function toMinor(amount: string | number | null | undefined, currency: string): number {
  if (amount === null || amount === undefined) return 0;
  const text = typeof amount === "number" ? (Number.isFinite(amount) ? amount.toFixed(8) : "") : amount.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (!match[2] && !match[3])) return 0;
  const exponent = currencyExponent(currency);
  const sign = match[1] === "-" ? -1 : 1;
  const fraction = (match[3] ?? "").padEnd(exponent + 1, "0");
  const kept = Number(`${match[2] || "0"}${fraction.slice(0, exponent)}`);
  const roundUp = Number(fraction[exponent]) >= 5 ? 1 : 0;
  const minor = kept + roundUp;
  return minor === 0 ? 0 : sign * minor;
}
