/**
 * The demo shop's server. It plays the merchant's server too: it holds the store's API key and posts
 * orders to Doorstep at checkout, so the key never reaches a browser.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { RENDER_WAIT_CSP } from "../contract/install.ts";
import { cartCookie, cartCount, parseCart, setQuantity, type CartLine } from "./cart.ts";
import { findProduct } from "./catalog.ts";
import { postOrder, prepareOrder, type WorkerAnswer } from "./checkout.ts";
import type { Html } from "./html.ts";
import type { OrderInput } from "../worker/schemas/order.ts";
import { cartPage, emptyCheckout, type CheckoutValues } from "./pages/cart.ts";
import { errorPage, feedbackPage, helpPage, notFoundPage, orderStatusPage, returnsPage, thankYouPage } from "./pages/info.ts";
import type { ShopContext } from "./pages/layout.ts";
import { homePage, productPage } from "./pages/shop.ts";
import { readStatic } from "./static.ts";

export interface DemoStoreOptions {
  port: number;
  host?: string;
  workerOrigin: string;
  storeId: string;
  apiKey: string;
  /** How a placed order reaches Doorstep; the merchant API (POST /v1/orders) unless the demo plays Shopify. */
  placeOrder?: (order: OrderInput) => Promise<WorkerAnswer>;
}

export interface RunningDemoStore {
  url: string;
  close(): Promise<void>;
}

const MAX_FORM_BYTES = 16 * 1024;

class RequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function startDemoStore(opts: DemoStoreOptions): Promise<RunningDemoStore> {
  const host = opts.host ?? "127.0.0.1";
  const workerOrigin = new URL(opts.workerOrigin).origin;
  // Exactly what a merchant would add for Doorstep: its origin, and the hash of the README's one inline
  // line (the limit on how long the page waits for doorstep.js); the page has no other inline script.
  const csp = (req: IncomingMessage) =>
    [
      "default-src 'self'",
      `script-src 'self' ${workerOrigin} ${RENDER_WAIT_CSP}`,
      `connect-src 'self' ${workerOrigin}`,
      `img-src 'self' data: ${workerOrigin}${loopbackTwin(req)}`,
      "style-src 'self'",
      "font-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join("; ");

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`demo store: ${req.method} ${req.url} failed:`, error);
      const status = error instanceof RequestError ? error.status : 500;
      const message = error instanceof RequestError ? error.message : "Something went wrong on our side. Please try again.";
      if (res.headersSent) return void res.end();
      sendHtml(res, status, errorPage(context(req), status === 500 ? "Something went wrong" : "That didn't work", message));
    });
  });

  function context(req: IncomingMessage): ShopContext {
    return { workerOrigin, storeId: opts.storeId, cartCount: cartCount(parseCart(req.headers.cookie)) };
  }

  function sendHtml(res: ServerResponse, status: number, page: Html, headers: Record<string, string> = {}) {
    const body = page.value;
    res.writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
      "Content-Security-Policy": csp(res.req),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      // The thank-you URL carries the order token; other origins only ever see ours.
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      ...headers,
    });
    res.end(res.req.method === "HEAD" ? undefined : body);
  }

  function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}) {
    res.writeHead(303, { Location: location, "Content-Length": 0, "Cache-Control": "no-store", ...headers });
    res.end();
  }

  /** Absolute links in orders point at the host the shopper used (localhost or 127.0.0.1). */
  function shopOrigin(req: IncomingMessage): string {
    const hostHeader = req.headers.host ?? "";
    return /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(hostHeader) ? `http://${hostHeader}` : url;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
    const { pathname } = new URL(req.url ?? "/", "http://shop.invalid");
    const ctx = context(req);
    const lines = parseCart(req.headers.cookie);

    if (method === "POST") {
      const form = await readForm(req);
      switch (pathname) {
        case "/cart/add": {
          const product = findProduct(form.get("sku") ?? "");
          if (!product) throw new RequestError(400, "That product is no longer available.");
          const current = lines.find((l) => l.product.sku === product.sku)?.quantity ?? 0;
          const updated = setQuantity(lines, product, current + quantityFrom(form.get("quantity"), 1));
          return redirect(res, "/cart", { "Set-Cookie": cartCookie(updated) });
        }
        case "/cart/update": {
          let updated: CartLine[] = lines;
          for (const line of lines) {
            const removed = form.get("remove") === line.product.sku;
            updated = setQuantity(updated, line.product, removed ? 0 : quantityFrom(form.get(`qty:${line.product.sku}`), line.quantity));
          }
          return redirect(res, "/cart", { "Set-Cookie": cartCookie(updated) });
        }
        case "/checkout":
          return checkout(req, res, ctx, lines, form);
      }
      if (!isGetRoute(pathname)) return sendHtml(res, 404, notFoundPage(ctx));
      return sendHtml(res, 405, errorPage(ctx, "Not allowed", "That page can't be posted to."), { Allow: "GET, HEAD" });
    }
    if (method !== "GET") {
      return sendHtml(res, 405, errorPage(ctx, "Not allowed", "That method isn't supported."), { Allow: "GET, HEAD, POST" });
    }

    const product = pathname.startsWith("/products/") ? findProduct(decodeSegment(pathname.slice(10))) : undefined;
    if (product) return sendHtml(res, 200, productPage(ctx, product));
    switch (pathname) {
      case "/":
        return sendHtml(res, 200, homePage(ctx));
      case "/cart":
        return sendHtml(res, 200, cartPage(ctx, lines, emptyCheckout));
      case "/thank-you":
        return sendHtml(res, 200, thankYouPage(ctx));
      case "/orders/status":
        return sendHtml(res, 200, orderStatusPage(ctx));
      case "/feedback":
        return sendHtml(res, 200, feedbackPage(ctx));
      case "/returns":
        return sendHtml(res, 200, returnsPage(ctx));
      case "/help":
        return sendHtml(res, 200, helpPage(ctx));
      case "/cart/add":
      case "/cart/update":
      case "/checkout":
        // Someone reloading after a redirect lands somewhere useful.
        return redirect(res, "/cart");
    }
    const file = await readStatic(pathname);
    if (file) {
      res.writeHead(200, {
        "Content-Type": file.contentType,
        "Content-Length": file.body.length,
        "Cache-Control": "public, max-age=300",
        "X-Content-Type-Options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : file.body);
      return;
    }
    return sendHtml(res, 404, notFoundPage(ctx));
  }

  async function checkout(req: IncomingMessage, res: ServerResponse, ctx: ShopContext, lines: CartLine[], form: URLSearchParams) {
    const values: CheckoutValues = {
      name: (form.get("name") ?? "").trim(),
      email: (form.get("email") ?? "").trim(),
      phone: (form.get("phone") ?? "").trim(),
      country: form.get("country") ?? "US",
      discountCode: (form.get("discount") ?? "").trim(),
    };
    const prepared = prepareOrder(lines, values, shopOrigin(req), new Date());
    if (!prepared.ok) return sendHtml(res, 422, cartPage(ctx, lines, values, prepared.message));
    const answer = await (opts.placeOrder ?? ((order: OrderInput) => postOrder(workerOrigin, opts.apiKey, order)))(prepared.order);
    if (!answer.ok) return sendHtml(res, 502, cartPage(ctx, lines, values, answer.message));
    redirect(res, `/thank-you?order=${encodeURIComponent(answer.orderToken)}`, { "Set-Cookie": cartCookie([]) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The same local shop under its other loopback name. Orders and the logo carry the absolute URLs of
 * the name they were made under (`npm run demo` uses localhost, the server listens on 127.0.0.1), so a
 * page opened under the twin name would otherwise have its own images blocked.
 */
function loopbackTwin(req: IncomingMessage): string {
  const match = /^(localhost|127\.0\.0\.1)(:\d{1,5})?$/.exec(req.headers.host ?? "");
  if (!match) return "";
  return ` http://${match[1] === "localhost" ? "127.0.0.1" : "localhost"}${match[2] ?? ""}`;
}

function isGetRoute(pathname: string): boolean {
  return (
    ["/", "/cart", "/thank-you", "/orders/status", "/feedback", "/returns", "/help"].includes(pathname) || pathname.startsWith("/products/")
  );
}

function quantityFrom(value: string | null, fallback: number): number {
  const n = Number(value ?? fallback);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new RequestError(415, "Please submit the form from the shop's page.");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new RequestError(413, "That form was too large.");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
