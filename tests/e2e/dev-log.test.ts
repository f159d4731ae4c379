/**
 * `npm run dev` prints wrangler's request lines, and those carry paths: an order token in `/v1/o/TOKEN`
 * is the key to a shopper's order (issue 17, item 5). Neither the terminal nor wrangler's own log files
 * may keep one.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port.ts";
import { redactCredentials } from "../../scripts/lib/redact.ts";
import { ROOT, stopGroup } from "../../scripts/lib/wrangler.ts";

const WRANGLER_LOGS = join(homedir(), ".config/.wrangler/logs");
const logFiles = () => (existsSync(WRANGLER_LOGS) ? new Set(readdirSync(WRANGLER_LOGS)) : new Set<string>());

describe("the development log", () => {
  it("redacts tokens in paths and queries, and customer ids in admin paths", () => {
    const token = "Xi0b1XcOBNlVYllpJg0lEeIgPr6yPYtdsE0Pux_26Tg";
    expect(redactCredentials(`[wrangler:info] GET /v1/o/${token} 200 OK (3ms)`)).toBe("[wrangler:info] GET /v1/o/… 200 OK (3ms)");
    expect(redactCredentials(`POST http://127.0.0.1:8787/v1/o/${token}/events (failed)`)).toBe(
      "POST http://127.0.0.1:8787/v1/o/…/events (failed)",
    );
    expect(redactCredentials(`GET /orders/status?order=${token}&x=1`)).toBe("GET /orders/status?order=…&x=1");
    expect(redactCredentials("DELETE /v1/admin/customers/c-77 200")).toBe("DELETE /v1/admin/customers/… 200");
    expect(redactCredentials("GET /v1/health 200 OK")).toBe("GET /v1/health 200 OK");
  });

  it("npm run dev shows requests without the order tokens in them, and leaves no wrangler log file behind", {
    timeout: 120_000,
  }, async () => {
    const port = await freePort();
    const before = logFiles();
    const child = spawn(process.execPath, ["scripts/dev.ts"], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), DOORSTEP_DEV_NO_BUILD: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const token = `tok${Date.now()}SecretSecretSecretSecretSecret`;
    try {
      const origin = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 90_000;
      while (!output.includes("Doorstep worker on")) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm run dev did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      await fetch(`${origin}/v1/o/${token}`);
      await fetch(`${origin}/v1/o/${token}/events`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "[]" });
      await fetch(`${origin}/v1/admin/customers/${token}/export`);
      await fetch(`${origin}/doorstep.js?order=${token}`);
      // wrangler prints a request's line when it has been answered.
      const printed = Date.now() + 10_000;
      while (!output.includes("/v1/o/…") && Date.now() < printed) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await stopGroup(child);
    }
    expect(output).toContain("GET /v1/o/…");
    expect(output).not.toContain(token);
    const written = [...logFiles()].filter((name) => !before.has(name));
    for (const name of written) expect(readFileSync(join(WRANGLER_LOGS, name), "utf8")).not.toContain(token);
    expect(written).toEqual([]);
  });
});
