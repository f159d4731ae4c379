/**
 * The bench's page set, served from loopback only (nothing is fetched from outside at run time):
 *
 * - the shop origin: the demo shop's own product page (demo-store/pages/shop.ts, without its Doorstep
 *   tag) with one widget snippet from bench/pages/<name>.html placed in an empty container at the top of
 *   the page, and the shop's stylesheet and images;
 * - a third-party origin standing in for the peers' CDNs and apps: their published files straight from
 *   node_modules, the merchant-side code of each peer page (bench/peer-code), and the stand-ins for what
 *   only a vendor's servers could answer (bench/stand-ins);
 * - Doorstep's origin: a pass-through proxy in front of `wrangler dev`, which sends everything
 *   uncompressed, that compresses as Cloudflare's edge would.
 *
 * Every text response is gzip-compressed (level 6) when the browser accepts it, so the bytes a browser
 * receives are the bytes a real page would transfer.
 */
import { headLines } from "../../contract/install.ts";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFileSync, existsSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { catalog } from "../../demo-store/catalog.ts";
import { productPage } from "../../demo-store/pages/shop.ts";
import { ROOT } from "../lib/wrangler.ts";
import { freePort } from "../lib/free-port.ts";

const BENCH = join(ROOT, "bench");
const DEMO_PUBLIC = join(ROOT, "demo-store/public");

/** The product the host page shows. */
const PRODUCT = catalog.find((p) => p.sku === "ridgeline-trail-runner")!;

/** Packages whose files the third-party origin may serve (under /npm/<package>/…). */
const PACKAGES = ["survey-core", "survey-js-ui", "@formbricks/js", "@formbricks/surveys", "@typeform/embed"];

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
};

const COMPRESSIBLE = /^(text\/|application\/json|application\/javascript|image\/svg\+xml)/;

export interface PageValues {
  doorstepOrigin: string;
  peersOrigin: string;
  orders: { confirmation: string; tracking: string; survey: string };
}

export interface PageSet {
  shopOrigin: string;
  peersOrigin: string;
  doorstepOrigin: string;
  /** The composed HTML of a page, as served (for the report and for checks). */
  html(name: string): string;
  url(name: string): string;
  close(): Promise<void>;
}

/** A snippet file split at its `<!-- head -->`, `<!-- widget -->` and `<!-- end -->` markers. */
function snippet(name: string): { head: string; widget: string; end: string } {
  const text = readFileSync(join(BENCH, "pages", `${name}.html`), "utf8");
  const part = (marker: string) => {
    const at = text.indexOf(`<!-- ${marker} -->`);
    if (at < 0) return "";
    const from = at + marker.length + 9;
    const next = ["head", "widget", "end"].map((m) => text.indexOf(`<!-- ${m} -->`, from)).filter((i) => i >= 0);
    return text.slice(from, next.length ? Math.min(...next) : undefined).trim();
  };
  return { head: part("head"), widget: part("widget"), end: part("end") };
}

/** The demo shop's product page with `name`'s snippet in it. */
export function composePage(name: string, values: PageValues): string {
  const fill = (text: string) =>
    text
      .replaceAll("{{DOORSTEP}}", values.doorstepOrigin)
      .replaceAll("{{PEERS}}", values.peersOrigin)
      .replaceAll("{{ORDER_CONFIRMATION}}", values.orders.confirmation)
      .replaceAll("{{ORDER_TRACKING}}", values.orders.tracking)
      .replaceAll("{{ORDER_SURVEY}}", values.orders.survey);
  const parts = snippet(name);
  let page = productPage({ workerOrigin: "", storeId: "", cartCount: 0 }, PRODUCT).value;
  // The shop's own Doorstep lines go (the layout's, for an empty origin and store); each page brings its widget's.
  page = page.replace(`${headLines("", "")}\n`, "");
  if (page.includes("doorstep.js")) throw new Error("the demo layout's script tag changed; update scripts/bench/page-server.ts");
  // So does the product page's own reviews view (and its comment): the host page carries no Doorstep
  // view of its own, so each page measures only the snippet it brings.
  page = page.replace(/<!-- Doorstep's reviews[^\n]*-->\n?/, "").replace(/<div data-doorstep="reviews"[^>]*><\/div>\n?/, "");
  if (page.includes("data-doorstep")) throw new Error("the demo product page has a Doorstep view; update scripts/bench/page-server.ts");
  page = page.replace("</head>", `${fill(parts.head)}${parts.head ? "\n" : ""}</head>`);
  page = page.replace(
    '<main class="site-main">',
    `<main class="site-main">\n<section id="bench-widget" aria-label="Your order">\n${fill(parts.widget)}\n</section>`,
  );
  page = page.replace("</body>", `${fill(parts.end)}${parts.end ? "\n" : ""}</body>`);
  return page;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer, type: string, extra: Record<string, string> = {}) {
  const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) && body.length > 0;
  const out = gzip ? gzipped(body) : body;
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Length": String(out.length),
    "Cache-Control": "no-cache",
    "Timing-Allow-Origin": "*",
    ...(gzip ? { "Content-Encoding": "gzip", Vary: "Accept-Encoding" } : {}),
    ...extra,
  });
  res.end(req.method === "HEAD" ? undefined : out);
}

const gzipCache = new WeakMap<Buffer, Buffer>();
function gzipped(body: Buffer): Buffer {
  let out = gzipCache.get(body);
  if (!out) gzipCache.set(body, (out = gzipSync(body, { level: 6 })));
  return out;
}

const fileCache = new Map<string, Buffer>();
function file(path: string, transform?: (text: string) => string): Buffer | undefined {
  const key = path + (transform ? "#t" : "");
  let body = fileCache.get(key);
  if (body) return body;
  if (!existsSync(path) || !statSync(path).isFile()) return undefined;
  let read = readFileSync(path);
  if (transform) read = Buffer.from(transform(read.toString("utf8")));
  fileCache.set(key, read);
  return read;
}

/** `base` + `path`, refusing anything that climbs out of `base`. */
function inside(base: string, path: string): string | undefined {
  const full = normalize(join(base, decodeURIComponent(path)));
  return full.startsWith(base + "/") ? full : undefined;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Starts the three origins; `workerOrigin` is the running `wrangler dev`. */
export async function startPageSet(options: {
  workerOrigin: string;
  orders: PageValues["orders"];
  ports?: { shop?: number; peers?: number; doorstep?: number };
}): Promise<PageSet> {
  const shopPort = options.ports?.shop ?? (await freePort());
  const peersPort = options.ports?.peers ?? (await freePort());
  const doorstepPort = options.ports?.doorstep ?? (await freePort());
  const shopOrigin = `http://127.0.0.1:${shopPort}`;
  const peersOrigin = `http://127.0.0.1:${peersPort}`;
  const doorstepOrigin = `http://127.0.0.1:${doorstepPort}`;
  const values: PageValues = { doorstepOrigin, peersOrigin, orders: options.orders };
  const pages = new Map<string, Buffer>();
  const html = (name: string): Buffer => {
    const cached = pages.get(name);
    if (cached) return cached;
    const body = Buffer.from(composePage(name, values));
    pages.set(name, body);
    return body;
  };

  const shop = createServer((req, res) => {
    const path = new URL(req.url ?? "/", shopOrigin).pathname;
    const page = /^\/pages\/([\w-]+)\.html$/.exec(path);
    if (page && existsSync(join(BENCH, "pages", `${page[1]}.html`))) return send(req, res, 200, html(page[1]!), TYPES[".html"]!);
    const local = inside(DEMO_PUBLIC, path);
    const body = local && file(local);
    if (body) return send(req, res, 200, body, TYPES[extname(local!)] ?? "application/octet-stream");
    send(req, res, 404, Buffer.from("not found"), "text/plain");
  });

  const peers = createServer((req, res) => {
    const path = new URL(req.url ?? "/", peersOrigin).pathname;
    const cors = { "Access-Control-Allow-Origin": "*" };
    const serve = (full: string | undefined, transform?: (text: string) => string, type?: string) => {
      const body = full && file(full, transform);
      if (!body) return send(req, res, 404, Buffer.from("not found"), "text/plain", cors);
      send(req, res, 200, body, type ?? TYPES[extname(full!)] ?? "application/octet-stream", cors);
    };
    const npm = /^\/npm\/((?:@[\w.-]+\/)?[\w.-]+)\/(.+)$/.exec(path);
    if (npm && PACKAGES.includes(npm[1]!)) {
      const full = inside(join(ROOT, "node_modules", npm[1]!), npm[2]!);
      // Typeform's embed adds its stylesheet from embed.typeform.com; the served copy points at the
      // package's own copy of that stylesheet instead (the only change to any peer's file).
      const transform =
        npm[1] === "@typeform/embed" && npm[2] === "build/embed.js"
          ? (text: string) => text.replace("https://embed.typeform.com/next/css/", `${peersOrigin}/npm/@typeform/embed/build/css/`)
          : undefined;
      return serve(full, transform);
    }
    if (path.startsWith("/bench/")) return serve(inside(join(BENCH, "peer-code"), path.slice("/bench/".length)));
    // Formbricks' app: the JS core (a stand-in), the surveys bundle, and the client API's environment state.
    if (path === "/formbricks/js/formbricks.umd.cjs") return serve(join(BENCH, "stand-ins/formbricks-core.js"));
    if (path === "/formbricks/js/surveys.umd.cjs") return serve(join(ROOT, "node_modules/@formbricks/surveys/dist/index.umd.js"));
    if (/^\/formbricks\/api\/v2\/client\/[\w-]+\/environment$/.test(path)) {
      const survey = JSON.parse(readFileSync(join(BENCH, "peer-code/formbricks-survey.json"), "utf8"));
      const state = {
        data: {
          data: { surveys: [survey], actionClasses: [], project: { brandColor: "#1d5c4a", placement: "bottomRight" } },
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      };
      return send(req, res, 200, Buffer.from(JSON.stringify(state)), TYPES[".json"]!, cors);
    }
    // Typeform's form app inside the embed's iframe: a stand-in page.
    if (/^\/typeform\/to\/[\w-]+$/.test(path)) return serve(join(BENCH, "stand-ins/typeform-form.html"));
    send(req, res, 404, Buffer.from("not found"), "text/plain", cors);
  });

  const doorstep = createServer((req, res) => {
    const target = new URL(options.workerOrigin);
    const headers = { ...req.headers, host: target.host };
    // Ask the worker for identity, compress here (as the edge would, for a browser that accepts it).
    delete headers["accept-encoding"];
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (c: Buffer) => chunks.push(c));
      answer.on("end", () => {
        const body = Buffer.concat(chunks);
        const type = String(answer.headers["content-type"] ?? "");
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !["content-length", "transfer-encoding", "connection", "keep-alive"].includes(name)) out[name] = value;
        }
        const gzip =
          body.length > 0 &&
          !answer.headers["content-encoding"] &&
          COMPRESSIBLE.test(type) &&
          /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
        const payload = gzip ? gzipSync(body, { level: 6 }) : body;
        if (gzip) {
          out["content-encoding"] = "gzip";
          out.vary = answer.headers.vary ? `${answer.headers.vary}, Accept-Encoding` : "Accept-Encoding";
        }
        if (answer.statusCode !== 304 && answer.statusCode !== 204) out["content-length"] = String(payload.length);
        res.writeHead(answer.statusCode ?? 502, out);
        res.end(payload);
      });
    });
    upstream.on("error", (error) => {
      res.writeHead(502, { "Content-Type": "text/plain" });
      res.end(String(error));
    });
    req.pipe(upstream);
  });

  await listen(shop, shopPort);
  await listen(peers, peersPort);
  await listen(doorstep, doorstepPort);
  return {
    shopOrigin,
    peersOrigin,
    doorstepOrigin,
    html: (name) => html(name).toString("utf8"),
    url: (name) => `${shopOrigin}/pages/${name}.html`,
    async close() {
      for (const server of [shop, peers, doorstep]) server.closeAllConnections();
      await Promise.all([closeServer(shop), closeServer(peers), closeServer(doorstep)]);
    },
  };
}
