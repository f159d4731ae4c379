/**
 * `npm run load`: the bounded load run under injected D1 write faults (scripts/load/faults-run.ts),
 * printing its figures. LOAD_SECONDS, LOAD_RATE and LOAD_FAULTS change the run; the exit code says
 * whether anything acknowledged was lost or any refusal broke the contract.
 */
import { DEFAULT_OPTIONS, formatFigures, runFaultLoad } from "./load/faults-run.ts";

const figures = await runFaultLoad({
  seconds: Number(process.env.LOAD_SECONDS ?? DEFAULT_OPTIONS.seconds),
  rate: Number(process.env.LOAD_RATE ?? DEFAULT_OPTIONS.rate),
  faults: process.env.LOAD_FAULTS ?? DEFAULT_OPTIONS.faults,
  log: (line) => console.error(line),
});
console.log(formatFigures(figures));
if (process.argv.includes("--json")) console.log(JSON.stringify(figures, null, 2));
const broken =
  figures.lost ||
  figures.duplicated ||
  figures.violations.length ||
  figures.gaveUp ||
  (figures.statuses["500"] ?? 0) ||
  figures.queue?.complete === false ||
  figures.webhookQueue?.complete === false;
process.exit(broken ? 1 : 0);
