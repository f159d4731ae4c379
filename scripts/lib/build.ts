import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./wrangler.ts";

/** `vite build` of the widget into dist/widget, which the worker serves as static assets. */
export function buildWidget(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code})`))));
  });
}
