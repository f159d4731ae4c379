import { z } from "zod";
import { ORDER_CLOCK_SKEW_MS } from "../domain/date-range.ts";
import { marketingConsentInput } from "./consent.ts";
import { currencyCode, externalId, httpUrl, localeTag, money, pastDateTime } from "./common.ts";

const orderLine = z.object({
  sku: externalId,
  name: z.string().min(1).max(200),
  family: z.string().min(1).max(64).optional(),
  quantity: z.int().min(1).max(10_000),
  unitPrice: money,
  imageUrl: httpUrl.optional(),
  url: httpUrl.optional(),
});

/** An order's own times: from 2000 on, and not more than a day ahead of the worker's clock. */
const orderTime = pastDateTime(ORDER_CLOCK_SKEW_MS, "a day");

const adjustment = z.object({
  label: z.string().min(1).max(120),
  amount: money,
});

/** `POST /v1/orders`: create or replace an order, keyed by the merchant's own order id. */
export const orderInput = z
  .object({
    id: externalId,
    placedAt: orderTime,
    currency: currencyCode,
    locale: localeTag.optional(),
    customer: z.object({
      id: externalId,
      email: z.email().max(254).optional(),
      phone: z
        .string()
        .max(32)
        .regex(/^\+?[0-9 ().-]{3,}$/, "must be a phone number")
        .optional(),
      /** Optional: a published review is signed with the first name and the initial of the last (issue 24). */
      firstName: z.string().trim().min(1).max(100).optional(),
      lastName: z.string().trim().min(1).max(100).optional(),
    }),
    lines: z.array(orderLine).min(1).max(250),
    fees: z.array(adjustment).max(20).default([]),
    discounts: z.array(adjustment).max(20).default([]),
    total: money,
    /**
     * Not in the contract's example: when the order was cancelled. Sending the order again with it
     * withdraws every lifecycle moment not yet sent (nothing more goes out about an order that is off).
     */
    cancelledAt: orderTime.optional(),
    /**
     * The customer's marketing consent per channel, as the store collected it (a checkout box, say).
     * Kept apart from delivery updates: marketing moments go out only on a channel with `granted`.
     */
    marketingConsent: marketingConsentInput.optional(),
  })
  .superRefine((order, ctx) => {
    // Money arrives in minor units, so the sum is exact: a mismatch is a bug on the merchant's side
    // that the shopper would otherwise see as a receipt that does not add up.
    const expected = orderArithmetic(order).total;
    if (expected !== order.total) {
      ctx.addIssue({
        code: "custom",
        path: ["total"],
        message: `must equal lines + fees − discounts (${expected})`,
      });
    }
  });

export type OrderInput = z.infer<typeof orderInput>;

export function orderArithmetic(order: Pick<OrderInput, "lines" | "fees" | "discounts">) {
  const subtotal = order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const fees = order.fees.reduce((sum, f) => sum + f.amount, 0);
  const discounts = order.discounts.reduce((sum, d) => sum + d.amount, 0);
  return { subtotal, total: subtotal + fees - discounts };
}
