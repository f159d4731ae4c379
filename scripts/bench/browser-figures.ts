/**
 * What a widget costs the page it is pasted into, measured in headless Chromium (Debian's) the way
 * shared/BENCH-METHOD.md describes: a fresh browser context per load, CPU throttled 4× and the network
 * shaped to a mid-range phone over the DevTools protocol, observers installed before any page script,
 * one warm-up round, then N rounds with the page order rotated each round.
 *
 * Per load: every request the page makes (DevTools Network events: decoded body bytes and bytes on the
 * wire, headers included), long tasks and layout shifts (PerformanceObserver, buffered), the moment the
 * survey's first question is visible (its text in the DOM, inside open shadow roots too, with a non-zero
 * box and `checkVisibility()`; for Typeform, whose form is a cross-origin iframe, the iframe's box), and
 * the JS heap after a forced garbage collection.
 */
import type { Browser } from "playwright-core";
import { launchChromium } from "../lib/chromium.ts";

/** Lighthouse's mobile profile: "slow 4G" on a mid-range phone. */
export const PROFILE = {
  cpuSlowdown: 4,
  latencyMs: 150,
  downloadKbps: 1600,
  uploadKbps: 750,
  viewport: { width: 390, height: 844 },
};

/** How long after the first question shows (or the bare page's load) a load keeps being observed. */
export const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 2000);
/** A widget that has not shown its first question by then is recorded as timed out. */
const VISIBLE_TIMEOUT_MS = 20_000;

export interface PageSpec {
  name: string;
  label: string;
  url: string;
  /** A substring of the widget's first script URL: "script start" is when its request starts. */
  entry?: string;
  /** What "first question visible" looks for inside `#bench-widget`. */
  target?: { text: string } | { iframe: true };
  /** Requests whose bytes are not the widget's (stand-ins for vendor servers): counted, not weighed. */
  unweighed?: (url: string) => boolean;
  /** Emulate `prefers-reduced-motion: reduce` (for checking what animations cost). */
  reducedMotion?: boolean;
}

export interface RequestRecord {
  url: string;
  /** GET, POST, OPTIONS (a CORS preflight)… */
  method?: string;
  type: string;
  status: number;
  /** The host page's own (its document, stylesheet, images). */
  host: boolean;
  unweighed: boolean;
  /** Decoded body bytes. */
  raw: number;
  /** Bytes on the wire (compressed body and headers), as DevTools counts them. */
  wire: number;
  encoding?: string;
  failed?: string;
}

export interface LoadSample {
  page: string;
  round: number;
  requests: RequestRecord[];
  /** The widget's share: requests and bytes that are not the host page's, plus its snippet in the HTML. */
  widgetRequests: number;
  widgetRaw: number;
  widgetWire: number;
  /** Requests to anything outside loopback (refused by the browser's resolver rules). */
  external: string[];
  longTaskMs: number;
  tbtMs: number;
  cls: number;
  heapBytes: number;
  /** Main-thread time from DevTools' Performance.getMetrics (all tasks, script, layout), ms. */
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  fcpMs?: number;
  /** The host page's first paint, and when the widget first attached a shadow root (its first mount). */
  firstPaintMs?: number;
  mountedMs?: number;
  entryStartMs?: number;
  /** When the widget's script had arrived (its resource timing's responseEnd), from navigation. */
  entryEndMs?: number;
  /** From the widget script's request start to the frame that shows the first question. */
  firstQuestionMs?: number;
  /** For Doorstep: when each view said `doorstep:ready`, from the script's request start. */
  readyMs?: Record<string, number>;
  timedOut: boolean;
}

interface PageData {
  /** When the widget first attached a shadow root (Doorstep's loader mounting its first element). */
  mounted?: number;
  longTasks: [number, number][];
  shifts: [number, number][];
  found: number | null;
  ready: [string, number][];
  windowEnd: number;
  entryStart?: number;
  entryEnd?: number;
  fcp?: number;
  fp?: number;
}

/** Installed before any page script: observers, and a per-frame check for the first question. */
function initScript(config: { text?: string; iframe?: boolean; timeoutMs: number }): string {
  return `(() => {
  const cfg = ${JSON.stringify(config)};
  const b = (window.__bench = { longTasks: [], shifts: [], found: null, ready: [], mounted: undefined });
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longTasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true }); } catch {}
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) b.shifts.push([e.startTime, e.value]); }).observe({ type: "layout-shift", buffered: true }); } catch {}
  addEventListener("doorstep:ready", (e) => b.ready.push([(e.detail && e.detail.view) || "?", performance.now()]), true);
  let done;
  b.done = new Promise((r) => (done = r));
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const search = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === 3) {
        if (n.data.includes(cfg.text) && n.parentElement && visible(n.parentElement)) return true;
      } else if (n.shadowRoot && search(n.shadowRoot)) return true;
    }
    return false;
  };
  // Checked in the animation frame after each DOM change (in the page or any shadow root), so the
  // check adds no frames of its own, and every 250 ms in case only styles changed. The time kept is
  // that frame's: the one that paints the question.
  let queued = false;
  let finished = false;
  const check = () => {
    queued = false;
    if (finished) return;
    const box = document.getElementById("bench-widget");
    const ok = !!box && (cfg.iframe ? [...box.querySelectorAll("iframe")].some(visible) : search(box));
    if (ok) { finished = true; b.found = performance.now(); observer.disconnect(); clearInterval(timer); return done(); }
    if (performance.now() > cfg.timeoutMs) { finished = true; observer.disconnect(); clearInterval(timer); return done(); }
  };
  const queue = () => { if (!queued && !finished) { queued = true; requestAnimationFrame(check); } };
  const observer = new MutationObserver(queue);
  let timer;
  if (cfg.text || cfg.iframe) {
    observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      if (b.mounted === undefined) b.mounted = performance.now();
      const root = attach.call(this, init);
      if (!finished) observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
      return root;
    };
    timer = setInterval(queue, 250);
  } else addEventListener("load", () => done());
})();`;
}

/** CLS as Chromium defines it: the largest session window (gaps < 1 s, at most 5 s long). */
export function cumulativeLayoutShift(shifts: [number, number][]): number {
  let best = 0;
  let current = 0;
  let windowStart = -Infinity;
  let last = -Infinity;
  for (const [at, value] of [...shifts].sort((a, b) => a[0] - b[0])) {
    if (at - last > 1000 || at - windowStart > 5000) {
      current = 0;
      windowStart = at;
    }
    current += value;
    last = at;
    best = Math.max(best, current);
  }
  return best;
}

export const launch = (): Promise<Browser> => launchChromium();

/** One load of one page in a fresh context. */
export async function measureLoad(
  browser: Browser,
  spec: PageSpec,
  round: number,
  options: { throttle?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<LoadSample> {
  const throttle = options.throttle ?? true;
  const context = await browser.newContext({
    viewport: options.viewport ?? PROFILE.viewport,
    locale: "en-US",
    timezoneId: "America/New_York",
    reducedMotion: spec.reducedMotion ? "reduce" : "no-preference",
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const shopOrigin = new URL(spec.url).origin;
    const requests = new Map<string, RequestRecord>();
    cdp.on("Network.requestWillBeSent", (e) => {
      if (!/^https?:/.test(e.request.url)) return;
      const url = new URL(e.request.url);
      const host = url.origin === shopOrigin;
      // A redirect reuses the id: the earlier hop stays recorded under a new key.
      const earlier = requests.get(e.requestId);
      if (earlier) requests.set(`${e.requestId}:${requests.size}`, earlier);
      requests.set(e.requestId, {
        url: e.request.url,
        method: e.request.method,
        type: e.type ?? "Other",
        status: 0,
        host,
        unweighed: spec.unweighed?.(e.request.url) ?? false,
        raw: 0,
        wire: 0,
      });
    });
    cdp.on("Network.responseReceived", (e) => {
      const r = requests.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      const encoding = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === "content-encoding")?.[1];
      if (encoding) r.encoding = String(encoding);
    });
    cdp.on("Network.dataReceived", (e) => {
      const r = requests.get(e.requestId);
      if (r) r.raw += e.dataLength;
    });
    cdp.on("Network.loadingFinished", (e) => {
      const r = requests.get(e.requestId);
      if (r) r.wire = e.encodedDataLength;
    });
    cdp.on("Network.loadingFailed", (e) => {
      const r = requests.get(e.requestId);
      if (r) r.failed = e.blockedReason ?? e.errorText;
    });
    await cdp.send("Network.enable");
    await cdp.send("Performance.enable");
    if (throttle) {
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: PROFILE.cpuSlowdown });
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: PROFILE.latencyMs,
        downloadThroughput: (PROFILE.downloadKbps * 1000) / 8,
        uploadThroughput: (PROFILE.uploadKbps * 1000) / 8,
      });
    }
    const target = spec.target;
    await page.addInitScript({
      content: initScript({
        text: target && "text" in target ? target.text : undefined,
        iframe: !!target && "iframe" in target,
        timeoutMs: VISIBLE_TIMEOUT_MS,
      }),
    });
    await page.goto(spec.url, { waitUntil: "load", timeout: 120_000 });
    await page.evaluate(() => (window as unknown as { __bench: { done: Promise<void> } }).__bench.done);
    await page.waitForTimeout(SETTLE_MS);
    const data = await page.evaluate((entry): PageData => {
      const b = (window as unknown as { __bench: Omit<PageData, "windowEnd"> }).__bench;
      const script = entry
        ? (performance.getEntriesByType("resource").find((e) => e.name.includes(entry)) as PerformanceResourceTiming | undefined)
        : undefined;
      const start = script?.startTime;
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime;
      const fp = performance.getEntriesByName("first-paint")[0]?.startTime;
      return {
        longTasks: b.longTasks,
        shifts: b.shifts,
        found: b.found,
        ready: b.ready,
        mounted: b.mounted,
        windowEnd: performance.now(),
        entryStart: start,
        entryEnd: script?.responseEnd,
        fcp,
        fp,
      };
    }, spec.entry);
    const before = (await cdp.send("Performance.getMetrics")).metrics;
    const metric = (list: typeof before, name: string) => list.find((m) => m.name === name)?.value ?? 0;
    await cdp.send("HeapProfiler.collectGarbage");
    const heapBytes = metric((await cdp.send("Performance.getMetrics")).metrics, "JSHeapUsedSize");

    const all = [...requests.values()];
    const external = all.filter((r) => !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(r.url)).map((r) => r.url);
    const widget = all.filter((r) => !r.host);
    const weighed = widget.filter((r) => !r.unweighed);
    const tbt = data.longTasks.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
    const entry = data.entryStart;
    const readyMs: Record<string, number> = {};
    for (const [view, at] of data.ready) if (entry !== undefined && !(view in readyMs)) readyMs[view] = at - entry;
    return {
      page: spec.name,
      round,
      requests: all,
      widgetRequests: widget.length,
      widgetRaw: weighed.reduce((s, r) => s + r.raw, 0),
      widgetWire: weighed.reduce((s, r) => s + r.wire, 0),
      external,
      longTaskMs: data.longTasks.reduce((s, [, d]) => s + d, 0),
      tbtMs: tbt,
      cls: cumulativeLayoutShift(data.shifts),
      heapBytes,
      taskMs: metric(before, "TaskDuration") * 1000,
      scriptMs: metric(before, "ScriptDuration") * 1000,
      layoutMs: (metric(before, "LayoutDuration") + metric(before, "RecalcStyleDuration")) * 1000,
      fcpMs: data.fcp,
      firstPaintMs: data.fp,
      mountedMs: data.mounted,
      entryStartMs: entry,
      entryEndMs: data.entryEnd,
      firstQuestionMs: data.found !== null && entry !== undefined ? data.found - entry : undefined,
      readyMs: Object.keys(readyMs).length ? readyMs : undefined,
      timedOut: !!target && data.found === null,
    };
  } finally {
    await context.close();
  }
}

/**
 * `rounds` measured rounds after one warm-up round, every page once per round, the order rotated by
 * one each round; a short pause between loads.
 */
export async function measurePages(
  specs: PageSpec[],
  rounds: number,
  log: (line: string) => void = () => {},
  options: { viewport?: { width: number; height: number }; warmUp?: boolean } = {},
): Promise<{ samples: LoadSample[]; version: string }> {
  const browser = await launch();
  const version = browser.version();
  const samples: LoadSample[] = [];
  try {
    for (let round = options.warmUp === false ? 1 : 0; round <= rounds; round++) {
      const order = specs.map((_, i) => specs[(i + round) % specs.length]!);
      for (const spec of order) {
        const started = Date.now();
        const sample = await measureLoad(browser, spec, round, { viewport: options.viewport });
        if (round > 0) samples.push(sample);
        log(
          `${round === 0 ? "warm-up" : `round ${round}/${rounds}`} ${spec.name.padEnd(16)} ${((Date.now() - started) / 1000).toFixed(1)} s` +
            `  requests ${sample.widgetRequests}  wire ${(sample.widgetWire / 1024).toFixed(1)} KiB  TBT ${sample.tbtMs.toFixed(0)} ms` +
            (sample.firstQuestionMs !== undefined
              ? `  first question ${sample.firstQuestionMs.toFixed(0)} ms`
              : sample.timedOut
                ? "  TIMED OUT"
                : ""),
        );
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  } finally {
    await browser.close();
  }
  return { samples, version };
}

export interface PollProbe {
  /** The second refresh, the first that can revalidate: request line and headers as the browser sent them (bytes). */
  requestBytes: number;
  /** Its answer's status line, headers and body on the wire (bytes). */
  responseBytes: number;
  status: number;
  /** Time between the first refresh and the second. */
  intervalMs: number;
  /**
   * The first refresh, answered in full: the page's first read came with the view's offers, an answer
   * no cache keeps, so the browser has nothing to revalidate yet (bytes on the wire, both ways; status).
   * Absent in results written before 2026-12-07.
   */
  first?: { requestBytes: number; responseBytes: number; status: number; afterMs: number };
}

/**
 * The tracking view's refreshes as a browser makes them: the page is loaded unthrottled and left alone
 * until the view has polled its order twice (GET /v1/o/{token}?view=tracking); each poll's request and
 * answer are weighed on the wire (DevTools' request headers and encoded length). The second is what
 * every refresh of an open tab is from then on (a conditional GET); the first has nothing to revalidate.
 */
export async function measurePoll(browser: Browser, url: string, orderPath: string, timeoutMs = 20_000): Promise<PollProbe | undefined> {
  const context = await browser.newContext({ viewport: PROFILE.viewport, locale: "en-US", timezoneId: "America/New_York" });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const reads: { id: string; at: number; target: string; requestBytes?: number; responseBytes?: number; status?: number }[] = [];
    const byId = (id: string) => reads.find((r) => r.id === id);
    let resolve!: () => void;
    const polled = new Promise<void>((r) => (resolve = r));
    cdp.on("Network.requestWillBeSent", (e) => {
      const u = new URL(e.request.url);
      if (e.request.method === "GET" && u.pathname === orderPath)
        reads.push({ id: e.requestId, at: e.timestamp * 1000, target: u.pathname + u.search });
    });
    cdp.on("Network.requestWillBeSentExtraInfo", (e) => {
      const r = byId(e.requestId);
      if (!r) return;
      const line = `GET ${r.target} HTTP/1.1\r\n`;
      const headers = Object.entries(e.headers).reduce((sum, [k, v]) => sum + k.length + String(v).length + 4, 0);
      r.requestBytes = line.length + headers + 2;
    });
    cdp.on("Network.responseReceivedExtraInfo", (e) => {
      const r = byId(e.requestId);
      if (r) r.status = e.statusCode;
    });
    cdp.on("Network.loadingFinished", (e) => {
      const r = byId(e.requestId);
      if (!r) return;
      r.responseBytes = e.encodedDataLength;
      if (reads.indexOf(r) >= 2) resolve();
    });
    await cdp.send("Network.enable");
    await page.goto(url, { waitUntil: "load" });
    await Promise.race([polled, page.waitForTimeout(timeoutMs)]);
    const [read, first, poll] = reads;
    if (!read || !first?.responseBytes || !poll?.responseBytes) return undefined;
    return {
      requestBytes: poll.requestBytes ?? 0,
      responseBytes: poll.responseBytes,
      status: poll.status ?? 0,
      intervalMs: poll.at - first.at,
      first: {
        requestBytes: first.requestBytes ?? 0,
        responseBytes: first.responseBytes,
        status: first.status ?? 0,
        afterMs: first.at - read.at,
      },
    };
  } finally {
    await context.close();
  }
}
