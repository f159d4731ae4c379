/**
 * What `npm run bench -- --only widget` prints: the widget's figures from one run of its pages (medians
 * with min–max, "added" figures less the bare page's median), the layout shift at both widths, the race
 * between the loader and the page's first paint, the skeletons beside the views and the traces; and the
 * whole summary as JSON in bench-results/ (BENCHMARKS.md and .json are left alone: those are the full
 * run's).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../lib/wrangler.ts";
import { raceByPage, type BrowserSection, type Spread } from "./report.ts";
import { BUCKETS } from "./trace-breakdown.ts";

const cell = (s: Spread | undefined, digits = 0) =>
  s ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : "–";

export function printWidgetRun(b: BrowserSection): string {
  const rows = b.pages.filter((p) => p.loads > 0 && p.name !== "bare");
  console.log(`\nThe widget's pages, ${b.rounds} loads each at ${b.profile.viewport.width} px (median (min–max))`);
  const head = ["page", "requests", "wire KiB", "main ms added", "TBT ms added", "first q ms", "CLS added", "paint ms added"];
  const table = rows.map((p) => [
    p.label,
    cell(p.figures.requests),
    cell(p.figures.transferredKiB, 1),
    cell(p.figures.mainThreadAddedMs),
    cell(p.figures.tbtAddedMs),
    cell(p.figures.firstQuestionMs),
    cell(p.figures.clsAdded, 3),
    cell(p.figures.firstPaintAddedMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  for (const r of [head, ...table]) console.log(r.map((c, i) => (i ? c.padStart(widths[i]! + 2) : c.padEnd(widths[i]!))).join(""));
  const bare = b.pages.find((p) => p.name === "bare");
  if (bare)
    console.log(
      `bare page: main thread ${cell(bare.page.mainThreadMs)} ms, TBT ${cell(bare.page.tbtMs)} ms, CLS ${cell(bare.page.cls, 3)}, FCP ${cell(bare.page.fcpMs)} ms`,
    );

  if (b.wide) {
    console.log(`\nCLS added at ${b.wide.viewport.width} px`);
    for (const p of b.wide.pages) console.log(`  ${p.label.padEnd(40)} ${cell(p.clsAdded, 3)}`);
  }

  const race = raceByPage(b);
  if (race.length) console.log("\nThe race: first mount after the page's first paint (first paint, first mount, doorstep.js arrived; ms)");
  for (const r of race)
    console.log(`  ${r.label.padEnd(40)} ${r.late} of ${r.loads}  (${cell(r.firstPaint)}, ${cell(r.mounted)}, ${cell(r.arrived)})`);

  if (b.heights?.length) {
    console.log("\nSkeleton beside the view (px)");
    for (const h of b.heights) console.log(`  ${`${h.view} ${h.width}`.padEnd(36)} skeleton ${h.skeletonPx}  drawn ${h.drawnPx}`);
  }

  for (const t of b.traces ?? []) {
    console.log(
      `\ntrace ${t.label} (${t.runs}): ${BUCKETS.map((k) => `${k} ${t.buckets[k].toFixed(0)}`).join(", ")}; total ${t.totalMs.toFixed(0)} ms; ` +
        `${t.counts.frames} frames, ${t.counts.paints} paints, ${t.counts.layouts} layouts (${t.counts.pageLayouts} of the whole page)`,
    );
    console.log(`  scripts: ${t.scripts.map((s) => `${s.script} ${s.ms.toFixed(0)}`).join(", ")}`);
    console.log(`  top: ${t.top.map((s) => `${s.name} ${s.ms.toFixed(0)}`).join(", ")}`);
  }
  if (b.skeleton) console.log(`\nskeleton held: ${JSON.stringify(b.skeleton)}`);
  for (const note of b.notes) console.log(`note: ${note}`);

  const dir = join(ROOT, "bench-results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `widget-${b.measuredAt.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(b, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
  return file;
}
