/**
 * The trace breakdown behind BENCHMARKS.md's "Where the main thread goes" (scripts/bench/trace-breakdown.ts):
 * which Chromium trace events count as scripting, style, layout, paint, parsing or other, by self time on
 * the page's main thread, and how several traced loads become a median with its min–max in the report.
 */
import { describe, expect, it } from "vitest";
import { renderTraceBreakdown } from "../../../scripts/bench/report.ts";
import { BUCKETS, type Bucket, breakdown, summarizeTraces } from "../../../scripts/bench/trace-breakdown.ts";

const PAGE = "http://127.0.0.1:9/pages/doorstep-survey.html";
const MAIN = { pid: 10, tid: 1 };

/** A complete event ("X") on the page's main thread unless told otherwise; times in ms (the trace's are µs). */
const x = (name: string, startMs: number, durMs: number, where = MAIN) => ({
  name,
  cat: "devtools.timeline",
  ph: "X",
  ts: startMs * 1000,
  dur: durMs * 1000,
  ...where,
});
/** The main thread is the one that parsed the page's HTML. */
const parse = (startMs: number, durMs: number) => ({ ...x("ParseHTML", startMs, durMs), args: { beginData: { url: PAGE } } });

const none: Record<Bucket, number> = { scripting: 0, style: 0, layout: 0, paint: 0, parsing: 0, other: 0 };

const cases: { name: string; events: object[]; expected: Partial<Record<Bucket, number>> }[] = [
  {
    name: "a frame's style, layout and paint, each in its own bucket; the task around them is other",
    events: [parse(0, 1), x("RunTask", 10, 10), x("UpdateLayoutTree", 11, 2), x("Layout", 13, 3), x("PrePaint", 16, 1), x("Paint", 17, 2)],
    expected: { parsing: 1, style: 2, layout: 3, paint: 3, other: 2 },
  },
  {
    name: "a script's self time excludes the layout it forced; an unlisted event inside it is scripting",
    events: [parse(0, 1), x("RunTask", 10, 20), x("FunctionCall", 10, 20), x("Layout", 12, 4), x("V8.SomethingNew", 20, 5)],
    expected: { parsing: 1, scripting: 16, layout: 4 },
  },
  {
    name: "an unlisted event with no categorised parent is other",
    events: [parse(0, 1), x("SomethingUnknown", 5, 3)],
    expected: { parsing: 1, other: 3 },
  },
  {
    name: "stylesheet parsing and image decoding",
    events: [parse(0, 2), x("ParseAuthorStyleSheet", 3, 4), x("Decode Image", 8, 6)],
    expected: { parsing: 6, paint: 6 },
  },
  {
    name: "garbage collection is scripting",
    events: [parse(0, 1), x("MinorGC", 2, 1.5), x("V8.GC_MARK_COMPACTOR", 5, 2.5)],
    expected: { parsing: 1, scripting: 4 },
  },
  {
    name: "begin/end pairs count like complete events",
    events: [
      parse(0, 1),
      { name: "EvaluateScript", cat: "devtools.timeline", ph: "B", ts: 10_000, ...MAIN },
      { name: "EvaluateScript", cat: "devtools.timeline", ph: "E", ts: 17_000, ...MAIN },
    ],
    expected: { parsing: 1, scripting: 7 },
  },
  {
    name: "other threads and other processes are not the page's main thread",
    events: [parse(0, 1), x("Layout", 2, 5, { pid: 10, tid: 2 }), x("Paint", 2, 5, { pid: 11, tid: 1 }), x("Layout", 9, 1)],
    expected: { parsing: 1, layout: 1 },
  },
  {
    name: "a child that outlasts its parent (clock rounding) is cut at the parent's end",
    events: [parse(0, 1), x("FunctionCall", 10, 5), x("Layout", 12, 6)],
    expected: { parsing: 1, scripting: 2, layout: 3 },
  },
];

describe("trace breakdown: which events count as which", () => {
  it.each(cases)("$name", ({ events, expected }) => {
    const b = breakdown(events as Parameters<typeof breakdown>[0], PAGE);
    const want = { ...none, ...expected };
    for (const k of BUCKETS) expect(b.buckets[k], k).toBeCloseTo(want[k], 6);
    expect(b.totalMs).toBeCloseTo(
      BUCKETS.reduce((sum, k) => sum + want[k], 0),
      6,
    );
  });

  it("counts the frame's layouts, style recalculations and paints", () => {
    const b = breakdown([parse(0, 1), x("Layout", 2, 1), x("Layout", 4, 1), x("UpdateLayoutTree", 6, 1), x("Paint", 8, 1)] as never, PAGE);
    expect(b.counts).toMatchObject({ layouts: 2, styleRecalcs: 1, paints: 1 });
  });

  it("counts as whole-page layouts only those of every object of the page's own frame", () => {
    const framed = (frame: string) => ({ ...parse(0, 1), args: { beginData: { url: PAGE, frame } } });
    const layout = (at: number, frame: string, dirtyObjects: number, totalObjects: number) => ({
      ...x("Layout", at, 1),
      args: { beginData: { frame, dirtyObjects, totalObjects } },
    });
    const b = breakdown(
      [
        framed("page"),
        layout(2, "page", 161, 161), // the host before its stylesheet
        layout(4, "page", 120, 120), // and again once styled
        layout(6, "page", 27, 142), // a widget's view drawn: part of the page
        layout(8, "svg-image", 10, 10), // an SVG image is a frame of its own
        layout(10, "page", 40, 40), // a page too small to tell apart from a part of one
      ] as never,
      PAGE,
    );
    expect(b.counts).toMatchObject({ layouts: 5, pageLayouts: 2 });
  });
});

describe("several traced loads, as the report prints them", () => {
  const load = (style: number, layout: number) =>
    breakdown([parse(0, 10), x("UpdateLayoutTree", 20, style), x("Layout", 40, layout)] as never, PAGE);
  const survey = summarizeTraces("doorstep-survey", "Doorstep, survey only", [load(3, 10), load(5, 30), load(4, 20)]);
  const bare = summarizeTraces("bare", "Host page alone", [load(1, 5), load(1, 5), load(1, 5)]);

  it("takes the median and the min–max of each bucket and of the total", () => {
    expect(survey.buckets).toMatchObject({ style: 4, layout: 20, parsing: 10 });
    expect(survey.ranges?.style).toEqual({ min: 3, max: 5 });
    expect(survey.ranges?.layout).toEqual({ min: 10, max: 30 });
    expect(survey.totalMs).toBe(34);
    expect(survey.ranges?.total).toEqual({ min: 23, max: 45 });
  });

  it("prints a row per traced page with median (min–max), the page less the bare page, and the events of each category", () => {
    const md = renderTraceBreakdown([bare, survey]);
    expect(md).toContain(
      "| Doorstep, survey only | 0 (0–0) | 4 (3–5) | 20 (10–30) | 0 (0–0) | 10 (10–10) | 0 (0–0) | 34 (23–45) | 0 | 0 | 1 |",
    );
    expect(md).toContain("| *Doorstep, survey only, less the bare page* | 0 | 3 | 15 | 0 | 0 | 0 | 18 |");
    expect(md).toMatch(/- style: `UpdateLayoutTree`, `RecalculateStyles`/);
    expect(md).toMatch(/- layout: `Layout`/);
    expect(md).toMatch(/- other: `ResourceReceivedData`, the task runner's own time/);
    expect(md).toContain('which say what "other" is made of: Host page alone: `ParseHTML` 10, `Layout` 5, `UpdateLayoutTree` 1;');
  });
});
