/**
 * Issue 23, the peak minute: several stores across both shards under one `wrangler dev` whose D1 writes
 * fail on purpose; shoppers' page views and refreshing tabs, widget event bursts, carrier webhooks,
 * merchant updates and Shopify orders, some resent. Every acknowledged write must be in its store's shard
 * exactly once, and nothing of one store in another's shard. Shorter than the bench's run (PEAK_SECONDS).
 */
import { expect, it } from "vitest";
import { formatPeak, runPeakMinute } from "../../scripts/load/peak-minute.ts";

it("loses and doubles nothing over four stores in two shards, with both queues' consumers failing and retrying", async () => {
  const f = await runPeakMinute({ seconds: Number(process.env.PEAK_SECONDS ?? 20), faults: "before=0.10,after=0.05" });
  console.log(formatPeak(f));

  expect(f.violations).toEqual([]);
  expect(f.statuses["500"] ?? 0).toBe(0);
  expect(new Set(f.stores.map((s) => s.shard))).toEqual(new Set(["s0", "s1"]));
  expect(f.lost).toBe(0);
  expect(f.duplicated).toBe(0);
  expect(f.unexplained).toBe(0);
  expect(f.misplaced).toBe(0);
  expect(f.gaveUp).toBe(0);
  expect(f.queues.complete).toBe(true);
  expect(f.queues.deadLetters).toBe(0);
  // Every kind of traffic happened, the faults did, and the tabs' refreshes met their copies.
  for (const kind of ["page_view", "refresh", "shopper_events", "webhook", "shipment_event", "platform_order"] as const)
    expect(f.operations[kind], kind).toBeGreaterThan(0);
  expect(f.statuses["503"] ?? 0).toBeGreaterThan(0);
  expect(f.refreshes.notModified).toBeGreaterThan(0);
  expect(f.acknowledged.platformOrders).toBeGreaterThan(0);
  expect(f.duplicatesSent.webhook + f.duplicatesSent.platform_order).toBeGreaterThan(0);
}, 300_000);
