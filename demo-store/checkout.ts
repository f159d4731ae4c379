import { randomInt } from "node:crypto";
import type { OrderInput } from "../worker/schemas/order.ts";
import type { CartLine } from "./cart.ts";
import { buildOrder } from "./orders.ts";
import type { CheckoutValues } from "./pages/cart.ts";
import { findDiscountCode, marketFor } from "./pricing.ts";

export type CheckoutResult = { ok: true; order: OrderInput } | { ok: false; message: string };

/** Mirrors the worker's own checks, so a shopper's typo gets a message here rather than a 422 there. */
export function prepareOrder(lines: CartLine[], values: CheckoutValues, origin: string, now: Date): CheckoutResult {
  if (lines.length === 0) return { ok: false, message: "Your cart is empty." };
  if (!values.name || values.name.length > 100) return { ok: false, message: "Please enter your name." };
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email) || values.email.length > 254) {
    return { ok: false, message: "Please enter a valid email address." };
  }
  if (values.phone && !/^\+?[0-9 ().-]{3,32}$/.test(values.phone)) {
    return { ok: false, message: "Please enter a phone number using digits, spaces and + ( ) - only." };
  }
  const market = marketFor(values.country);
  if (!market) return { ok: false, message: "We ship to the United States and Germany only." };
  const discount = values.discountCode ? findDiscountCode(values.discountCode) : undefined;
  if (values.discountCode && !discount) {
    return { ok: false, message: `The discount code “${values.discountCode}” isn't valid.` };
  }
  return {
    ok: true,
    order: buildOrder({
      id: newOrderId(now),
      placedAt: now,
      market,
      email: values.email,
      phone: values.phone || undefined,
      items: lines,
      discount,
      origin,
    }),
  };
}

/** Short enough to read out on the phone; the time part keeps ids unique and roughly sortable. */
function newOrderId(now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000)
    .toString(36)
    .toUpperCase();
  const suffix = randomInt(36 * 36)
    .toString(36)
    .toUpperCase()
    .padStart(2, "0");
  return `NW-${seconds}${suffix}`;
}

export type WorkerAnswer = { ok: true; orderToken: string; statusUrl: string } | { ok: false; message: string };

/** The merchant's server talking to Doorstep: the API key stays on this side. */
export async function postOrder(workerOrigin: string, apiKey: string, order: OrderInput): Promise<WorkerAnswer> {
  let res: Response;
  try {
    res = await fetch(`${workerOrigin}/v1/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(order),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    console.error(`demo store: POST /v1/orders failed: ${String(error)}`);
    return { ok: false, message: "Our order service is not reachable right now. Please try again in a moment." };
  }
  const body = (await res.json().catch(() => undefined)) as
    | { orderToken?: unknown; statusUrl?: unknown; error?: { code?: unknown; message?: unknown } }
    | undefined;
  if (res.ok && typeof body?.orderToken === "string") {
    return { ok: true, orderToken: body.orderToken, statusUrl: String(body.statusUrl ?? "") };
  }
  console.error(`demo store: POST /v1/orders answered ${res.status}: ${JSON.stringify(body)}`);
  // Credential and server trouble is ours to fix, not the shopper's; other refusals explain themselves.
  const ours = res.status === 401 || res.status === 403 || res.status >= 500;
  const message = !ours && typeof body?.error?.message === "string" ? body.error.message : "Our order service had a problem on its side.";
  return { ok: false, message: `${message} Please try again, or contact us if it keeps happening.` };
}
