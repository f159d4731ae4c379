/** The shop's money rules, shared by the cart page, the checkout and the seeded orders. */

export interface Market {
  country: "US" | "DE";
  label: string;
  currency: "USD" | "EUR";
  locale: "en-US" | "de-DE";
  /** Receipt labels travel with the order, so they are written in the shopper's language. */
  words: { shipping: string; tax: string; percentOff(percent: number): string };
}

export const markets: readonly Market[] = [
  {
    country: "US",
    label: "United States",
    currency: "USD",
    locale: "en-US",
    words: { shipping: "Shipping", tax: "Tax", percentOff: (p) => `${p}% off` },
  },
  {
    country: "DE",
    label: "Germany",
    currency: "EUR",
    locale: "de-DE",
    words: { shipping: "Versand", tax: "Steuer", percentOff: (p) => `${p} % Rabatt` },
  },
];

export function marketFor(country: string): Market | undefined {
  return markets.find((m) => m.country === country);
}

/** Orders below this subtotal (in minor units, either currency) pay a flat shipping fee. */
export const FREE_SHIPPING_FROM = 7500;
export const SHIPPING_FEE = 495;

export function shippingFee(subtotal: number): number {
  return subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE;
}

export interface DiscountCode {
  code: string;
  /** Percent off the subtotal. */
  percent: number;
}

const discountCodes: readonly DiscountCode[] = [{ code: "WELCOME10", percent: 10 }];

/** Rounded to whole minor units so the order total stays an exact integer sum. */
export function discountAmount(discount: DiscountCode, subtotal: number): number {
  return Math.round((subtotal * discount.percent) / 100);
}

/** Codes are matched the way shoppers type them: any case, stray spaces. */
export function findDiscountCode(input: string): DiscountCode | undefined {
  const wanted = input.trim().toUpperCase();
  return discountCodes.find((d) => d.code === wanted);
}

export function formatMoney(amount: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount / 100);
}
