/**
 * The order view kept at the edge, under `wrangler dev` (issue 23): the Cache API works locally, so a
 * refresh of the same order is answered from the cache, not from D1, until a write raises its version
 * (a first read, with no copy to revalidate, reads the whole view in the one statement it needs anyway).
 * Shown by changing a row behind the worker's back (an operator's SQL, which raises nothing): the kept
 * answer goes on being served; the next write through the API brings the row in.
 */
import { describe, expect, inject, it } from "vitest";
import type { OrderView } from "../../contract/order-view.ts";
import { DEMO_STORE_ID } from "../../scripts/lib/demo-setup.ts";
import { sql } from "../../worker/storage/statement.ts";
import { queryD1 } from "./d1.ts";
import { merchantPost } from "./merchant.ts";

const demo = inject("demo");
const origin = new URL(demo.storeUrl).origin;

const read = async (token: string, ifNoneMatch?: string) => {
  const res = await fetch(`${demo.workerOrigin}/v1/o/${token}`, {
    headers: { Origin: origin, ...(ifNoneMatch ? { "If-None-Match": ifNoneMatch } : {}) },
  });
  return {
    status: res.status,
    etag: res.headers.get("etag"),
    body: res.status === 200 ? ((await res.json()) as OrderView) : null,
  };
};

describe("the order view at the edge (wrangler dev)", () => {
  it("is read from D1 once per change: a kept answer is served until a write raises the version", async () => {
    const id = `E2E-CACHE-${Date.now()}`;
    const { orderToken } = await merchantPost("/v1/orders", {
      id,
      placedAt: new Date().toISOString(),
      currency: "USD",
      customer: { id: `c-${id}`, email: "cache@example.com" },
      lines: [{ sku: "beacon-headlamp", name: "Beacon Headlamp", quantity: 1, unitPrice: 4500 }],
      total: 4500,
    });
    const first = await read(orderToken!);
    expect(first.status).toBe(200);
    expect(first.body!.order.checkoutFeel).toBeUndefined();
    expect((await read(orderToken!, first.etag!)).status).toBe(304);

    await queryD1(sql(`UPDATE orders SET checkout_feel = 'hard' WHERE store_id = ? AND id = ?`, DEMO_STORE_ID, id));
    // A tab whose copy is older (an old client's tag: it never holds) is answered from the kept view.
    const kept = await read(orderToken!, 'W/"0123456789abcdefghijklmnopq"');
    expect(kept.status).toBe(200);
    expect(kept.body).toEqual(first.body);
    expect(kept.etag).toBe(first.etag);

    await merchantPost(`/v1/orders/${id}/shipments`, {
      id: `${id}-1`,
      carrier: "UPS",
      trackingNumber: `1ZCACHE${Date.now()}`,
      lines: [{ sku: "beacon-headlamp", quantity: 1 }],
    });
    const after = await read(orderToken!, first.etag!);
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(first.etag);
    expect(after.body!.order.checkoutFeel).toBe("hard");
    expect(after.body!.shipments).toHaveLength(1);
  });
});
