/**
 * Local secrets live in .dev.vars (git-ignored), which `wrangler dev` reads. Made on first use, so a
 * newcomer never has to invent a key, and kept afterwards so stored webhook secrets stay readable.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./wrangler.ts";

const FILE = join(ROOT, ".dev.vars");

export function ensureLocalSecretKey(): string {
  const existing = existsSync(FILE) ? /^DOORSTEP_SECRET_KEY=(.+)$/m.exec(readFileSync(FILE, "utf8"))?.[1]?.trim() : undefined;
  if (existing) return existing;
  const key = randomBytes(32).toString("base64");
  const before = existsSync(FILE) ? readFileSync(FILE, "utf8").replace(/\n?$/, "\n") : "";
  writeFileSync(FILE, `${before}DOORSTEP_SECRET_KEY=${key}\n`, { mode: 0o600 });
  return key;
}
