import { z } from "zod";
import { EARLIEST_DATE, EARLIEST_TIME, PROMISE_HORIZON_DAYS, promiseDateInRange } from "../domain/date-range.ts";

/** Identifiers chosen by merchants (order ids, skus, customer ids): printable, no control characters. */
export const externalId = z
  .string()
  .min(1)
  .max(128)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: naming control characters is the point: they are refused.
  .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");

/** Amounts in the currency's minor unit (cents, pence, yen). */
export const money = z.int().min(0).max(1_000_000_000_00);

export const isoDateTime = z.iso.datetime({ offset: true });

/**
 * When something happened (an order placed or cancelled, a parcel scanned): an ISO date-time with an
 * offset, from 2000 on and at most `ahead` (in words, for the message) past the worker's clock. The
 * bounds are in domain/date-range.ts; a refusal is the contract's 422 naming the field.
 */
export function pastDateTime(aheadMs: number, ahead: string) {
  return isoDateTime
    .superRefine((value, ctx) => {
      const time = Date.parse(value);
      if (!Number.isFinite(time)) return; // the format check has said so
      if (time < EARLIEST_TIME) ctx.addIssue({ code: "custom", message: `must not be before ${EARLIEST_DATE}` });
      else if (time > Date.now() + aheadMs) ctx.addIssue({ code: "custom", message: `must not be more than ${ahead} in the future` });
    })
    .describe(`ISO 8601 date-time with an offset, from ${EARLIEST_DATE} to at most ${ahead} past the time of the request`);
}

/**
 * A promised delivery day: a calendar date, or a date-time whose own calendar date is meant; from 2000
 * to two years ahead (domain/date-range.ts). Answers the `YYYY-MM-DD`.
 */
export const promiseDate = z
  .union([z.iso.date(), isoDateTime])
  .transform((value) => value.slice(0, 10))
  .refine((date) => promiseDateInRange(date, Date.now()), {
    message: `must be a day from ${EARLIEST_DATE} to ${PROMISE_HORIZON_DAYS / 365} years from today`,
  })
  .describe(
    `A date (YYYY-MM-DD) or ISO 8601 date-time, whose own calendar date is meant; from ${EARLIEST_DATE} to ${PROMISE_HORIZON_DAYS / 365} years from today`,
  );

export const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

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
