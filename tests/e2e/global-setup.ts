/**
 * Starts what a merchant runs, for real: `wrangler dev` with its own fresh local D1, the demo shop's
 * server, and the seeded orders, on free loopback ports. Tests reach them through `inject("demo")`.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildWidget } from "../../scripts/lib/build.ts";
import { startDemo, type RunningDemo } from "../../scripts/lib/demo-setup.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import { ROOT } from "../../scripts/lib/wrangler.ts";
import { standInApiUrls, startAggregatorStandIn, type AggregatorStandIn } from "../stand-ins/aggregators.ts";

export interface DemoContext {
  workerOrigin: string;
  /** The one `wrangler dev` process of the run (tests/e2e/abandoned-requests checks it survives). */
  workerPid: number;
  storeUrl: string;
  persistTo: string;
  seeded: RunningDemo["seeded"];
  apiKey: string;
  webhookSecrets: RunningDemo["webhookSecrets"];
  liveTrackingNumber: string;
  /** The local stand-in of EasyPost and AfterShip the worker registers parcels with (tests/stand-ins). */
  aggregatorStandIn: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    demo: DemoContext;
  }
}

let demo: RunningDemo | undefined;
let standIn: AggregatorStandIn | undefined;
// One worker process serves the whole run. If it dies, every later test fails on its own, and the run's
// end says why (where a CI log's tail shows it) and fails even if no test noticed.
const workerExits: string[] = [];

export async function setup(project: TestProject) {
  if (!existsSync(join(ROOT, "dist/widget/doorstep.js"))) await buildWidget();
  const persistTo = join(ROOT, "tests/.tmp", `e2e-${process.pid}`);
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  standIn = await startAggregatorStandIn();
  demo = await startDemo({
    workerPort: await freePort(),
    storePort: await freePort(),
    storeHost: "127.0.0.1",
    persistTo,
    // Fast enough for a test to watch the demo parcel go from label to doorstep.
    carrierEveryMs: 1500,
    onWorkerExit: (report) => {
      workerExits.push(report);
      console.error(`[e2e] ${report}`);
    },
    // Parcels are registered with the stand-in, as `npm run dev` would with EASYPOST_API_URL set.
    vars: standInApiUrls(standIn.url),
  });
  project.provide("demo", {
    workerOrigin: demo.workerOrigin,
    workerPid: demo.workerPid,
    storeUrl: demo.storeUrl,
    persistTo,
    seeded: demo.seeded,
    apiKey: demo.apiKey,
    webhookSecrets: demo.webhookSecrets,
    liveTrackingNumber: demo.plan.live.trackingNumber,
    aggregatorStandIn: standIn.url,
  });
  return async () => {
    await demo?.stop();
    await standIn?.close();
    rmSync(persistTo, { recursive: true, force: true });
    if (workerExits.length) {
      // vitest only logs an error thrown here; the exit code is what CI reads.
      process.exitCode = 1;
      throw new Error(`[e2e] the worker died during this run:\n${workerExits.join("\n")}`);
    }
  };
}
