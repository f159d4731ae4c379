import type { OrderInput } from "../worker/schemas/order.ts";
import { findProduct, type Product } from "./catalog.ts";
import { buildOrder } from "./orders.ts";
import { findDiscountCode, marketFor, type Market } from "./pricing.ts";

const HOUR = 3_600_000;

/**
 * A few orders from the last days, as the shop's server would have posted them. Ids are stable so
 * reseeding replaces rather than duplicates (the worker is idempotent on the merchant's order id).
 */
export function demoOrders(now: Date, origin: string): OrderInput[] {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const us = market("US");
  const de = market("DE");
  return [
    buildOrder({
      id: "NW-1001",
      placedAt: at(3),
      market: us,
      email: "maya.chen@example.com",
      phone: "+1 (415) 555-0198",
      items: [item("ridgeline-trail-runner", 1), item("trail-sock-3pack", 2)],
      discount: findDiscountCode("WELCOME10"),
      taxRate: 0.08625,
      origin,
    }),
    buildOrder({
      id: "NW-1002",
      placedAt: at(27),
      market: de,
      email: "jonas.weber@example.de",
      items: [item("cirrus-wind-shell", 1), item("basecamp-merino-tee", 1)],
      origin,
    }),
    buildOrder({
      id: "NW-1003",
      placedAt: at(52),
      market: us,
      email: "priya.raman@example.com",
      items: [item("beacon-headlamp", 1)],
      taxRate: 0.06,
      origin,
    }),
    buildOrder({
      id: "NW-1004",
      placedAt: at(78),
      market: us,
      email: "luis.ortega@example.com",
      phone: "+1 (720) 555-0111",
      items: [item("switchback-run-vest", 1), item("summit-daypack", 1), item("trail-sock-3pack", 1)],
      discount: findDiscountCode("WELCOME10"),
      taxRate: 0.0881,
      origin,
    }),
  ];
}

function item(sku: string, quantity: number): { product: Product; quantity: number } {
  const product = findProduct(sku);
  if (!product) throw new Error(`seed order names an unknown sku: ${sku}`);
  return { product, quantity };
}

function market(country: string): Market {
  const found = marketFor(country);
  if (!found) throw new Error(`no market for ${country}`);
  return found;
}
