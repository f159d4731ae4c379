/**
 * A frozen copy of the worker, its configuration and the built widget, for the benchmarks' `wrangler
 * dev`: wrangler reloads the worker when its sources or assets change, so a rebuild or an edit made in
 * the same checkout while the bench runs would otherwise restart the server under the measurements (or
 * swap in code that expects a newer database). The copy lives under tests/.tmp and goes at the end.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../lib/wrangler.ts";

export interface WorkerSnapshot {
  /** The copy's wrangler.toml (its paths resolve inside the copy). */
  config: string;
  /** The copy's worker sources. */
  workerDir: string;
  remove(): void;
}

export function snapshotWorker(): WorkerSnapshot {
  // Inside the checkout, so the copy's imports still find node_modules by walking up.
  const dir = join(ROOT, "tests/.tmp", `bench-worker-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, "worker"), join(dir, "worker"), { recursive: true });
  // The wire contract the worker imports, and the TypeScript settings its tsconfig extends.
  cpSync(join(ROOT, "contract"), join(dir, "contract"), { recursive: true });
  copyFileSync(join(ROOT, "tsconfig.base.json"), join(dir, "tsconfig.base.json"));
  cpSync(join(ROOT, "dist/widget"), join(dir, "dist/widget"), { recursive: true });
  copyFileSync(join(ROOT, "wrangler.toml"), join(dir, "wrangler.toml"));
  if (existsSync(join(ROOT, ".dev.vars"))) copyFileSync(join(ROOT, ".dev.vars"), join(dir, ".dev.vars"));
  return {
    config: join(dir, "wrangler.toml"),
    workerDir: join(dir, "worker"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
