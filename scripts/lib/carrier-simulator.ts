/**
 * The demo's stand-in for a carrier: posts the live demo parcel's next EasyPost `tracker.updated`
 * webhook to the worker every few seconds, signed with the store's secret, through the same endpoint
 * production uses. Stops once the parcel is delivered.
 */
import { signedHeaders } from "./carrier-payloads.ts";
import { liveTrackerEvent, type DemoPlan } from "./demo-shipments.ts";

export interface CarrierSimulator {
  /** Resolves when the parcel is delivered or the simulator is stopped. */
  done: Promise<void>;
  stop(): void;
}

export function startCarrierSimulator(options: {
  workerOrigin: string;
  storeId: string;
  secret: string;
  plan: DemoPlan;
  everyMs: number;
  log?: (line: string) => void;
}): CarrierSimulator {
  let step = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const url = `${options.workerOrigin}/v1/webhooks/easypost/${options.storeId}`;

  async function next() {
    const event = liveTrackerEvent(options.plan, step, new Date());
    const body = JSON.stringify(event);
    try {
      const res = await fetch(url, { method: "POST", headers: await signedHeaders("easypost", options.secret, body), body });
      options.log?.(`carrier simulator: ${event.result.status} → ${res.status}`);
    } catch (error) {
      options.log?.(`carrier simulator: post failed (${(error as Error).message}); trying again`);
      step--;
    }
    step++;
    if (step >= options.plan.live.steps.length) return finish();
    timer = setTimeout(next, options.everyMs);
  }
  timer = setTimeout(next, 0);
  return {
    done,
    stop() {
      clearTimeout(timer);
      finish();
    },
  };
}
