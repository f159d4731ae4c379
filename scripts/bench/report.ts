/**
 * Turns what `npm run bench` measured into BENCHMARKS.md (the side-by-side table, the worker figures,
 * capacity on paper, and a reading of them) and BENCHMARKS.json (the same figures, machine-readable,
 * with every load's sample). A partial run (`--browser-only`, `--worker-only`) replaces only the
 * sections it measured and keeps the others from the last BENCHMARKS.json, each with its own date.
 */
import { HIDDEN_EVERY_MS, VISIBLE_EVERY_MS, WATCHED_EVERY_MS } from "../../widget/views/tracking/pace.ts";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { ROOT } from "../lib/wrangler.ts";
import type { LoadSample } from "./browser-figures.ts";
import { PROFILE, SETTLE_MS } from "./browser-figures.ts";
import type { D1Cost } from "./d1-costs.ts";
import { PAGES, WIDE, type PagesBenchResult, type PollFigures } from "./pages-bench.ts";
import { BUCKETS, type Bucket, EVENT_BUCKETS, type SkeletonProbe, TRACE_WINDOW_MS, type TracedPage } from "./trace-breakdown.ts";
import type { ViewHeight } from "./view-heights.ts";
import type { BudgetFigure } from "./widget-sizes.ts";
import type { OffersResult, WorkerLoadResult } from "./worker-load.ts";
import { renderPlatformWebhook, type PlatformWebhookResult } from "./platform-webhook.ts";
import { renderPeakMinute, type PeakFigures } from "../load/peak-minute.ts";
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
  { key: "firstPaintAddedMs", label: "First paint added (ms)", unit: "ms", digits: 0 },
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
  requestList: {
    url: string;
    method?: string;
    type: string;
    status: number;
    wire: number;
    raw: number;
    encoding?: string;
    counted: boolean;
  }[];
}

/** A page's layout shift at 1280 px (Doorstep's pages and the bare page). */
export interface WidePage {
  name: string;
  label: string;
  loads: number;
  clsAdded?: Spread;
}

export interface BrowserSection {
  measuredAt: string;
  browser: string;
  rounds: number;
  profile: typeof PROFILE;
  bytesMethod: string;
  pages: PageFigures[];
  /** The same pages' layout shift at 1280 px. */
  wide?: { viewport: { width: number; height: number }; pages: WidePage[] };
  heights?: ViewHeight[];
  traces?: TracedPage[];
  skeleton?: SkeletonProbe;
  notes: string[];
  samples: Omit<LoadSample, "requests">[];
}

export interface WorkerSection {
  measuredAt: string;
  load?: WorkerLoadResult;
  offers?: OffersResult;
  platform?: PlatformWebhookResult;
  peak?: PeakFigures;
}

export interface PollSection extends PollFigures {
  measuredAt: string;
  perIdleHour?: PollHour[];
}

export interface PollHour {
  tab: string;
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
    fcp: spread(bare.map((s) => s.fcpMs))?.median,
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
          // What the README's `blocking="render"` costs the host page: its first paint waits for doorstep.js.
          firstPaintAddedMs: per((s) => (s.fcpMs === undefined || base.fcp === undefined ? undefined : s.fcpMs - base.fcp)),
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
        .map((r) => ({
          url: r.url,
          method: r.method,
          type: r.type,
          status: r.status,
          wire: r.wire,
          raw: r.raw,
          encoding: r.encoding,
          counted: !r.unweighed,
        })),
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
    wide: result.wide && summarizeWide(result.wide),
    heights: result.heights,
    traces: result.traces,
    skeleton: result.skeleton,
    notes: result.notes,
    samples: result.samples.map(({ requests: _, ...rest }) => rest),
  };
}

/** CLS added at 1280 px, per page: each load's CLS less the bare page's median. */
function summarizeWide(samples: LoadSample[]): NonNullable<BrowserSection["wide"]> {
  const bare = spread(samples.filter((s) => s.page === "bare").map((s) => s.cls))?.median ?? 0;
  const names = [...new Set(samples.map((s) => s.page))].filter((n) => n !== "bare");
  return {
    viewport: WIDE,
    pages: names.map((name) => {
      const mine = samples.filter((s) => s.page === name && !s.timedOut);
      return {
        name,
        label: PAGES.find((p) => p.name === name)?.label ?? name,
        loads: mine.length,
        clsAdded: spread(mine.map((s) => s.cls - bare)),
      };
    }),
  };
}

/** The tracking view's refresh per idle hour, visible and hidden, from the measured poll. */
export function pollPerHour(poll: PollFigures, costs?: D1Cost[]): PollHour[] {
  const d1 = costs?.find((c) => c.label === "order poll answered 304");
  const bytes = (poll.probe?.requestBytes ?? 0) + (poll.probe?.responseBytes ?? 0);
  // The widget's own pace (widget/views/tracking/pace.ts), a parcel watched (out for delivery or due today) and not.
  return (
    [
      ["visible, a parcel out for delivery or due today", WATCHED_EVERY_MS / 1000],
      ["visible, parcels in transit", VISIBLE_EVERY_MS / 1000],
      ["hidden", HIDDEN_EVERY_MS / 1000],
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
      const method = r.method && r.method !== "GET" ? `${r.method} ` : "";
      lines.push(
        `| ${page.label} | \`${method}${path}\`${r.counted ? "" : " (stand-in, not counted)"} | ${r.type} | ${r.status || "failed"} | ${fmt(r.wire)} | ${fmt(r.raw)} |`,
      );
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
      '("How was your experience overall?") is in the DOM, inside open shadow roots too, with a non-zero box and `checkVisibility()` ' +
      "(Typeform: its iframe's box, since the form inside cannot load); **CLS** is Chromium's (largest session window of `layout-shift` entries " +
      `without recent input); **JS heap** is \`JSHeapUsedSize\` after a forced garbage collection, ${SETTLE_MS / 1000} s after the question showed (the load is observed until then). ` +
      "On this 2-core machine the bare page alone varies by tens of ms of blocking time: differences under ~100 ms of TBT are noise; bytes, " +
      "requests, CLS and heap are stable.",
    "",
  );
  for (const note of b.notes) lines.push(`Note: ${note}`, "");
  return lines.join("\n");
}

const range = (s: Spread | undefined, digits: number) =>
  s ? `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : "–";
const verdict = (met: boolean | undefined) => (met === undefined ? "**not measured**" : met ? "**met**" : "**not met**");
/** Two spreads that overlap: the difference of their medians is within this machine's noise. */
const overlap = (a?: Spread, b?: Spread) => !!a && !!b && a.min <= b.max && b.min <= a.max;

/** The scripts and API reads the views of `page` need before they paint (no events, images or preflights). */
function paintRequests(page: PageFigures): string[] {
  return page.requestList
    .filter((r) => r.method !== "OPTIONS" && (r.type === "Script" || (r.type === "Fetch" && !/\/events$/.test(new URL(r.url).pathname))))
    .map((r) => new URL(r.url).pathname.replace(/\/o\/[\w-]{20,}/, "/o/{token}") + new URL(r.url).search);
}

/** Issue 22's goals, each with this run's figures: met or not. */
function issue22Reading(b: BrowserSection, budgets?: BudgetFigure[]): string[] {
  const page = (name: string) => b.pages.find((p) => p.name === name);
  const three = page("doorstep");
  const survey = page("doorstep-survey");
  const formbricks = page("formbricks");
  if (!three || !survey || !formbricks) return [];
  const f = (p: PageFigures, key: MetricKey) => p.figures[key];
  const lines: string[] = [
    "Issue 22's goals, with this run's figures (medians, min–max in brackets; Formbricks is the lightest peer whose survey renders here):",
    "",
  ];

  // 1. Bytes
  const fb = f(formbricks, "transferredKiB")?.median ?? NaN;
  const sb = f(survey, "transferredKiB")?.median ?? NaN;
  const tb = f(three, "transferredKiB")?.median ?? NaN;
  // Not a goal of the issue's, but what most shops have: one order view on a page.
  const single = (["doorstep-confirmation", "doorstep-tracking"] as const).flatMap((name) => {
    const p = page(name);
    const kib = p && f(p, "transferredKiB")?.median;
    return p && kib !== undefined
      ? [`${p.label.replace(/^Doorstep, /, "")} ${fmt(kib, 1)} KiB (${kib <= fb / 2 ? "within" : "over"} that half)`]
      : [];
  });
  lines.push(
    `1. **Bytes.** Survey page ${fmt(sb, 1)} KiB against a third of Formbricks' ${fmt(fb, 1)} KiB, ${fmt(fb / 3, 1)} KiB: ${verdict(sb <= fb / 3)}. ` +
      `Three-view page ${fmt(tb, 1)} KiB against half, ${fmt(fb / 2, 1)} KiB: ${verdict(tb <= fb / 2)}.` +
      (single.length ? ` A page with one order view, as most shops have: ${single.join(", ")}.` : ""),
  );

  // 2. Main thread
  const main = (p: PageFigures, times: number, key: MetricKey) => {
    const ours = f(p, key);
    const theirs = f(formbricks, key);
    if (!ours || !theirs) return "–";
    const limit = { ...theirs, median: theirs.median * times, min: theirs.min * times, max: theirs.max * times };
    const noise = overlap(ours, limit) ? " (the spreads overlap: within this machine's noise)" : "";
    return `${range(ours, 0)} ms against ${times === 1 ? "Formbricks'" : "twice Formbricks',"} ${range(limit, 0)} ms: ${verdict(ours.median < limit.median)}${noise}`;
  };
  lines.push(
    `2. **Main thread.** Survey page: main-thread time added ${main(survey, 1, "mainThreadAddedMs")}; TBT added ${main(survey, 1, "tbtAddedMs")}. ` +
      `Three-view page: main-thread time added ${main(three, 2, "mainThreadAddedMs")}; TBT added ${main(three, 2, "tbtAddedMs")}.`,
  );

  // 3. Layout
  const cls = (name: string, limit: number) => {
    const phone = page(name)?.figures.clsAdded;
    const desk = b.wide?.pages.find((p) => p.name === name)?.clsAdded;
    const met = phone && desk ? phone.median <= limit + 1e-9 && desk.median <= limit + 1e-9 : undefined;
    return `${range(phone, 3)} at ${b.profile.viewport.width} px and ${range(desk, 3)} at ${b.wide?.viewport.width ?? WIDE.width} px (goal ${limit ? `≤ ${limit}` : "0"}): ${verdict(met)}`;
  };
  lines.push(
    `3. **Layout.** CLS added with no room reserved: survey page ${cls("doorstep-survey", 0.02)}; three-view page ${cls("doorstep", 0.05)}. ` +
      `With the README's room: survey page ${cls("doorstep-survey-reserved", 0)}; three-view page ${cls("doorstep-reserved", 0)}. ` +
      `What the README's tag costs for it (its first paint waits for doorstep.js), first paint added: survey page ${range(f(survey, "firstPaintAddedMs"), 0)} ms, ` +
      `three-view page ${range(f(three, "firstPaintAddedMs"), 0)} ms. ` +
      `Where \`blocking\` is not honoured (a plain \`async\` tag, no room): survey page ${range(page("doorstep-survey-async")?.figures.clsAdded, 3)} at ${b.profile.viewport.width} px.`,
  );

  // 4. Time
  const sq = f(survey, "firstQuestionMs");
  const fq = f(formbricks, "firstQuestionMs");
  lines.push(
    `4. **Time.** The survey's first question ${range(sq, 0)} ms after the script's request starts, Formbricks' ${range(fq, 0)} ms: ` +
      `${verdict(sq && fq ? sq.median <= fq.median : undefined)}${overlap(sq, fq) ? " (the spreads overlap)" : ""}.`,
  );

  // 5. Requests
  const preflights = (p: PageFigures) => p.requestList.filter((r) => r.method === "OPTIONS").length;
  const short = (u: string) => `\`${u.replace(/=[^&]{24,}/g, "=…")}\``;
  const surveyPaint = paintRequests(survey);
  const threePaint = paintRequests(three);
  const offersReads = threePaint.filter((u) => u.includes("/offers")).length;
  lines.push(
    `5. **Requests.** The survey paints from ${surveyPaint.length} requests (${surveyPaint.map(short).join(", ")}): ${verdict(surveyPaint.length <= 3)}. ` +
      `The three-view page makes ${threePaint.length} (${threePaint.map(short).join(", ")}): the loader, one module with the three views and each view's order` +
      (offersReads
        ? `, and the offers of the ${offersReads} views that show them, read beside the order (the view waits up to 800 ms for them, so nothing moves later): ` +
          `those views paint from four requests, ${verdict(false)}`
        : `: ${verdict(true)}`) +
      `. CORS preflights: ${preflights(survey)} on the survey page, ${preflights(three)} on the three-view page (goal 0): ${verdict(preflights(survey) + preflights(three) === 0)}.`,
  );

  // 6. Nothing lost
  const broken = budgets?.filter((x) => !x.ok) ?? [];
  lines.push(
    `6. **Nothing lost.** Size budgets: ${budgets ? (broken.length ? `${broken.map((x) => x.what).join(", ")} **over**` : "all held (the table below)") : "not measured"}. ` +
      "Behaviour, languages and accessibility are for the test suites to show (widget, end-to-end, axe), not this run.",
  );
  return lines;
}

/** Per Doorstep page at the phone's width: how often the loader mounted after the host's first paint, and the times. */
export function raceByPage(
  b: BrowserSection,
): { label: string; loads: number; late: number; firstPaint?: Spread; mounted?: Spread; arrived?: Spread }[] {
  return b.pages
    .filter((p) => p.name.startsWith("doorstep"))
    .map((p) => {
      const timed = b.samples.filter((s) => s.page === p.name && s.mountedMs !== undefined && s.firstPaintMs !== undefined);
      return {
        label: p.label,
        loads: timed.length,
        late: timed.filter((s) => s.mountedMs! > s.firstPaintMs!).length,
        firstPaint: spread(timed.map((s) => s.firstPaintMs)),
        mounted: spread(timed.map((s) => s.mountedMs)),
        // Reports before the script's arrival was kept have no such figure.
        arrived: spread(timed.map((s) => s.entryEndMs)),
      };
    })
    .filter((r) => r.loads > 0);
}

/** Layout shift at both widths, skeletons beside their views, and the main-thread breakdown. */
function renderLayoutAndTrace(b: BrowserSection): string {
  const lines: string[] = [];
  if (b.wide) {
    lines.push(
      `### Layout shift on a phone and at ${b.wide.viewport.width} px`,
      "",
      `CLS added (the page's CLS less the bare page's), median and min–max, at the ${b.profile.viewport.width}×${b.profile.viewport.height} phone of the table above ` +
        `and again at ${b.wide.viewport.width}×${b.wide.viewport.height} (same throttling, ${b.rounds} loads each, no warm-up). A skeleton as tall as its view holds the page still once it is up; ` +
        "what no skeleton can hold is the moment it goes up: when the host page paints before doorstep.js has run (an async script races the page's first paint), " +
        "everything below the empty element moves down by the view's height. The README's tag settles the race where the browser honours `blocking=\"render\"` " +
        '(the first paint waits for doorstep.js: "First paint added" above says what that costs); elsewhere only room given by the page itself (the README\'s CSS) does.',
      "",
      `| Page | CLS added at ${b.profile.viewport.width} px | CLS added at ${b.wide.viewport.width} px |`,
      "| --- | ---: | ---: |",
    );
    for (const w of b.wide.pages)
      lines.push(`| ${w.label} | ${range(b.pages.find((p) => p.name === w.name)?.figures.clsAdded, 3)} | ${range(w.clsAdded, 3)} |`);
    lines.push("");
    const race = raceByPage(b);
    if (race.length) {
      lines.push(
        `The race, at ${b.profile.viewport.width} px: in how many loads of each of Doorstep's pages doorstep.js mounted its first element after the host page's first paint ` +
          "(times from navigation: the page's first paint, the first mount, and when doorstep.js had arrived). " +
          "A plain async script runs when the main thread gets to it: here it arrives about when the page's stylesheet does, and the throttled main thread lays out and paints the page first.",
        "",
        "| Page | Mounted after the first paint | First paint (ms) | First mount (ms) | doorstep.js arrived (ms) |",
        "| --- | ---: | ---: | ---: | ---: |",
        ...race.map(
          (r) => `| ${r.label} | ${r.late} of ${r.loads} | ${range(r.firstPaint, 0)} | ${range(r.mounted, 0)} | ${range(r.arrived, 0)} |`,
        ),
        "",
      );
    }
  }
  if (b.heights?.length) {
    lines.push(
      "### Each view's skeleton beside the view",
      "",
      "The mount point's height while every views module is held back (the loader's skeleton) and once the view has drawn (offers and images in), " +
        "on the bench's product page, unthrottled. The skeleton's heights were measured in this Chromium for the demo store's orders and are chosen by the mount point's width (widget/loader/placeholder.ts).",
      "",
      "| View | Order | Viewport width | Skeleton (px) | Drawn (px) | Drawn − skeleton |",
      "| --- | --- | ---: | ---: | ---: | ---: |",
      ...b.heights.map(
        (h) =>
          `| ${h.view} | ${h.order} | ${h.width} | ${fmt(h.skeletonPx)} | ${fmt(h.drawnPx)} | ${h.drawnPx > h.skeletonPx ? "+" : ""}${fmt(h.drawnPx - h.skeletonPx)} |`,
      ),
      "",
    );
  }
  if (b.traces?.length) lines.push(renderTraceBreakdown(b.traces, b.skeleton));
  return lines.join("\n");
}

/**
 * The main-thread breakdown of the traced pages (trace-breakdown.ts): per category, the median and the
 * min–max over the traced loads, each page less the bare page, the scripts that ran longest, the
 * skeleton's cost while it waits, and which trace events count as which category. BENCHMARKS.md and
 * `npm run bench -- --only probes` print the same text.
 */
export function renderTraceBreakdown(traces: TracedPage[], skeleton?: SkeletonProbe): string {
  const labelOf = (name: string) => PAGES.find((p) => p.name === name)?.label ?? name;
  const bare = traces.find((t) => t.name === "bare");
  const cell = (t: TracedPage, k: Bucket | "total") => {
    const r = t.ranges?.[k];
    const ms = fmt(k === "total" ? t.totalMs : t.buckets[k]);
    return r && t.runs > 1 ? `${ms} (${fmt(r.min)}–${fmt(r.max)})` : ms;
  };
  const lines = [
    "### Where the main thread goes: a Performance-panel trace of the survey page",
    "",
    `Each page traced ${traces[0]!.runs} times with Chromium's own tracing (the Performance panel's categories, through playwright-core's \`browser.startTracing\`), ` +
      `CPU 4× and the phone network as above, from navigation to ${fmt(TRACE_WINDOW_MS / 1000, 0)} s after the page's \`load\` (the views have drawn by then; nothing of the bench's runs in the page). ` +
      "Each event's self time on the page's main thread (its duration less its children's) goes to its category (scripts/bench/trace-breakdown.ts; the events of each are listed below the table): " +
      "scripting (compile, evaluate, callbacks, microtasks, GC), style (recalculate style), layout, paint (pre-paint, paint, layerize, commit, image decode), " +
      "parsing (HTML and stylesheets), other (DevTools' System: the task runner's own time, IPC such as `Receive mojo message`, the navigation's commit, events these categories do not trace inside; the largest events are listed below the table). " +
      "Median ms with min–max in brackets, and the medians of how many frames, paints and layouts the main thread made, and of how many of those layouts " +
      "laid out the whole page (every object of the page's own frame: the host page's layouts, which a widget that changes only its own box does not cause):",
    "",
    `| Page | ${BUCKETS.join(" | ")} | total | frames | paints | layouts | whole-page layouts |`,
    `| --- |${BUCKETS.map(() => " ---: |").join("")} ---: | ---: | ---: | ---: | ---: |`,
    ...traces.map(
      (t) =>
        `| ${labelOf(t.name)} | ${BUCKETS.map((k) => cell(t, k)).join(" | ")} | ${cell(t, "total")} | ${fmt(t.counts.frames)} | ${fmt(t.counts.paints)} | ${fmt(t.counts.layouts)} | ${
          // Reports written before the count have none: fmt prints "–".
          fmt(t.counts.pageLayouts)
        } |`,
    ),
  ];
  if (bare)
    for (const t of traces.filter((x) => x.name !== "bare"))
      lines.push(
        `| *${labelOf(t.name)}, less the bare page* | ${BUCKETS.map((k) => fmt(t.buckets[k] - bare.buckets[k])).join(" | ")} | ${fmt(t.totalMs - bare.totalMs)} | | | | |`,
      );
  lines.push("");
  lines.push(
    `The largest events by self time (median ms), which say what "other" is made of: ${traces
      .map(
        (t) =>
          `${labelOf(t.name)}: ${t.top
            .slice(0, 6)
            .map((e) => `\`${e.name}\` ${fmt(e.ms)}`)
            .join(", ")}`,
      )
      .join("; ")}.`,
    "",
  );
  for (const t of traces.filter((x) => x.name !== "bare")) {
    const top = t.scripts.slice(0, 4).map((s) => `${s.script} ${fmt(s.ms)} ms`);
    if (top.length) lines.push(`JavaScript by script, ${labelOf(t.name)} (the V8 sampler's self time): ${top.join(", ")}.`, "");
  }
  if (skeleton)
    lines.push(
      `The loading skeleton while it waits (the three-view page with every views module held back, traced ${skeleton.seconds} s at 4×): ` +
        `${skeleton.animations} animations running (the skeletons' opacity pulse), ${fmt(skeleton.paints)} paints and ${fmt(skeleton.frames)} main-thread frames, ` +
        `${fmt(skeleton.mainThreadMs, 1)} ms of main-thread time in all.`,
      "",
    );
  const eventsOf = (k: Bucket) =>
    Object.keys(EVENT_BUCKETS)
      .filter((e) => EVENT_BUCKETS[e] === k)
      .map((e) => `\`${e}\``);
  lines.push(
    "<details><summary>Which trace events count as which category</summary>",
    "",
    ...BUCKETS.filter((k) => k !== "other").map((k) => `- ${k}: ${eventsOf(k).join(", ")}`),
    `- other: ${[...eventsOf("other"), "the task runner's own time (`RunTask` and the like)"].join(", ")}. An event not listed takes its parent's category, and with none, other.`,
    "",
    "</details>",
    "",
  );
  return lines.join("\n");
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
      ...load.rows.map(
        (x) => `| ${x.label} | ${fmt(x.requestsPerSecond)} | ${fmt(x.eventsPerSecond)} | ${x.p50} | ${x.p99} | ${x.non2xx + x.errors} |`,
      ),
      "",
    );
    if (ceiling && events) {
      lines.push(
        `The events endpoint answers ${fmt((events.requestsPerSecond / ceiling.requestsPerSecond) * 100, 0)}% of the trivial endpoint's request rate` +
          (load.events?.rows
            ? `; each stored event takes ${fmt(load.events.bytes / load.events.rows)} bytes of D1 storage with its indexes.`
            : "."),
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
        (offers.storage
          ? ` The store's database is ${fmt(offers.storage.fileBytes / 1024 ** 2)} MiB: ${fmt(offers.storage.fileBytes / offers.size.orders)} bytes per order with everything kept for it (lines, token, aggregates, indexes).`
          : ""),
      "",
    );
  }
  if (r.worker?.platform) lines.push(...renderPlatformWebhook(r.worker.platform, fmt));
  if (r.worker?.peak) lines.push(...renderPeakMinute(r.worker.peak, fmt));
  const poll = r.poll;
  if (poll) {
    lines.push(`### Tracking page: what an idle open tab costs`, "");
    lines.push(
      `The tracking view refreshes every ${WATCHED_EVERY_MS / 1000} s while a parcel is out for delivery or due today, every ${VISIBLE_EVERY_MS / 1000} s otherwise, ` +
        `and every ${HIDDEN_EVERY_MS / 60_000} minutes while hidden, each a conditional GET that the worker answers ` +
        "304 when nothing changed (widget/views/tracking/pace.ts, live-order.ts).",
      "",
    );
    if (poll.probe) {
      lines.push(
        `A refresh on the wire, from Chromium (measured ${day(poll.measuredAt)}), the tab's second: request ${fmt(poll.probe.requestBytes)} bytes (request line and headers, with If-None-Match), ` +
          `answer ${fmt(poll.probe.responseBytes)} bytes (status ${poll.probe.status}${poll.probe.status === 304 ? ", headers only" : ""}); it came ${fmt(poll.probe.intervalMs / 1000, 1)} s after the first.` +
          (poll.probe.first
            ? ` The first (${fmt(poll.probe.first.afterMs / 1000, 1)} s after the page's read) had nothing to revalidate, since that read came with the view's offers, which no cache keeps: ` +
              `status ${poll.probe.first.status}, ${fmt(poll.probe.first.requestBytes + poll.probe.first.responseBytes)} bytes both ways, once per page; the table counts the refreshes after it.`
            : ""),
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
          (h) =>
            `| ${h.tab} (every ${h.everySeconds} s) | ${fmt(h.polls)} | ${kib(h.bytes)} | ${fmt(h.d1Statements)} | ${fmt(h.d1RowsRead)} | ${fmt(h.workerMs / 1000, 1)} s |`,
        ),
        "",
        "A 304 is answered from the order's and store's view versions: one indexed statement, nothing of the order read (issue 23). " +
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
        (c) =>
          `| ${c.label} \`${c.method} ${c.path}\` | ${c.status} | ${c.calls} | ${c.statements} | ${fmt(c.rowsRead)} | ${fmt(c.rowsWritten)} | ${fmt(c.sqlMs, 2)} | ${fmt(c.bodyBytes)} |`,
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
      (r.machine.loadAtStart
        ? `; load average ${r.machine.loadAtStart[0]} when the last run began, ${r.machine.loadAtEnd?.[0]} when it ended (on 2 cores anything above ~0.5 is another process competing with the measurements)`
        : "") +
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
        '(rating 1–5; what stood out, with a text box for "Something else"; what they would like from the shop), one per screen.',
      "",
    );
    lines.push(renderBrowser(r.browser));
    lines.push(renderLayoutAndTrace(r.browser));
    lines.push("### Reading", "");
    lines.push(...issue22Reading(r.browser, r.widgetBudgets), "");
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
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

/** Where the hand-written part of the reading goes (scripts/bench/reading.md, kept in step with the figures). */
const READING_MARKER = "<!-- reading -->";

export function withReading(markdown: string): string {
  const file = join(ROOT, "scripts/bench/reading.md");
  if (!existsSync(file)) return markdown;
  return markdown.replace(READING_MARKER, readFileSync(file, "utf8").trim());
}
