/**
 * The schedule: operation i starts at i / rate seconds, whichever client is free takes it. The mix is
 * laid out in a fixed shuffled cycle so every second carries about the same shares. A machine slower
 * than the rate asks for runs out of time rather than running long: what was not started by the
 * deadline is left out, and the figures say how much was started.
 */
import { KINDS, MIX, type Kind, type LoadOptions } from "./options.ts";

export interface ScheduleRun {
  /** Operations the rate asked for. */
  scheduled: number;
  started: number;
  elapsedSeconds: number;
}

export async function runSchedule(
  options: LoadOptions,
  operation: (kind: Kind) => Promise<void>,
  mix: Record<Kind, number> = MIX,
): Promise<ScheduleRun> {
  const cycle = shuffledCycle(mix);
  const scheduled = Math.round(options.seconds * options.rate);
  let next = 0;
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  const client = async () => {
    while (next < scheduled && performance.now() < deadline) {
      const i = next++;
      const wait = start + (i * 1000) / options.rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await operation(cycle[i % cycle.length]!);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return { scheduled, started: Math.min(next, scheduled), elapsedSeconds: (performance.now() - start) / 1000 };
}

/** Twenty operations in the mix's shares, shuffled once. */
function shuffledCycle(mix: Record<Kind, number>): Kind[] {
  const cycle = KINDS.flatMap((k) => Array.from({ length: Math.round(mix[k] * 20) }, () => k));
  for (let i = cycle.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [cycle[i], cycle[j]] = [cycle[j]!, cycle[i]!];
  }
  return cycle;
}
