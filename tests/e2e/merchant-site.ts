/**
 * A merchant's own site for a test file: a Node server on a loopback port of its own serving pages the
 * test writes, its origin registered with the demo store for the file's duration (CORS answers only
 * a store's origins) and the store's settings put back afterwards. Playwright's page.route on the
 * demo shop's origin is no substitute: Chromium then refuses the page's requests to the worker
 * (Local Network Access: loopback from a fulfilled page).
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, inject } from "vitest";
import { demoStoreSettings } from "../../demo-store/settings.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import { parseSettings, updateStore } from "../../scripts/lib/store-admin.ts";

export interface MerchantSite {
  /** Serves `html` at `path` with extra response headers (a CSP, say); answers the page's URL. */
  page(path: string, html: string, headers?: Record<string, string>): string;
  /** The site's origin (set once the file's beforeAll ran), to register again with changed settings. */
  origin(): string;
}

export function merchantSitePerFile(): MerchantSite {
  const demo = inject("demo");
  const target = { persistTo: demo.persistTo };
  const original = parseSettings(demoStoreSettings(demo.storeUrl));
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  let server: Server | undefined;
  let origin = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path === "/favicon.ico") return void res.writeHead(204).end();
      const found = pages.get(path);
      if (!found) return void res.writeHead(404).end();
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...found.headers }).end(found.html);
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${port}`;
    await updateStore("demo", { ...original, origins: [...original.origins, origin] }, target);
  });
  afterAll(async () => {
    await updateStore("demo", original, target);
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    page(path, html, headers = {}) {
      pages.set(path, { html, headers });
      return `${origin}${path}`;
    },
    origin: () => origin,
  };
}
