import type { OrderInput } from "../../worker/schemas/order.ts";

/** Plain, valid orders for load runs: one line, one fee, different customers. */
export function sampleOrders(count: number): OrderInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `bench-${i}`,
    placedAt: new Date(Date.now() - i * 60_000).toISOString(),
    currency: "USD",
    customer: { id: `bench-customer-${i % 50}` },
    lines: [{ sku: `SKU-${i % 7}`, name: "Bench item", quantity: 1 + (i % 3), unitPrice: 1500 }],
    fees: [{ label: "Shipping", amount: 495 }],
    discounts: [],
    total: 1500 * (1 + (i % 3)) + 495,
  }));
}
