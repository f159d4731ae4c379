import { z } from "zod";

/** Identifiers chosen by merchants (order ids, skus, customer ids): printable, no control characters. */
export const externalId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");

/** Amounts in the currency's minor unit (cents, pence, yen). */
export const money = z.int().min(0).max(1_000_000_000_00);

export const isoDateTime = z.iso.datetime({ offset: true });

export const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048);

/** An ISO 4217 code that this runtime's Intl can format. */
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR")
  .refine((code) => {
    try {
      new Intl.NumberFormat("en", { style: "currency", currency: code });
      return true;
    } catch {
      return false;
    }
  }, "is not a currency this runtime can format");

/** A BCP 47 language tag, stored in its canonical form. */
export const localeTag = z
  .string()
  .min(2)
  .max(35)
  .transform((tag, ctx) => {
    try {
      return Intl.getCanonicalLocales(tag)[0]!;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a BCP 47 language tag such as de-DE" });
      return z.NEVER;
    }
  });

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1a2b3c");

/** The URL origin form a browser sends in `Origin`: scheme, host and optional port, nothing else. */
export const webOrigin = z
  .string()
  .max(255)
  .refine((value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  }, "must be an origin like https://shop.example (scheme, host, optional port, no path)");
