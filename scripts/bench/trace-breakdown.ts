/**
 * Where a page's main-thread time goes, as the Performance panel's summary shows it: one load traced
 * with Chromium's own tracing (playwright-core's `browser.startTracing`, the categories DevTools
 * records), under the same throttling as the side-by-side loads, and the renderer main thread's time
 * split by what it did. Each trace event's self time (its duration less its children's) goes to its
 * category: scripting (compile, evaluate, callbacks, GC), style (recalculate style), layout, paint and
 * composite (pre-paint, paint, layerize, commit, image decode), parsing (HTML, stylesheets), and other
 * (the task runner's own bookkeeping and events DevTools leaves uncategorised). Scripting is also split
 * by the script it ran (the URL on the evaluate/compile/call event, or on its nearest ancestor).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { PROFILE, type PageSpec } from "./browser-figures.ts";

/** What the Performance panel records (its own list, without screenshots and with the JS sampler). */
export const TRACE_CATEGORIES = [
  "-*",
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "v8.execute",
  "blink.user_timing",
  "loading",
  "toplevel",
  "disabled-by-default-v8.cpu_profiler",
];

export const BUCKETS = ["scripting", "style", "layout", "paint", "parsing", "other"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Which trace event counts as which bucket (by name; an unlisted event takes its parent's bucket, else "other"). */
export const EVENT_BUCKETS: Record<string, Bucket> = {
  // Scripting
  EvaluateScript: "scripting",
  "v8.compile": "scripting",
  "v8.compileModule": "scripting",
  "v8.evaluateModule": "scripting",
  "v8.produceModuleCache": "scripting",
  "v8.produceCache": "scripting",
  "V8.CompileCode": "scripting",
  "V8.CompileLazy": "scripting",
  "v8.run": "scripting",
  "v8.callFunction": "scripting",
  FunctionCall: "scripting",
  TimerFire: "scripting",
  EventDispatch: "scripting",
  FireAnimationFrame: "scripting",
  FireIdleCallback: "scripting",
  RunMicrotasks: "scripting",
  "V8.Execute": "scripting",
  XHRReadyStateChange: "scripting",
  XHRLoad: "scripting",
  MinorGC: "scripting",
  MajorGC: "scripting",
  "V8.GC_SCAVENGER": "scripting",
  "V8.GC_MARK_COMPACTOR": "scripting",
  BlinkGC: "scripting",
  "BlinkGC.AtomicPhase": "scripting",
  "CppGC.IncrementalSweep": "scripting",
  "V8.GCScavenger": "scripting",
  "V8.GCIncrementalMarking": "scripting",
  "V8.GCFinalizeMC": "scripting",
  "V8.GCCompactor": "scripting",
  "ThreadState::performIdleLazySweep": "scripting",
  "v8.parseOnBackground": "scripting",
  "V8.ScriptCompiler": "scripting",
  ResourceReceivedData: "other",
  // Style
  UpdateLayoutTree: "style",
  RecalculateStyles: "style",
  ScheduleStyleRecalculation: "style",
  "StyleEngine::UpdateActiveStyle": "style",
  ParseAuthorStyleSheet: "parsing",
  // Layout
  Layout: "layout",
  InvalidateLayout: "layout",
  "LocalFrameView::layout": "layout",
  HitTest: "layout",
  "IntersectionObserverController::computeIntersections": "layout",
  ComputeIntersections: "layout",
  // Paint and composite
  PrePaint: "paint",
  Paint: "paint",
  PaintImage: "paint",
  PaintSetup: "paint",
  Layerize: "paint",
  UpdateLayer: "paint",
  UpdateLayerTree: "paint",
  CompositeLayers: "paint",
  Commit: "paint",
  "Decode Image": "paint",
  DecodeImage: "paint",
  ImageDecodeTask: "paint",
  RasterTask: "paint",
  "Draw LazyPixelRef": "paint",
  // Parsing
  ParseHTML: "parsing",
};

/** Events that are the task runner itself: their own time is "other", their children keep theirs. */
const RUNNERS = new Set(["RunTask", "ThreadControllerImpl::RunTask", "ThreadPool_RunTask", "TaskQueueManager::ProcessTaskFromWorkQueue"]);

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: { nodes?: { id: number; callFrame: { url: string; functionName: string } }[]; samples?: number[] };
      timeDeltas?: number[];
    };
    beginData?: { url?: string; frame?: string; dirtyObjects?: number; totalObjects?: number };
  };
}

/**
 * A layout of the whole page: every layout object of the page's own frame laid out (none kept from
 * before), in a frame of at least this many objects (an SVG image is a frame of its own, of ten or so).
 */
const WHOLE_PAGE_OBJECTS = 50;

export interface TraceBreakdown {
  /** Milliseconds of main-thread self time per bucket, from navigation start to the end of the trace. */
  buckets: Record<Bucket, number>;
  /** JavaScript time per script (its path; the V8 sampler's view, GC and engine internals by name), largest first. */
  scripts: { script: string; ms: number }[];
  /**
   * How often the main thread laid out, recalculated style and painted; `pageLayouts`: how many of the
   * layouts laid out the whole page (the host's own: a widget that changes only its box never causes one).
   */
  counts: { layouts: number; styleRecalcs: number; paints: number; frames: number; pageLayouts: number };
  /** The biggest single events (name, self ms), for the curious. */
  top: { name: string; ms: number }[];
  totalMs: number;
}

/**
 * The renderer main thread of the page's own process: the CrRendererMain that parsed the page's HTML,
 * or (a trace without the navigation in it) the busiest CrRendererMain.
 */
function mainThread(events: TraceEvent[], pageUrl: string): { pid: number; tid: number; frame?: string } | undefined {
  const parse = pageUrl ? events.find((e) => e.name === "ParseHTML" && (e.args?.beginData?.url ?? "").startsWith(pageUrl)) : undefined;
  if (parse) return { pid: parse.pid, tid: parse.tid, frame: parse.args?.beginData?.frame };
  const mains = events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const busy = (t: TraceEvent) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === "X").length;
  const best = mains.reduce<TraceEvent | undefined>((a, t) => (!a || busy(t) > busy(a) ? t : a), undefined);
  return best && { pid: best.pid, tid: best.tid };
}

/** Folds one trace into the buckets: self time of every complete event on the page's main thread. */
export function breakdown(trace: { traceEvents: TraceEvent[] } | TraceEvent[], pageUrl: string): TraceBreakdown {
  const all = Array.isArray(trace) ? trace : trace.traceEvents;
  const thread = mainThread(all, pageUrl);
  const buckets = Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
  const scripts = new Map<string, number>();
  const selfByName = new Map<string, number>();
  const counts = { layouts: 0, styleRecalcs: 0, paints: 0, frames: 0, pageLayouts: 0 };
  if (!thread) return { buckets, scripts: [], counts, top: [], totalMs: 0 };

  // Complete events, and begin/end pairs made complete, on that thread, sorted outermost first.
  const mine = all.filter((e) => e.pid === thread.pid && e.tid === thread.tid);
  const spans: { name: string; start: number; end: number }[] = [];
  const nodes = new Map<number, string>();
  const open = new Map<string, TraceEvent[]>();
  for (const e of mine) {
    if (e.ph === "X" && e.dur !== undefined) spans.push({ name: e.name, start: e.ts, end: e.ts + e.dur });
    else if (e.ph === "B") open.set(e.name, [...(open.get(e.name) ?? []), e]);
    else if (e.ph === "E") {
      const begin = open.get(e.name)?.pop();
      if (begin) spans.push({ name: e.name, start: begin.ts, end: e.ts });
    }
    if (e.name === "Layout" && (e.ph === "X" || e.ph === "B")) {
      counts.layouts++;
      const begin = e.args?.beginData;
      const total = begin?.totalObjects ?? 0;
      if ((!thread.frame || begin?.frame === thread.frame) && total >= WHOLE_PAGE_OBJECTS && begin?.dirtyObjects === total)
        counts.pageLayouts++;
    }
    if (e.name === "UpdateLayoutTree" && (e.ph === "X" || e.ph === "B")) counts.styleRecalcs++;
    if (e.name === "Paint" && (e.ph === "X" || e.ph === "B")) counts.paints++;
  }
  counts.frames = all.filter((e) => e.name === "BeginMainThreadFrame" && e.pid === thread.pid).length;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);

  // A stack walk: each span's self time is its length less its direct children's.
  type Frame = { name: string; start: number; end: number; child: number; bucket: Bucket };
  const stack: Frame[] = [];
  const close = (f: Frame) => {
    const self = Math.max(0, f.end - f.start - f.child) / 1000;
    buckets[f.bucket] += self;
    selfByName.set(f.name, (selfByName.get(f.name) ?? 0) + self);
  };
  for (const s of spans) {
    while (stack.length && stack.at(-1)!.end <= s.start) close(stack.pop()!);
    const parent = stack.at(-1);
    // A span that starts inside its parent but outlasts it (clock rounding) is cut at the parent's end.
    const end = parent ? Math.min(s.end, parent.end) : s.end;
    if (parent) parent.child += end - s.start;
    const bucket: Bucket = RUNNERS.has(s.name) ? "other" : (EVENT_BUCKETS[s.name] ?? parent?.bucket ?? "other");
    stack.push({ name: s.name, start: s.start, end, child: 0, bucket });
  }
  while (stack.length) close(stack.pop()!);

  // JavaScript by script: the V8 sampler's samples of that thread (its chunks come from the sampler's own
  // thread, tied to the thread's Profile event by id), each worth the time to the next.
  const profiles = new Set(mine.filter((e) => e.name === "Profile").map((e) => e.id));
  for (const chunk of all.filter((e) => e.name === "ProfileChunk" && e.pid === thread.pid && profiles.has(e.id))) {
    const profile = chunk.args?.data?.cpuProfile;
    const deltas = chunk.args?.data?.timeDeltas ?? [];
    for (const node of profile?.nodes ?? []) nodes.set(node.id, scriptName(node.callFrame.url) ?? node.callFrame.functionName);
    (profile?.samples ?? []).forEach((id, i) => {
      const name = nodes.get(id) ?? "?";
      // The next sample's delta is this one's length.
      const ms = (deltas[i + 1] ?? 0) / 1000;
      if (name !== "(idle)" && name !== "(root)" && name !== "(program)") scripts.set(name, (scripts.get(name) ?? 0) + ms);
    });
  }

  const totalMs = BUCKETS.reduce((sum, b) => sum + buckets[b], 0);
  return {
    buckets,
    scripts: [...scripts].map(([script, ms]) => ({ script, ms })).sort((a, b) => b.ms - a.ms),
    counts,
    top: [...selfByName]
      .map(([name, ms]) => ({ name, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12),
    totalMs,
  };
}

/** A script URL as a short name: its path (`/views/feedback.js`); the page's own inline code as such. */
function scriptName(url?: string): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.pathname.startsWith("/pages/")) return "(the page's HTML and inline code)";
    return u.pathname.replace(/^\/npm\//, "");
  } catch {
    return undefined;
  }
}

/** How long a traced load is recorded after the page's `load` event (the views draw within it). */
export const TRACE_WINDOW_MS = Number(process.env.BENCH_TRACE_WINDOW_MS ?? 5000);

/**
 * One traced load of `spec`, throttled like the side-by-side loads (CPU 4×, the phone network), recorded
 * until TRACE_WINDOW_MS after the page's `load` event. Nothing of the bench's own runs in the page (no
 * observers, no polling for the question), so all the main thread does is the page's and the widget's.
 */
export async function traceLoad(browser: Browser, spec: PageSpec): Promise<TraceBreakdown> {
  const context = await browser.newContext({
    viewport: PROFILE.viewport,
    locale: "en-US",
    timezoneId: "America/New_York",
    reducedMotion: "no-preference",
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: PROFILE.cpuSlowdown });
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: PROFILE.latencyMs,
      downloadThroughput: (PROFILE.downloadKbps * 1000) / 8,
      uploadThroughput: (PROFILE.uploadKbps * 1000) / 8,
    });
    let trace: { traceEvents: TraceEvent[] } = { traceEvents: [] };
    await browser.startTracing(page, { categories: TRACE_CATEGORIES, screenshots: false });
    try {
      await page.goto(spec.url, { waitUntil: "load", timeout: 120_000 });
      await page.waitForTimeout(TRACE_WINDOW_MS);
    } finally {
      const raw = await browser.stopTracing();
      trace = JSON.parse(raw.toString("utf8")) as typeof trace;
      // BENCH_TRACE_DIR keeps each trace as recorded: the Performance panel opens it, with the JS
      // sampler's bottom-up view by function that this breakdown does not print.
      if (process.env.BENCH_TRACE_DIR) keepTrace(process.env.BENCH_TRACE_DIR, spec.url, raw);
    }
    return breakdown(trace, spec.url);
  } finally {
    await context.close();
  }
}

let kept = 0;
/** Writes one trace as `<page>-<n>.json` under `dir`. */
function keepTrace(dir: string, url: string, raw: Buffer) {
  mkdirSync(dir, { recursive: true });
  const page = new URL(url).pathname.replace(/[^a-z0-9-]+/gi, "-").replace(/^-+|-+$/g, "") || "page";
  writeFileSync(join(dir, `${page}-${++kept}.json`), raw);
}

/** Median per bucket (and per script) over several traced loads of each page. */
export interface TracedPage {
  name: string;
  label: string;
  runs: number;
  buckets: Record<Bucket, number>;
  totalMs: number;
  /** The lowest and highest of each bucket, and of the total, over the runs (absent in reports before it). */
  ranges?: Record<Bucket | "total", { min: number; max: number }>;
  scripts: { script: string; ms: number }[];
  counts: TraceBreakdown["counts"];
  top: { name: string; ms: number }[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length ? (s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) : 0;
};

export function summarizeTraces(name: string, label: string, runs: TraceBreakdown[]): TracedPage {
  const scriptNames = [...new Set(runs.flatMap((r) => r.scripts.map((s) => s.script)))];
  const topNames = [...new Set(runs.flatMap((r) => r.top.map((s) => s.name)))];
  return {
    name,
    label,
    runs: runs.length,
    buckets: Object.fromEntries(BUCKETS.map((b) => [b, median(runs.map((r) => r.buckets[b]))])) as Record<Bucket, number>,
    totalMs: median(runs.map((r) => r.totalMs)),
    ranges: runs.length
      ? (Object.fromEntries(
          [...BUCKETS, "total" as const].map((b) => {
            const xs = runs.map((r) => (b === "total" ? r.totalMs : r.buckets[b]));
            return [b, { min: Math.min(...xs), max: Math.max(...xs) }];
          }),
        ) as Record<Bucket | "total", { min: number; max: number }>)
      : undefined,
    scripts: scriptNames
      .map((script) => ({ script, ms: median(runs.map((r) => r.scripts.find((s) => s.script === script)?.ms ?? 0)) }))
      .filter((s) => s.ms >= 0.5)
      .sort((a, b) => b.ms - a.ms),
    counts: {
      layouts: median(runs.map((r) => r.counts.layouts)),
      styleRecalcs: median(runs.map((r) => r.counts.styleRecalcs)),
      paints: median(runs.map((r) => r.counts.paints)),
      frames: median(runs.map((r) => r.counts.frames)),
      pageLayouts: median(runs.map((r) => r.counts.pageLayouts)),
    },
    top: topNames
      .map((n) => ({ name: n, ms: median(runs.map((r) => r.top.find((s) => s.name === n)?.ms ?? 0)) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10),
  };
}

/** Traces every page `runs` times (rotating the order each round) in one browser. */
export async function tracePages(
  browser: Browser,
  specs: PageSpec[],
  runs: number,
  log: (line: string) => void = () => {},
): Promise<TracedPage[]> {
  const results = new Map<string, TraceBreakdown[]>(specs.map((s) => [s.name, []]));
  for (let round = 0; round < runs; round++) {
    for (const spec of specs.map((_, i) => specs[(i + round) % specs.length]!)) {
      const b = await traceLoad(browser, spec);
      results.get(spec.name)!.push(b);
      log(
        `trace ${round + 1}/${runs} ${spec.name.padEnd(16)} main thread ${b.totalMs.toFixed(0)} ms (${BUCKETS.map((k) => `${k} ${b.buckets[k].toFixed(0)}`).join(", ")})`,
      );
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return specs.map((s) => summarizeTraces(s.name, s.label, results.get(s.name)!));
}

export interface SkeletonProbe {
  seconds: number;
  /** Animations running in the mount points' shadow roots (the skeleton's pulse). */
  animations: number;
  mainThreadMs: number;
  paints: number;
  frames: number;
}

/**
 * What the loading skeleton costs the main thread while it waits: the page with every views module
 * held back (the skeletons stay), traced for a few seconds under the same 4× CPU throttle.
 */
export async function probeHeldSkeleton(browser: Browser, url: string, seconds = 3): Promise<SkeletonProbe> {
  const context = await browser.newContext({ viewport: PROFILE.viewport, locale: "en-US", reducedMotion: "no-preference" });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: PROFILE.cpuSlowdown });
    await page.route("**/views/*.js", () => {});
    await page.goto(url, { waitUntil: "load" });
    await page.waitForTimeout(500);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES, screenshots: false });
    await page.waitForTimeout(seconds * 1000);
    const trace = JSON.parse((await browser.stopTracing()).toString("utf8")) as { traceEvents: TraceEvent[] };
    const animations = await page.evaluate(() =>
      [...document.querySelectorAll("[data-doorstep]")].reduce((n, el) => n + (el.shadowRoot?.getAnimations().length ?? 0), 0),
    );
    // The page's main thread, found by its pid (no navigation inside the traced window).
    const b = breakdown(trace, "");
    return { seconds, animations, mainThreadMs: b.totalMs, paints: b.counts.paints, frames: b.counts.frames };
  } finally {
    await context.close();
  }
}
