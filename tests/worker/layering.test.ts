/**
 * The worker's floor plan, checked on its source: routes → services → (storage | domain).
 *   domain/    pure: imports only domain/, contract/ (zod-free vocabularies and shapes, which import nothing)
 *              and, as types, the shapes schemas/ infers from zod; no I/O
 *   storage/   the only place SQL is prepared or batched; imports storage/ and schemas/, domain/ as types
 *   services/  orchestrate storage and domain; no SQL (they may group storage's own writes into one
 *              transaction through storage/changes.ts), nothing of HTTP (routes/, http/)
 *   everything else (routes/, http/, index.ts, …) calls storage functions, never SQL
 * and the runtime imports between folders form no cycle.
 */
import { describe, expect, it } from "vitest";

const sources = import.meta.glob<string>("../../worker/**/*.ts", { query: "?raw", import: "default", eager: true });
const files = Object.entries(sources).map(([key, text]) => ({ path: key.replace(/^(\.\.\/)+/, ""), text }));

interface Import {
  /** Resolved to a path under worker/ ("worker/storage/orders.ts"), or the package name. */
  target: string;
  /** `import type …`: erased at build, so no runtime dependency. */
  typeOnly: boolean;
}

function importsOf(file: { path: string; text: string }): Import[] {
  const found: Import[] = [];
  for (const m of file.text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+"([^"]+)"/gms)) {
    const spec = m[2]!;
    found.push({ target: spec.startsWith(".") ? resolve(file.path, spec) : spec, typeOnly: !!m[1] });
  }
  for (const m of file.text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) found.push({ target: resolve(file.path, m[1]!), typeOnly: false });
  return found;
}

function resolve(from: string, spec: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of spec.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/** "storage" for worker/storage/orders.ts, "(root)" for worker/index.ts, "" for a package. */
const folderOf = (path: string) => (path.startsWith("worker/") ? (path.split("/").length > 2 ? path.split("/")[1]! : "(root)") : "");

/** Code without its comments, so a comment that names `fetch` or SQL is not mistaken for a call. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

const inFolder = (folder: string) => files.filter((f) => folderOf(f.path) === folder);

describe("the worker's layers", () => {
  it("finds the worker's source", () => {
    expect(files.length).toBeGreaterThan(80);
    for (const folder of ["domain", "storage", "services", "routes", "http"]) expect(inFolder(folder).length, folder).toBeGreaterThan(2);
  });

  it("domain/ is pure: no storage, services, routes or HTTP, no schema values, no I/O", () => {
    const problems: string[] = [];
    for (const file of inFolder("domain")) {
      for (const { target, typeOnly } of importsOf(file)) {
        const folder = folderOf(target);
        if (folder === "domain" || target.startsWith("contract/")) continue;
        if (folder === "schemas" && typeOnly) continue;
        problems.push(`${file.path} imports ${target}${typeOnly ? " (types)" : ""}`);
      }
      const io =
        /\b(D1Database|D1PreparedStatement|KVNamespace|R2Bucket|caches)\b|\bfetch\(|\.prepare\(|\.batch\(|\benv\.|crypto\.getRandomValues|Math\.random/.exec(
          code(file.text),
        );
      if (io) problems.push(`${file.path} does I/O: ${io[0]}`);
    }
    expect(problems).toEqual([]);
  });

  it("only storage/ prepares or batches SQL", () => {
    const problems: string[] = [];
    for (const file of files.filter((f) => folderOf(f.path) !== "storage")) {
      const sqlCall = /\.prepare\(|\.batch\(|\brunBatch\(|\bsql\(/.exec(code(file.text));
      if (sqlCall) problems.push(`${file.path} calls ${sqlCall[0]}`);
      if (importsOf(file).some((i) => i.target === "worker/storage/statement.ts"))
        problems.push(`${file.path} imports storage/statement.ts`);
    }
    expect(problems).toEqual([]);
  });

  it("storage/ imports storage/ and schemas/, and domain/ only as types", () => {
    const problems: string[] = [];
    for (const file of inFolder("storage")) {
      for (const { target, typeOnly } of importsOf(file)) {
        const folder = folderOf(target);
        if (folder === "" || folder === "storage" || folder === "schemas") continue;
        if (folder === "domain" && typeOnly) continue;
        problems.push(`${file.path} imports ${target}${typeOnly ? " (types)" : ""}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("services/ know nothing of HTTP: no routes/, http/ or openapi/", () => {
    const problems = inFolder("services").flatMap((file) =>
      importsOf(file)
        .filter((i) => ["routes", "http", "openapi"].includes(folderOf(i.target)))
        .map((i) => `${file.path} imports ${i.target}`),
    );
    expect(problems).toEqual([]);
  });

  it("domain/, schemas/ and storage/ import nothing above them (services, routes, http, openapi)", () => {
    const above = ["services", "routes", "http", "openapi"];
    const below: Record<string, string[]> = { domain: [...above, "storage"], schemas: [...above, "storage"], storage: above };
    const problems = Object.entries(below).flatMap(([folder, forbidden]) =>
      inFolder(folder).flatMap((file) =>
        importsOf(file)
          .filter((i) => forbidden.includes(folderOf(i.target)))
          .map((i) => `${file.path} imports ${i.target}`),
      ),
    );
    expect(problems).toEqual([]);
  });

  it("runtime imports between folders form no cycle", () => {
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
      for (const { target, typeOnly } of importsOf(file)) {
        const [from, to] = [folderOf(file.path), folderOf(target)];
        if (typeOnly || !to || from === to) continue;
        edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const cycles: string[] = [];
    const visit = (folder: string, path: string[]) => {
      for (const next of edges.get(folder) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(" → "));
        else visit(next, [...path, next]);
      }
    };
    for (const folder of edges.keys()) visit(folder, [folder]);
    expect(cycles).toEqual([]);
  });
});
