/**
 * Turns what `npm run bench` measured into BENCHMARKS.md (the side-by-side table, the worker figures,
 * capacity on paper, and a reading of them) and BENCHMARKS.json (the same figures, machine-readable,
 * with every load's sample). A partial run (`--browser-only`, `--worker-only`) replaces only the
 * sections it measured and keeps the others from the last BENCHMARKS.json, each with its own date.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { ROOT } from "../lib/wrangler.ts";
import type { LoadSample } from "./browser-figures.ts";
import { PROFILE, SETTLE_MS } from "./browser-figures.ts";
import type { D1Cost } from "./d1-costs.ts";
import { PAGES, type PagesBenchResult, type PollFigures } from "./pages-bench.ts";
import type { BudgetFigure } from "./widget-sizes.ts";
import type { OffersResult, WorkerLoadResult } from "./worker-load.ts";
import { renderPlatformWebhook, type PlatformWebhookResult } from "./platform-webhook.ts";
import { capacity, renderCapacity, type Capacity } from "./capacity.ts";

export const REPORT_MD = join(ROOT, "BENCHMARKS.md");
export const REPORT_JSON = join(ROOT, "BENCHMARKS.json");

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: (number | undefined)[]): Spread | undefined {
  const xs = values.filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return undefined;
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  return { median, min: xs[0]!, max: xs.at(-1)!, n: xs.length };
}

/** The figures of the table, per page; "added" ones are the page's minus the bare page's median. */
export const METRICS = [
  { key: "requests", label: "Requests", unit: "", digits: 0 },
  { key: "transferredKiB", label: "Transferred (KiB)", unit: "KiB", digits: 1 },
  { key: "rawKiB", label: "Raw (KiB)", unit: "KiB", digits: 1 },
  { key: "mainThreadAddedMs", label: "Main-thread time added (ms)", unit: "ms", digits: 0 },
  { key: "longTaskAddedMs", label: "Long tasks added (ms)", unit: "ms", digits: 0 },
  { key: "tbtAddedMs", label: "TBT added (ms)", unit: "ms", digits: 0 },
  { key: "firstQuestionMs", label: "Script start → first question (ms)", unit: "ms", digits: 0 },
  { key: "clsAdded", label: "CLS added", unit: "", digits: 3 },
  { key: "heapAddedMiB", label: "JS heap added (MiB)", unit: "MiB", digits: 2 },
] as const;

export type MetricKey = (typeof METRICS)[number]["key"];

export interface PageFigures {
  name: string;
  label: string;
  shows: string;
  caveat?: string;
  loads: number;
  timedOut: number;
  figures: Partial<Record<MetricKey, Spread>>;
  /** Absolute figures of the whole page (the bare page's are the baseline). */
  page: { tbtMs?: Spread; longTaskMs?: Spread; mainThreadMs?: Spread; cls?: Spread; heapMiB?: Spread; fcpMs?: Spread };
  /** median ÷ Doorstep's median. */
  ratios: Partial<Record<MetricKey, number>>;
  /** Doorstep: when each view was drawn, from the script's request start. */
  readyMs?: Record<string, Spread>;
  /** Requests outside loopback (the browser refused them). */
  external: string[];
  /** One load's requests (the last round's), for the curious. */
  requestList: { url: string; type: string; status: number; wire: number; raw: number; encoding?: string; counted: boolean }[];
}

export interface BrowserSection {
  measuredAt: string;
  browser: string;
  rounds: number;
  profile: typeof PROFILE;
  bytesMethod: string;
  pages: PageFigures[];
  notes: string[];
  samples: Omit<LoadSample, "requests">[];
}

export interface WorkerSection {
  measuredAt: string;
  load?: WorkerLoadResult;
  offers?: OffersResult;
  platform?: PlatformWebhookResult;
}

export interface PollSection extends PollFigures {
  measuredAt: string;
  perIdleHour?: PollHour[];
}

export interface PollHour {
  tab: "visible" | "hidden";
  everySeconds: number;
  polls: number;
  bytes: number;
  d1Statements: number;
  d1RowsRead: number;
  workerMs: number;
}

export interface Results {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; loadAtStart?: number[]; loadAtEnd?: number[] };
  runtimeSeconds?: number;
  widgetBudgets?: BudgetFigure[];
  browser?: BrowserSection;
  worker?: WorkerSection;
  poll?: PollSection;
  d1?: { measuredAt: string; costs: D1Cost[] };
  capacity?: Capacity;
}

const PEERS = ["surveyjs", "formbricks", "typeform"];

export function summarizeBrowser(result: PagesBenchResult): BrowserSection {
  const byPage = (name: string) => result.samples.filter((s) => s.page === name);
  const doc = (s: LoadSample) => s.requests.find((r) => r.host && r.type === "Document");
  const bare = byPage("bare");
  const base = {
    docRaw: spread(bare.map((s) => doc(s)?.raw))?.median ?? 0,
    docWire: spread(bare.map((s) => doc(s)?.wire))?.median ?? 0,
    tbt: spread(bare.map((s) => s.tbtMs))?.median ?? 0,
    longTask: spread(bare.map((s) => s.longTaskMs))?.median ?? 0,
    task: spread(bare.map((s) => s.taskMs))?.median ?? 0,
    cls: spread(bare.map((s) => s.cls))?.median ?? 0,
    heap: spread(bare.map((s) => s.heapBytes))?.median ?? 0,
  };
  const MiB = 1024 * 1024;
  const pages: PageFigures[] = PAGES.map((info) => {
    const all = byPage(info.name);
    // A load whose widget never showed its question (a stalled server) says nothing about the widget.
    const samples = all.filter((s) => !s.timedOut);
    const widget = info.name !== "bare";
    const per = (f: (s: LoadSample) => number | undefined) => spread(samples.map(f));
    const figures: PageFigures["figures"] = widget
      ? {
          requests: per((s) => s.widgetRequests),
          // The snippet in the page's HTML is the widget's too.
          transferredKiB: per((s) => (s.widgetWire + (doc(s)?.wire ?? base.docWire) - base.docWire) / 1024),
          rawKiB: per((s) => (s.widgetRaw + (doc(s)?.raw ?? base.docRaw) - base.docRaw) / 1024),
          mainThreadAddedMs: per((s) => s.taskMs - base.task),
          longTaskAddedMs: per((s) => s.longTaskMs - base.longTask),
          tbtAddedMs: per((s) => s.tbtMs - base.tbt),
          firstQuestionMs: per((s) => s.firstQuestionMs),
          clsAdded: per((s) => s.cls - base.cls),
          heapAddedMiB: per((s) => (s.heapBytes - base.heap) / MiB),
        }
      : {};
    const views = new Set(samples.flatMap((s) => Object.keys(s.readyMs ?? {})));
    const last = samples.at(-1);
    return {
      name: info.name,
      label: info.label,
      shows: info.shows,
      caveat: info.caveat,
      loads: all.length,
      timedOut: all.filter((s) => s.timedOut).length,
      figures,
      page: {
        tbtMs: per((s) => s.tbtMs),
        longTaskMs: per((s) => s.longTaskMs),
        mainThreadMs: per((s) => s.taskMs),
        cls: per((s) => s.cls),
        heapMiB: per((s) => s.heapBytes / MiB),
        fcpMs: per((s) => s.fcpMs),
      },
      ratios: {},
      readyMs: views.size ? Object.fromEntries([...views].map((v) => [v, per((s) => s.readyMs?.[v])!])) : undefined,
      external: [...new Set(samples.flatMap((s) => s.external))],
      requestList: (last?.requests ?? [])
        .filter((r) => !r.host)
        .map((r) => ({ url: r.url, type: r.type, status: r.status, wire: r.wire, raw: r.raw, encoding: r.encoding, counted: !r.unweighed })),
    };
  });
  const doorstep = pages.find((p) => p.name === "doorstep");
  for (const page of pages) {
    if (page.name === "bare" || !doorstep) continue;
    for (const { key } of METRICS) {
      const mine = page.figures[key]?.median;
      const theirs = doorstep.figures[key]?.median;
      if (mine !== undefined && theirs !== undefined && theirs > 0) page.ratios[key] = mine / theirs;
    }
  }
  return {
    measuredAt: new Date().toISOString(),
    browser: `Chromium ${result.browserVersion} (headless, Debian package)`,
    rounds: result.rounds,
    profile: PROFILE,
    bytesMethod:
      "DevTools Network events: decoded body bytes (raw) and encodedDataLength (on the wire: compressed body plus headers). " +
      "Every text response is gzip-compressed (level 6) on the fly by the bench's servers; Doorstep's worker under wrangler dev " +
      "sends identity, so the bench's proxy in front of it compresses exactly as it does for the peers' files.",
    pages,
    notes: result.notes,
    samples: result.samples.map(({ requests: _, ...rest }) => rest),
  };
}

/** The tracking view's refresh per idle hour, visible and hidden, from the measured poll. */
export function pollPerHour(poll: PollFigures, costs?: D1Cost[]): PollHour[] {
  const d1 = costs?.find((c) => c.label === "order poll answered 304");
  const bytes = (poll.probe?.requestBytes ?? 0) + (poll.probe?.responseBytes ?? 0);
  return (
    [
      ["visible", 10],
      ["hidden", 300],
    ] as const
  ).map(([tab, every]) => {
    const polls = 3600 / every;
    return {
      tab,
      everySeconds: every,
      polls,
      bytes: polls * bytes,
      d1Statements: polls * (d1?.statements ?? 0),
      d1RowsRead: polls * (d1?.rowsRead ?? 0),
      workerMs: polls * poll.latency.p50,
    };
  });
}

export function loadPrevious(): Partial<Results> {
  if (!existsSync(REPORT_JSON)) return {};
  try {
    return JSON.parse(readFileSync(REPORT_JSON, "utf8")) as Partial<Results>;
  } catch {
    return {};
  }
}

/** The load averages when the run began (bench.ts notes them), to tell a quiet machine from a shared one. */
export const LOAD_AT_START = loadavg();

export function machine(): Results["machine"] {
  const cpu = cpus();
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? "?",
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    loadAtStart: round(LOAD_AT_START),
    loadAtEnd: round(loadavg()),
  };
}

/** Merges this run's sections into the last results, recomputes capacity, writes both files. */
export function writeReport(fresh: Partial<Results>): Results {
  const previous = loadPrevious();
  const measured = Object.values(fresh).some((v) => v !== undefined);
  const results: Results = {
    ...previous,
    ...Object.fromEntries(Object.entries(fresh).filter(([, v]) => v !== undefined)),
    // Re-rendering alone (--report-only) keeps the run's date and machine.
    generatedAt: measured || !previous.generatedAt ? new Date().toISOString() : previous.generatedAt,
    machine: measured || !previous.machine ? machine() : previous.machine,
  } as Results;
  if (results.poll) results.poll.perIdleHour = pollPerHour(results.poll, results.d1?.costs);
  results.capacity = capacity(results);
  writeFileSync(REPORT_JSON, `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(REPORT_MD, withReading(renderMarkdown(results)));
  return results;
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined ? "–" : n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;
const day = (iso?: string) => (iso ? iso.slice(0, 16).replace("T", " ") + " UTC" : "–");

function cell(s: Spread | undefined, digits: number, ratio?: number, showRatio = true): string {
  if (!s) return "–";
  const range = s.n > 1 ? `${fmt(s.min, digits)}–${fmt(s.max, digits)}` : "";
  const r = showRatio ? (ratio === undefined ? "" : ` · ×${ratio >= 10 ? fmt(ratio, 0) : fmt(ratio, 1)}`) : "";
  return `${fmt(s.median, digits)}${range || r ? `<br><sub>${range}${r}</sub>` : ""}`;
}

function renderBrowser(b: BrowserSection): string {
  const lines: string[] = [];
  const doorstep = b.pages.find((p) => p.name === "doorstep");
  lines.push(
    `Measured ${day(b.measuredAt)} in ${b.browser}; CPU throttled ${b.profile.cpuSlowdown}×, network shaped to a mid-range phone ` +
      `(${b.profile.latencyMs} ms round trip, ${b.profile.downloadKbps / 1000} Mbit/s down, ${b.profile.uploadKbps} kbit/s up: Lighthouse's mobile profile), ` +
      `${b.profile.viewport.width}×${b.profile.viewport.height} viewport; one warm-up round, then ${b.rounds} loads of every page in a fresh browser context, ` +
      "the page order rotated each round. Each cell: the median, under it the min–max and the ratio to Doorstep's median.",
    "",
  );
  const header = ["Page", "Shows", ...METRICS.map((m) => m.label)];
  lines.push(`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i < 2 ? " --- " : " ---: ")).join("|")}|`);
  for (const page of b.pages) {
    if (page.name === "bare") continue;
    const label = `**${page.label}**${page.caveat ? " ¹" : ""}${page.timedOut ? ` (${page.timedOut} of ${page.loads} loads never showed the question and are left out)` : ""}`;
    const cells = METRICS.map((m) => cell(page.figures[m.key], m.digits, page.ratios[m.key], page.name !== "doorstep"));
    lines.push(`| ${label} | ${page.shows} | ${cells.join(" | ")} |`);
  }
  const bare = b.pages.find((p) => p.name === "bare");
  lines.push("");
  if (bare) {
    lines.push(
      `The host page alone (the baseline every "added" figure subtracts): TBT ${cell(bare.page.tbtMs, 0).replace("<br><sub>", " (").replace("</sub>", ")")} ms, ` +
        `long tasks ${fmt(bare.page.longTaskMs?.median)} ms, main-thread time ${fmt(bare.page.mainThreadMs?.median)} ms, CLS ${fmt(bare.page.cls?.median, 3)}, ` +
        `JS heap ${fmt(bare.page.heapMiB?.median, 2)} MiB, first contentful paint ${fmt(bare.page.fcpMs?.median)} ms.`,
      "",
    );
  }
  const caveats = b.pages.filter((p) => p.caveat);
  if (caveats.length) lines.push(`¹ ${caveats.map((p) => `${p.label}: ${p.caveat}.`).join(" ")}`, "");
  if (doorstep?.readyMs) {
    lines.push(
      `Doorstep's views, from the script's request start to \`doorstep:ready\` (median): ${Object.entries(doorstep.readyMs)
        .map(([view, s]) => `${view} ${fmt(s.median)} ms`)
        .join(", ")}.`,
      "",
    );
  }
  const external = b.pages.filter((p) => p.external.length);
  if (external.length) {
    lines.push(
      `Requests for anything outside this machine, refused by the browser: ${external.map((p) => `${p.label}: ${p.external.map((u) => `\`${new URL(u).origin}\``).join(", ")}`).join("; ")}.`,
      "",
    );
  }
  lines.push(
    "<details><summary>Requests of one load per page (the last round)</summary>",
    "",
    "| Page | Request | Type | Status | On the wire | Raw |",
    "| --- | --- | --- | ---: | ---: | ---: |",
  );
  for (const page of b.pages) {
    for (const r of page.requestList) {
      const url = new URL(r.url);
      const path = url.pathname.replace(/\/o\/[\w-]{20,}/, "/o/{token}") + (url.search ? url.search.replace(/=[^&]{24,}/g, "=…") : "");
      lines.push(`| ${page.label} | \`${path}\`${r.counted ? "" : " (stand-in, not counted)"} | ${r.type} | ${r.status || "failed"} | ${fmt(r.wire)} | ${fmt(r.raw)} |`);
    }
  }
  lines.push("", "</details>", "");
  lines.push(
    "How each figure is taken: **requests** and **bytes** are everything the page fetched that the bare page does not (the widget's scripts, styles, " +
      "API calls, CORS preflights, fonts, iframes), plus the snippet's own bytes in the page's HTML; " +
      b.bytesMethod +
      " **Main-thread time** is DevTools' TaskDuration (every task on the page's main thread, throttled) minus the bare page's; " +
      "**long tasks** and **TBT** (Σ of each long task's time over 50 ms) come from a `longtask` PerformanceObserver over the whole load, minus the bare page's; " +
      "**first question** is from the start of the widget's first script request to the animation frame in which the survey's first question " +
      "(\"How was your experience overall?\") is in the DOM, inside open shadow roots too, with a non-zero box and `checkVisibility()` " +
      "(Typeform: its iframe's box, since the form inside cannot load); **CLS** is Chromium's (largest session window of `layout-shift` entries " +
      `without recent input); **JS heap** is \`JSHeapUsedSize\` after a forced garbage collection, ${SETTLE_MS / 1000} s after the question showed (the load is observed until then). ` +
      "On this 2-core machine the bare page alone varies by tens of ms of blocking time: differences under ~100 ms of TBT are noise; bytes, " +
      "requests, CLS and heap are stable.",
    "",
  );
  for (const note of b.notes) lines.push(`Note: ${note}`, "");
  return lines.join("\n");
}

/** Peers whose survey renders here in full (Typeform's form cannot load offline; see its caveat). */
const RENDERING_PEERS = ["surveyjs", "formbricks"];

function goalReading(b: BrowserSection): string[] {
  const doorstep = b.pages.find((p) => p.name === "doorstep");
  const survey = b.pages.find((p) => p.name === "doorstep-survey");
  const peers = b.pages.filter((p) => PEERS.includes(p.name));
  if (!doorstep || !peers.length) return [];
  const lines: string[] = [
    "The goal (not a test): Doorstep's widget costs less than a third of the lightest peer in bytes and main-thread time while showing more. " +
      "Each line compares the Doorstep page (three views) with the lightest peer, and with the lightest peer whose survey actually renders here " +
      "(Typeform's figures are its script alone, without the form it exists to show):",
    "",
  ];
  const check = (key: MetricKey, what: string, digits: number, unit: string) => {
    const lightest = (names: string[]) => {
      const candidates = peers.filter((p) => names.includes(p.name) && p.figures[key] !== undefined);
      return candidates.length ? candidates.reduce((a, p) => (p.figures[key]!.median < a.figures[key]!.median ? p : a)) : undefined;
    };
    const ours = doorstep.figures[key]?.median;
    if (ours === undefined) return;
    const verdict = (peer: PageFigures | undefined) => {
      if (!peer) return "–";
      const theirs = peer.figures[key]!.median;
      const share = theirs > 0 ? `${fmt((ours / theirs) * 100, 0)}%` : "–";
      const met = ours <= theirs / 3;
      return `${peer.label} ${fmt(theirs, digits)} ${unit} (Doorstep is ${share} of it: ${met ? "**met**" : `**not met**, a third is ${fmt(theirs / 3, digits)} ${unit}`})`;
    };
    const any = lightest(PEERS);
    const rendering = lightest(RENDERING_PEERS);
    const oursSurvey = survey?.figures[key]?.median;
    lines.push(
      `- **${what}**: Doorstep ${fmt(ours, digits)} ${unit}${oursSurvey !== undefined ? ` (survey alone ${fmt(oursSurvey, digits)} ${unit})` : ""}. ` +
        `Lightest peer: ${verdict(any)}` +
        (rendering && rendering !== any ? `; lightest that renders its survey: ${verdict(rendering)}.` : "."),
    );
  };
  check("transferredKiB", "Bytes transferred", 1, "KiB");
  check("rawKiB", "Bytes, uncompressed", 1, "KiB");
  check("mainThreadAddedMs", "Main-thread time added", 0, "ms");
  check("longTaskAddedMs", "Long-task time added", 0, "ms");
  check("tbtAddedMs", "Total blocking time added", 0, "ms");
  return lines;
}

function renderWorker(r: Results): string {
  const lines: string[] = [];
  const load = r.worker?.load;
  if (load) {
    const [ceiling, events] = load.rows;
    lines.push(
      `### Events endpoint against the ceiling`,
      "",
      `Measured ${day(r.worker?.measuredAt)}: \`wrangler dev\` with local D1 on loopback, ${load.connections} connections, ${load.seconds} s each, ` +
        `${load.eventsPerBatch} events per request spread over 200 orders and many client addresses (autocannon; load tool and worker share the 2 cores).`,
      "",
      "| Endpoint | req/s | events/s | p50 ms | p99 ms | non-2xx |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      ...load.rows.map((x) => `| ${x.label} | ${fmt(x.requestsPerSecond)} | ${fmt(x.eventsPerSecond)} | ${x.p50} | ${x.p99} | ${x.non2xx + x.errors} |`),
      "",
    );
    if (ceiling && events) {
      lines.push(
        `The events endpoint answers ${fmt((events.requestsPerSecond / ceiling.requestsPerSecond) * 100, 0)}% of the trivial endpoint's request rate` +
          (load.events?.rows ? `; each stored event takes ${fmt(load.events.bytes / load.events.rows)} bytes of D1 storage with its indexes.` : "."),
        "",
      );
    }
  }
  const offers = r.worker?.offers;
  if (offers) {
    lines.push(
      `### Offers on a large store`,
      "",
      `${fmt(offers.size.products)} products, ${fmt(offers.size.customers)} customers, ${fmt(offers.size.orders)} orders (generated in ${fmt(offers.generateSeconds)} s), ` +
        `one request at a time for ${offers.seconds} s each:`,
      "",
      "| Endpoint | req/s | p50 ms | p99 ms | non-2xx |",
      "| --- | ---: | ---: | ---: | ---: |",
      ...offers.rows.map((x) => `| ${x.label} | ${fmt(x.requestsPerSecond)} | ${x.p50} | ${x.p99} | ${x.non2xx + x.errors} |`),
      "",
      `Goal: offers p99 ≤ 25 ms.` +
        (offers.storage ? ` The store's database is ${fmt(offers.storage.fileBytes / 1024 ** 2)} MiB: ${fmt(offers.storage.fileBytes / offers.size.orders)} bytes per order with everything kept for it (lines, token, aggregates, indexes).` : ""),
      "",
    );
  }
  if (r.worker?.platform) lines.push(...renderPlatformWebhook(r.worker.platform, fmt));
  const poll = r.poll;
  if (poll) {
    lines.push(`### Tracking page: what an idle open tab costs`, "");
    lines.push(
      "The tracking view refreshes every 10 s while visible and every 5 minutes while hidden, each a conditional GET that the worker answers " +
        "304 when nothing changed (widget/views/tracking/live-order.ts).",
      "",
    );
    if (poll.probe) {
      lines.push(
        `One refresh on the wire, from Chromium (measured ${day(poll.measuredAt)}): request ${fmt(poll.probe.requestBytes)} bytes (request line and headers, with If-None-Match), ` +
          `answer ${fmt(poll.probe.responseBytes)} bytes (status ${poll.probe.status}, headers only); it came ${fmt(poll.probe.intervalMs / 1000, 1)} s after the first read.`,
        "",
      );
    }
    lines.push(
      `In the worker (wrangler dev, local D1): one connection p50 ${poll.latency.p50} ms, p99 ${poll.latency.p99} ms ` +
        `(${fmt(poll.latency.notModified)} of ${fmt(poll.latency.total)} answered 304); 32 connections: ${fmt(poll.throughput.requestsPerSecond)} polls/s, p99 ${poll.throughput.p99} ms.`,
      "",
    );
    if (poll.perIdleHour) {
      lines.push(
        "| An open tracking tab, per idle hour | polls | bytes on the wire | D1 statements | D1 rows read | worker time (p50 × polls) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        ...poll.perIdleHour.map(
          (h) => `| ${h.tab} (every ${h.everySeconds} s) | ${fmt(h.polls)} | ${kib(h.bytes)} | ${fmt(h.d1Statements)} | ${fmt(h.d1RowsRead)} | ${fmt(h.workerMs / 1000, 1)} s |`,
        ),
        "",
        "A 304 saves the bytes, not the database: the worker reads the whole order (shipments, preference, feedback) to compute the ETag before it can answer 304. " +
          "Polling stops once every parcel is delivered.",
        "",
      );
    }
  }
  const d1 = r.d1;
  if (d1?.costs.length) {
    lines.push(
      `### What each request costs D1`,
      "",
      `Counted ${day(d1.measuredAt)} by running the worker's own app in Node against the demo store's local D1 (wrangler's getPlatformProxy; the demo's ` +
        "eight weeks of history, a few hundred orders) through a counting D1 binding: round trips (a batch is one), statements, and rows read and written as D1 " +
        "reports them; SQLite time is each statement replayed with node:sqlite on the same database file (rolled back, median of 9), summed.",
      "",
      "| Request | status | D1 round trips | statements | rows read | rows written | SQLite ms | body bytes |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...d1.costs.map(
        (c) => `| ${c.label} \`${c.method} ${c.path}\` | ${c.status} | ${c.calls} | ${c.statements} | ${fmt(c.rowsRead)} | ${fmt(c.rowsWritten)} | ${fmt(c.sqlMs, 2)} | ${fmt(c.bodyBytes)} |`,
      ),
      "",
    );
    const heavy = d1.costs.flatMap((c) => (c.heaviest ?? []).filter((h) => h.rowsRead >= 200).map((h) => ({ ...h, label: c.label })));
    const seen = new Set<string>();
    const unique = heavy.filter((h) => !seen.has(h.sql) && seen.add(h.sql));
    if (unique.length) {
      lines.push(
        "Statements that read far more rows than they return (they grow with the store, not with the order):",
        "",
        ...unique.map((h) => `- ${fmt(h.rowsRead)} rows, ${fmt(h.ms, 2)} ms, in ${h.label}: \`${h.sql}…\``),
        "",
      );
    }
  }
  return lines.join("\n");
}

export function renderMarkdown(r: Results): string {
  const lines: string[] = [];
  lines.push(
    "# Benchmarks",
    "",
    "Written by `npm run bench` (scripts/bench.ts); the same figures, with every load's sample, are in [BENCHMARKS.json](BENCHMARKS.json). " +
      `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB; Node ${r.machine.node}` +
      (r.machine.loadAtStart ? `; load average ${r.machine.loadAtStart[0]} when the last run began, ${r.machine.loadAtEnd?.[0]} when it ended (on 2 cores anything above ~0.5 is another process competing with the measurements)` : "") +
      "." +
      (r.runtimeSeconds ? ` The whole \`npm run bench\` took ${fmt(r.runtimeSeconds / 60, 1)} minutes.` : ""),
    "",
    "Nothing is fetched from outside the machine: every page, script and API answer comes from 127.0.0.1 (Chromium resolves no other name).",
    "",
  );
  if (r.browser) {
    lines.push("## The widget on a product page, beside the widgets merchants would otherwise paste", "");
    lines.push(
      "The page set lives in `bench/pages/`: the demo shop's product page (demo-store/pages/shop.ts) served as a static page by a small Node " +
        "server, once bare and once with each widget's snippet in an empty container at the top of the page. Doorstep runs on `wrangler dev` " +
        "with the demo store and its seeded orders; each peer is its published npm package (exact versions in package.json), served from " +
        "node_modules by a second local origin that stands in for the vendor's CDN. Every survey asks Doorstep's three questions " +
        "(rating 1–5; what stood out, with a text box for \"Something else\"; what they would like from the shop), one per screen.",
      "",
    );
    lines.push(renderBrowser(r.browser));
    lines.push("### Reading", "");
    lines.push(...goalReading(r.browser), "");
    lines.push(READING_MARKER, "");
  }
  if (r.widgetBudgets) {
    lines.push(
      "### Widget bytes against the budgets",
      "",
      "| What a page fetches | gzip -9 | budget | files |",
      "| --- | ---: | ---: | ---: |",
      ...r.widgetBudgets.map((b) => `| ${b.what} | ${kib(b.gzipBytes)} | ${kib(b.limitBytes)}${b.ok ? "" : " **over**"} | ${b.files} |`),
      "",
    );
  }
  if (r.worker || r.poll || r.d1) {
    lines.push("## The worker", "", renderWorker(r));
  }
  if (r.capacity) lines.push(renderCapacity(r.capacity));
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}

/** Where the hand-written part of the reading goes (scripts/bench/reading.md, kept in step with the figures). */
const READING_MARKER = "<!-- reading -->";

export function withReading(markdown: string): string {
  const file = join(ROOT, "scripts/bench/reading.md");
  if (!existsSync(file)) return markdown;
  return markdown.replace(READING_MARKER, readFileSync(file, "utf8").trim());
}
