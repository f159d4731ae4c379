/**
 * `npm run bench`: the figures that keep Doorstep honest. Widget bytes against the budgets (a broken
 * budget fails the run), then the worker's throughput under load. `--sizes` skips the load run.
 */
import { buildWidget } from "./lib/build.ts";
import { reportWidgetSizes } from "./bench/widget-sizes.ts";
import { measureOffers, measureWorkerLoad, printLoad, printOffers } from "./bench/worker-load.ts";

await buildWidget();
const broken = reportWidgetSizes();
if (!process.argv.includes("--sizes")) {
  printLoad(await measureWorkerLoad());
  printOffers(await measureOffers());
}
if (broken) {
  console.error(`\n${broken} widget budget(s) broken.`);
  process.exitCode = 1;
}
