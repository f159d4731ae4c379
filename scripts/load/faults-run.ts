/**
 * A bounded loopback load run against `wrangler dev` whose D1 writes fail on purpose (DOORSTEP_FAULTS):
 * a fixed mix of signed carrier webhooks (some resent as duplicates; enqueued, recorded by the webhooks
 * queue's consumer under the same faults), merchant shipment events, shopper order reads and shopper
 * event batches (enqueued likewise), issued at a stated rate by a few concurrent clients for a
 * stated time. Every client retries a 503 after its Retry-After (shortened, so the run stays bounded),
 * as a vendor, a merchant's server or the widget would. Afterwards D1 is read back: every write that was
 * acknowledged with a 2xx must be there exactly once, and every refusal must have been a 503 with
 * Retry-After in the contract's error shape (or a 429, which the chosen spread should avoid).
 *
 * options.ts (what is asked), setup.ts (the orders), operations.ts (the mix and the ledger of
 * acknowledged writes), client.ts (retries and the contract's refusals), schedule.ts (the rate),
 * measurements.ts, verify.ts (D1 read back) and figures.ts (what is reported).
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureLocalSecretKey } from "../lib/dev-vars.ts";
import { eventsDrained } from "../lib/events-drained.ts";
import { webhooksDrained } from "../lib/webhooks-drained.ts";
import { freePort } from "../lib/free-port.ts";
import { createStore, parseSettings, type StoreCredentials } from "../lib/store-admin.ts";
import { applyMigrations, ROOT, startWorker, type RunningWorker } from "../lib/wrangler.ts";
import { loadClient } from "./client.ts";
import { figuresOf, type LoadFigures } from "./figures.ts";
import { Measurements } from "./measurements.ts";
import { emptyLedger, operations } from "./operations.ts";
import { DEFAULT_OPTIONS, SHOP_ORIGIN, type LoadOptions } from "./options.ts";
import { runSchedule } from "./schedule.ts";
import { setUpOrders } from "./setup.ts";
import { readBack, reconcile } from "./verify.ts";

export { formatFigures, type LoadFigures } from "./figures.ts";
export { DEFAULT_OPTIONS, type LoadOptions } from "./options.ts";

/** Runs the load on its own throwaway local D1 and worker, and answers the figures. */
export async function runFaultLoad(partial: Partial<LoadOptions> = {}): Promise<LoadFigures> {
  const options = { ...DEFAULT_OPTIONS, ...partial };
  const log = options.log ?? (() => {});
  const persistTo = join(ROOT, "tests/.tmp", `load-faults-${process.pid}-${Date.now()}`);
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  let worker: RunningWorker | undefined;
  try {
    await applyMigrations({ persistTo });
    // In shard s1 (issue 23, many databases), so the load run drives a second database end to end: the
    // tokens, the key, the consumer's writes and the read-back all go to DB_S1.
    const credentials = await createStore(
      "load",
      parseSettings({ name: "Load", origins: [SHOP_ORIGIN] }),
      ensureLocalSecretKey(),
      { persistTo },
      { shard: "s1" },
    );
    // The consumer says so on stderr when a batch's write fails and its messages go back to the queue.
    const consumer = { failedBatches: 0, failedWebhookWrites: 0 };
    worker = await startWorker({
      port: await freePort(),
      persistTo,
      vars: { DOORSTEP_FAULTS: options.faults },
      onOutput: (text) => {
        consumer.failedBatches += text.split("writing queued events failed").length - 1;
        consumer.failedWebhookWrites += text.split("applying queued carrier webhooks failed").length - 1;
      },
    });
    log(`worker on ${worker.origin} with DOORSTEP_FAULTS=${options.faults}`);
    const figures = await drive(worker, credentials, options, persistTo, log);
    return {
      ...figures,
      queue: figures.queue && { ...figures.queue, failedBatches: consumer.failedBatches },
      webhookQueue: figures.webhookQueue && { ...figures.webhookQueue, failedWrites: consumer.failedWebhookWrites },
    };
  } finally {
    await worker?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

/** Sets up the orders, runs the schedule while measuring, stops the worker and checks D1 against what was acknowledged. */
async function drive(
  worker: RunningWorker,
  credentials: StoreCredentials,
  options: LoadOptions,
  persistTo: string,
  log: (line: string) => void,
): Promise<LoadFigures> {
  const measurements = new Measurements();
  const send = loadClient(worker.origin, options, measurements);
  const merchantHeaders = { "Content-Type": "application/json", Authorization: `Bearer ${credentials.apiKey}` };
  const orders = await setUpOrders(send, merchantHeaders, options);
  log(`set up ${orders.length} orders with one parcel each`);

  const ledger = emptyLedger();
  const operation = operations({ send, credentials, merchantHeaders, ledger, measurements }, orders);
  measurements.measuring = true;
  const run = await runSchedule(options, operation);
  measurements.measuring = false;
  log(
    `started ${run.started} of ${run.scheduled} scheduled operations in ${run.elapsedSeconds.toFixed(1)} s; waiting for the events queue`,
  );

  // Acknowledged widget events are enqueued: the consumer (failing under the same DOORSTEP_FAULTS,
  // before and after its batches commit) writes them moments later, retrying. Wait for it before
  // stopping the worker, whose local queue is in memory.
  const drained = await eventsDrained({ persistTo }, credentials.storeId, new Set(ledger.eventIds).size);
  log(`events queue drained in ${(drained.waitedMs / 1000).toFixed(1)} s (${drained.events} events, ${drained.deadLetters} dead letters)`);
  // Acknowledged carrier webhooks likewise (the webhooks queue, its consumer failing the same way).
  const hooks = await webhooksDrained({ persistTo }, credentials.storeId, new Set(ledger.deliveries.map((d) => d.id)).size);
  log(
    `webhooks queue drained in ${(hooks.waitedMs / 1000).toFixed(1)} s (${hooks.deliveries} deliveries, ${hooks.deadLetters} dead letters); verifying D1`,
  );
  await worker.stop();
  const stored = await readBack(persistTo, credentials.storeId);
  const reconciled = reconcile(stored, ledger, orders.length, measurements);
  return { ...figuresOf(options, measurements, run, ledger, stored, reconciled), queue: drained, webhookQueue: hooks };
}
