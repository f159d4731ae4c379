/**
 * `npm run bench:lookup`: the order-lookup timing figures (scripts/bench/lookup-timing.ts), printed,
 * and written to bench-results/lookup-timing.json. LOOKUP_SAMPLES (300) and LOOKUP_CONCURRENCY (6)
 * change the run. Fails when (b) and (c) answers differ in anything but timing.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildWidget } from "./lib/build.ts";
import { ROOT } from "./lib/wrangler.ts";
import { formatLookupTiming, measureLookupTiming } from "./bench/lookup-timing.ts";

// The frozen copy serves the built widget too; any build will do, as no widget file is measured.
if (!existsSync(join(ROOT, "dist/widget/doorstep.js"))) await buildWidget();
const result = await measureLookupTiming({ log: (line) => console.error(line) });
console.log(formatLookupTiming(result));
const dir = join(ROOT, "bench-results");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "lookup-timing.json"), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...result }, null, 2)}\n`);
const { shape } = result;
if (!shape.identicalBodies || shape.headersDiffer.length || result.otherStatuses) process.exitCode = 1;
