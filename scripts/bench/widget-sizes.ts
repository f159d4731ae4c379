/**
 * What the widget costs a host page, in bytes: raw and gzip sizes of every built file and of what each
 * view actually loads (the loader, the view's module and the chunks it can import), against the budgets.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { VIEW_MODULES } from "../../widget/views/modules.ts";
import { ROOT } from "../lib/wrangler.ts";

const DIST = join(ROOT, "dist/widget");
const KB = 1024;
/** The modules of single views (widget/views/modules.ts); `app` has them all, for pages with several. */
const SINGLE_VIEW_MODULES = VIEW_MODULES.filter((m) => m !== "app");
/**
 * The question module (widget/views/questions/survey-questions.tsx), a chunk per view module. It loads
 * only for an order whose survey a merchant built with other question types than the thank-you page's
 * default attribution question (which the confirmation view draws itself): it has a budget line of its
 * own and is left out of the other lines' module graphs, which measure what every page of a view fetches.
 */
const QUESTION_CHUNK = /^chunks\/survey-questions-[\w-]+\.js$/;

const BUDGETS = [
  { what: "loader (doorstep.js)", files: () => ["doorstep.js"], limit: 3 * KB },
  // What a page with one view fetches, for the largest: the loader and that view's module, Preact in it,
  // with anything the module loads later (the survey's review form).
  {
    what: "loader + any view, Preact included",
    files: () =>
      SINGLE_VIEW_MODULES.map((m) => ["doorstep.js", ...moduleGraph(`views/${m}.js`)]).reduce((a, b) => (total(b) > total(a) ? b : a)),
    limit: 22 * KB,
  },
  // The guide's ceiling for views (the loader has its own): every view in the module a page with
  // several views loads, with every chunk or part it can load, for a shopper reading one language
  // (English; another language's parts replace the inline English catalogue). The product page's
  // reviews view is not among them: it always loads its own module (widget/views/modules.ts).
  // 20 KB until 2026-12-06; raised by 0.1 KB when the news-and-offers box, review links and D1 bookmarks
  // came in at once and a savings pass won back all but a few bytes of them.
  // 20.1 KB until 2026-12-06 (later that day); raised to 21.9 KB when the merchants' surveys came in (issue
  // 25): 20.47 KB with the question module's loader and slot alone, then 1.4 KB for the thank-you page's
  // attribution question drawn by the confirmation view itself (its English words, the shuffle, the
  // answer's post and its dataLayer event), which spares every thank-you page the question module's
  // 3.85 KB and a request; moving the survey's step rules out of the shared pick.ts won back 0.07 KB.
  { what: "all views together, one language", files: () => moduleGraph("views/app.js"), limit: 21.9 * KB },
  // A product page: the loader and the reviews view's module, Preact included, and nothing else.
  { what: "loader + reviews view (product pages)", files: () => ["doorstep.js", ...moduleGraph("views/reviews.js")], limit: 13.5 * KB },
  // A merchant's own survey: what the question module adds to the view module that loads it, for the
  // heaviest, in one language like the line above: English, whose words are inside it. Another language
  // adds its part (parts/questions.<lang>.js, 0.54-0.68 KB on 2026-12-06) over the English it keeps.
  {
    what: "question module (own surveys), one language",
    files: () =>
      VIEW_MODULES.map((m) => {
        const without = moduleGraph(`views/${m}.js`);
        return moduleGraph(`views/${m}.js`, new Set(), true).filter((f) => !without.includes(f));
      }).reduce((a, b) => (total(b) > total(a) ? b : a)),
    limit: 4 * KB,
  },
];

const gzipSize = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).byteLength;
const total = (files: string[]) => files.reduce((sum, f) => sum + gzipSize(f), 0);
const rawSize = (file: string) => statSync(join(DIST, file)).size;

function listFiles(dir = DIST): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [relative(DIST, path)];
  });
}

/**
 * A module and every chunk it can import: statically (what the browser must fetch before it can run)
 * and by a bundler's `import("../chunks/…")` (fetched later, as the survey's review form is). Parts,
 * imported by a URL built at run time, are not followed; nor is the question module, unless `questions`.
 */
function moduleGraph(entry: string, seen = new Set<string>(), questions = false): string[] {
  if (seen.has(entry) || (!questions && QUESTION_CHUNK.test(entry))) return [];
  seen.add(entry);
  const code = readFileSync(join(DIST, entry), "utf8");
  // Static imports and re-exports (`export{m as mount}from"…"`), and import() of a literal path.
  const imports = [
    ...[...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!),
    ...[...code.matchAll(/\bimport\(\s*["'`](\.[^"'`$]+)["'`]\s*\)/g)].map((m) => m[1]!),
  ];
  for (const specifier of imports) {
    if (specifier.startsWith(".")) moduleGraph(relative(DIST, resolve(dirname(join(DIST, entry)), specifier)), seen, questions);
  }
  return [...seen];
}

const pad = (text: string | number, width: number) => String(text).padStart(width);
const kb = (bytes: number) => `${(bytes / KB).toFixed(2)} KB`;

/** Prints the tables; answers how many budgets are broken. */
export function reportWidgetSizes(): number {
  console.log("\nWidget files (dist/widget)");
  console.log(`${"file".padEnd(44)}${pad("raw", 12)}${pad("gzip -9", 12)}`);
  for (const file of listFiles()
    .filter((f) => f.endsWith(".js"))
    .sort()) {
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

export interface BudgetFigure {
  what: string;
  gzipBytes: number;
  limitBytes: number;
  files: number;
  ok: boolean;
}

/** The budgets as figures, for the report. */
export function widgetBudgets(): BudgetFigure[] {
  return BUDGETS.map((budget) => {
    const files = budget.files();
    const total = files.reduce((sum, f) => sum + gzipSize(f), 0);
    return { what: budget.what, gzipBytes: total, limitBytes: budget.limit, files: files.length, ok: total <= budget.limit };
  });
}
