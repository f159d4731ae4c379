/**
 * `npm run bench`: the figures that keep Doorstep honest. Widget bytes against the budgets (a broken
 * budget fails the run), the worker under load (events against a trivial endpoint, offers on a large
 * store), Doorstep beside the widgets merchants would otherwise paste (Chromium, throttled), what an
 * open tracking tab costs, what each request costs D1, and capacity on paper. Writes BENCHMARKS.md and
 * BENCHMARKS.json.
 *
 *   --sizes          sizes only (no load, no browser, no report)
 *   --browser-only   the page set, the refresh probe and D1 costs (keeps the worker figures of the last report)
 *   --worker-only    the load runs only (keeps the browser figures of the last report)
 *   --report-only    rewrites BENCHMARKS.md from BENCHMARKS.json (after editing scripts/bench/reading.md)
 *   --only d1        what each request costs D1, and the capacity it implies (the Black-Friday peak), printed only
 *                    (no load, no browser; the report is left as it is)
 *   --only platform  the Shopify webhook runs only, printed and not written (to compare a change quickly)
 *   --only peak      the peak minute alone (stores across shards, under faults), printed and not written
 *   --only widget    the widget's part alone: sizes, then Doorstep's pages, the bare page and Formbricks in
 *                    Chromium (layout shift at both widths, the skeletons' heights, the traces); prints the
 *                    figures and writes them to bench-results/widget-<time>.json, not to BENCHMARKS.*
 *   --only probes    the layout and trace probes alone (no side-by-side loads): each view's skeleton beside
 *                    the view, the traces' main-thread breakdown as BENCHMARKS.md prints it, the held
 *                    skeleton; printed, and written to bench-results/probes-<time>.json, not to BENCHMARKS.*
 *                    (a few minutes, to check a probe or a view's height)
 *   BENCH_TRACE_RUNS=3, BENCH_TRACED=bare,doorstep-survey   traced loads per page, and which pages
 *   BENCH_TRACE_DIR=dir  keeps every trace (Chromium's JSON: DevTools' Performance panel opens it)
 *   BENCH_RUNS=5     measured loads per page (after one warm-up round)
 *   BENCH_SECONDS=8  each load run's length;  BENCH_OFFERS_SCALE=1  the generated store's size
 */
import { buildWidget } from "./lib/build.ts";
import { reportWidgetSizes, widgetBudgets } from "./bench/widget-sizes.ts";
import { measureOffers, measureWorkerLoad, printLoad, printOffers } from "./bench/worker-load.ts";
import { formatPeak, runPeakMinute } from "./load/peak-minute.ts";
import { measureShopifyWebhook, printPlatformWebhook } from "./bench/platform-webhook.ts";
import { runD1Bench, runPagesBench, TRACED, WIDGET_PAGES, type PagesBenchResult } from "./bench/pages-bench.ts";
import type { D1Cost } from "./bench/d1-costs.ts";
import { printWidgetRun } from "./bench/widget-run.ts";
import { renderTraceBreakdown, REPORT_MD, summarizeBrowser, writeReport, type Results } from "./bench/report.ts";
import { capacity, renderCapacity } from "./bench/capacity.ts";
import { snapshotWorker, type WorkerSnapshot } from "./bench/snapshot.ts";
import { ensureLocalSecretKey } from "./lib/dev-vars.ts";
import { ROOT } from "./lib/wrangler.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const started = Date.now();
const has = (flag: string) => process.argv.includes(flag);
const rounds = Number(process.env.BENCH_RUNS ?? 5);
const log = (line: string) => console.log(`  ${line}`);
/** `--only <part>`: one part of the bench, printed only (BENCHMARKS.md and .json are left as they are). */
const PARTS = ["d1", "platform", "widget", "peak", "probes"] as const;
const only = has("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) {
  console.error(`--only takes one of ${PARTS.join(", ")} (got ${JSON.stringify(only ?? null)}).`);
  process.exit(2);
}
const phase = (what: string) => console.log(`\n[${((Date.now() - started) / 1000).toFixed(0)} s] ${what}`);

if (has("--report-only")) {
  writeReport({});
  console.log(`Rewrote ${REPORT_MD} from BENCHMARKS.json.`);
  process.exit(0);
}

if (only === "d1") {
  // The frozen worker copy needs the widget build too (wrangler dev serves it as assets).
  await buildWidget();
  ensureLocalSecretKey();
  const snapshot = snapshotWorker();
  try {
    phase("D1 cost per request (the demo store, seeded, then the worker's app in Node on its local D1)");
    const costs = await runD1Bench({ log, worker: snapshot });
    printD1(costs);
    // The capacity model from these costs alone (no storage figures: those come from the load runs).
    const cap = capacity({ d1: { measuredAt: new Date().toISOString(), costs } });
    if (cap) console.log(`\n${renderCapacity(cap)}`);
  } finally {
    snapshot.remove();
  }
  process.exit(0);
}

await buildWidget();
const broken = reportWidgetSizes();
if (only === "widget") {
  ensureLocalSecretKey();
  const snapshot = snapshotWorker();
  try {
    phase(`the widget's pages in Chromium (${rounds} rounds after a warm-up; BENCH_RUNS)`);
    const pages = await runPagesBench({ rounds, log, worker: snapshot, pages: WIDGET_PAGES, poll: false, d1: false });
    printWidgetRun(summarizeBrowser(pages));
  } finally {
    snapshot.remove();
  }
} else if (only === "probes") {
  ensureLocalSecretKey();
  const snapshot = snapshotWorker();
  try {
    phase("the layout and trace probes (--only probes: printed, BENCHMARKS.md and .json left as they are)");
    const pages = await runPagesBench({ rounds, log, worker: snapshot, pages: TRACED, poll: false, d1: false, loads: false });
    printProbes(pages);
  } finally {
    snapshot.remove();
  }
} else if (!has("--sizes")) {
  // Everything below runs a frozen copy of the worker and the widget just built (snapshot.ts), with the
  // local secret key in it (made now on a fresh checkout: the copy would otherwise lack it).
  ensureLocalSecretKey();
  const snapshot = snapshotWorker();
  try {
    if (only === "peak") {
      phase("the peak minute (--only peak: printed, BENCHMARKS.md and .json left as they are)");
      console.log(formatPeak(await runPeakMinute({ seconds: Number(process.env.BENCH_PEAK_SECONDS ?? 60), log, config: snapshot.config })));
    } else if (only === "platform") {
      phase("Shopify webhooks (--only platform: printed, BENCHMARKS.md and .json left as they are)");
      printPlatformWebhook(await measureShopifyWebhook(snapshot.config));
    } else {
      await fullRun(snapshot);
    }
  } finally {
    snapshot.remove();
  }
}
if (broken) {
  console.error(`\n${broken} widget budget(s) broken.`);
  process.exitCode = 1;
}

async function fullRun(snapshot: WorkerSnapshot) {
  const fresh: Partial<Results> = { widgetBudgets: widgetBudgets() };
  if (!has("--browser-only")) {
    phase("worker load");
    const load = await measureWorkerLoad(snapshot.config);
    printLoad(load);
    phase("offers on a large store");
    const offers = await measureOffers(snapshot.config);
    printOffers(offers);
    phase("Shopify webhooks");
    const platform = await measureShopifyWebhook(snapshot.config);
    printPlatformWebhook(platform);
    phase("the peak minute: stores across shards, under faults");
    const peak = await runPeakMinute({ seconds: Number(process.env.BENCH_PEAK_SECONDS ?? 60), log, config: snapshot.config });
    console.log(formatPeak(peak));
    fresh.worker = { measuredAt: new Date().toISOString(), load, offers, platform, peak };
  }
  if (!has("--worker-only")) {
    phase(`the page set in Chromium (${rounds} rounds after a warm-up; BENCH_RUNS)`);
    const pages = await runPagesBench({ rounds, log, worker: snapshot });
    fresh.browser = summarizeBrowser(pages);
    if (pages.poll) fresh.poll = { measuredAt: new Date().toISOString(), ...pages.poll };
    if (pages.d1) fresh.d1 = { measuredAt: new Date().toISOString(), costs: pages.d1 };
  }
  const full = !has("--browser-only") && !has("--worker-only");
  if (full) fresh.runtimeSeconds = (Date.now() - started) / 1000;
  const results = writeReport(fresh);
  printSummary(results);
  phase(`wrote ${REPORT_MD} and BENCHMARKS.json`);
}

function printSummary(results: Results) {
  const pages = results.browser?.pages.filter((p) => p.name !== "bare") ?? [];
  if (!pages.length) return;
  console.log("\nSide by side (medians; ratio to Doorstep)");
  console.log(
    `${"page".padEnd(24)}${"requests".padStart(9)}${"wire KiB".padStart(10)}${"main ms".padStart(9)}${"TBT ms".padStart(8)}${"first q ms".padStart(11)}${"CLS".padStart(7)}${"heap MiB".padStart(9)}`,
  );
  for (const p of pages) {
    const f = p.figures;
    const n = (x: number | undefined, d = 0) => (x === undefined ? "–" : x.toFixed(d));
    console.log(
      `${p.label.padEnd(24)}${n(f.requests?.median).padStart(9)}${n(f.transferredKiB?.median, 1).padStart(10)}${n(f.mainThreadAddedMs?.median).padStart(9)}` +
        `${n(f.tbtAddedMs?.median).padStart(8)}${n(f.firstQuestionMs?.median).padStart(11)}${n(f.clsAdded?.median, 3).padStart(7)}${n(f.heapAddedMiB?.median, 2).padStart(9)}` +
        (p.ratios.transferredKiB ? `   ×${p.ratios.transferredKiB.toFixed(1)} bytes` : ""),
    );
  }
}

function printD1(costs: D1Cost[]) {
  console.log(
    `\n${"request".padEnd(52)}${"status".padStart(7)}${"trips".padStart(6)}${"stmts".padStart(6)}${"rows read".padStart(10)}${"written".padStart(8)}${"SQLite ms".padStart(10)}`,
  );
  for (const c of costs)
    console.log(
      `${c.label.slice(0, 51).padEnd(52)}${String(c.status).padStart(7)}${String(c.calls).padStart(6)}${String(c.statements).padStart(6)}` +
        `${String(c.rowsRead).padStart(10)}${String(c.rowsWritten).padStart(8)}${c.sqlMs.toFixed(2).padStart(10)}`,
    );
}

/** What `--only probes` prints: the heights, the trace breakdown as BENCHMARKS.md has it, and every probe's note. */
function printProbes(pages: PagesBenchResult) {
  if (pages.heights?.length) {
    console.log("\nSkeleton beside the view (px)");
    for (const h of pages.heights)
      console.log(`  ${`${h.view} ${h.order} ${h.width}`.padEnd(44)} skeleton ${h.skeletonPx}  drawn ${h.drawnPx}`);
  }
  if (pages.traces?.length) console.log(`\n${renderTraceBreakdown(pages.traces, pages.skeleton)}`);
  for (const note of pages.notes) console.log(`note: ${note}`);
  // Kept beside --only widget's results, so a report change can be checked against real traces.
  const dir = join(ROOT, "bench-results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `probes-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const { heights, traces, skeleton, notes, browserVersion } = pages;
  writeFileSync(file, `${JSON.stringify({ browserVersion, heights, traces, skeleton, notes }, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}
