/**
 * What the widget costs a host page, in bytes: raw and gzip sizes of every built file and of what each
 * view actually loads (the loader, the view's chunk and the chunks it imports), against the budgets.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "../lib/wrangler.ts";

const DIST = join(ROOT, "dist/widget");
const KB = 1024;
const BUDGETS = [
  { what: "loader (doorstep.js)", files: () => ["doorstep.js"], limit: 3 * KB },
  { what: "loader + confirmation view, Preact included", files: () => ["doorstep.js", ...moduleGraph("views/confirmation.js")], limit: 16 * KB },
  { what: "loader + tracking view, Preact included", files: () => ["doorstep.js", ...moduleGraph("views/tracking.js")], limit: 17 * KB },
  // The guide's ceiling: every view and chunk the widget can ever load, each file counted once.
  { what: "all views together (every built .js)", files: () => listFiles().filter((f) => f.endsWith(".js")), limit: 20 * KB },
];

const gzipSize = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).byteLength;
const rawSize = (file: string) => statSync(join(DIST, file)).size;

function listFiles(dir = DIST): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [relative(DIST, path)];
  });
}

/** A module and everything it imports statically (what the browser must fetch before it can run). */
function moduleGraph(entry: string, seen = new Set<string>()): string[] {
  if (seen.has(entry)) return [];
  seen.add(entry);
  const code = readFileSync(join(DIST, entry), "utf8");
  const imports = [...code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
  for (const specifier of imports) {
    if (specifier.startsWith(".")) moduleGraph(relative(DIST, resolve(dirname(join(DIST, entry)), specifier)), seen);
  }
  return [...seen];
}

const pad = (text: string | number, width: number) => String(text).padStart(width);
const kb = (bytes: number) => `${(bytes / KB).toFixed(2)} KB`;

/** Prints the tables; answers how many budgets are broken. */
export function reportWidgetSizes(): number {
  console.log("\nWidget files (dist/widget)");
  console.log(`${"file".padEnd(44)}${pad("raw", 12)}${pad("gzip -9", 12)}`);
  for (const file of listFiles().filter((f) => f.endsWith(".js")).sort()) {
    console.log(`${file.padEnd(44)}${pad(kb(rawSize(file)), 12)}${pad(kb(gzipSize(file)), 12)}`);
  }

  console.log("\nBudgets (gzip -9, summed per file as the browser fetches them)");
  let broken = 0;
  for (const budget of BUDGETS) {
    const files = budget.files();
    const total = files.reduce((sum, f) => sum + gzipSize(f), 0);
    const ok = total <= budget.limit;
    if (!ok) broken++;
    console.log(`${ok ? "ok  " : "OVER"} ${budget.what.padEnd(48)}${pad(kb(total), 10)} of ${kb(budget.limit)}  (${files.length} files)`);
  }
  return broken;
}
