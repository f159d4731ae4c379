/**
 * How many digits a currency's minor unit has, by ISO 4217, which is what the API's amounts count in
 * (worker/domain/platforms/money.ts keeps the same table; tests/widget/i18n/currency.test.ts holds them
 * equal; shared by the widget and the dashboard). Not Intl's digits: those are for display, and CLDR gives 0 for HUF, COP, IDR, PKR and IQD,
 * whose minor units are hundredths (thousandths for IQD).
 */
const DIGITS: [number, string][] = [
  [0, "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"],
  [3, "BHD IQD JOD KWD LYD OMR TND"],
  [4, "CLF UYW"],
];

export const minorDigits = (currency: string): number => DIGITS.find(([, codes]) => codes.includes(currency))?.[0] ?? 2;
