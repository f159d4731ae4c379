/**
 * A merchant's webhook receiver for the end-to-end tests: a plain Node HTTP server that keeps what it
 * is sent, and the README's verification recipe, written from the documentation alone.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../scripts/lib/free-port.ts";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; createdAt: string; data: Record<string, unknown> & { orderId?: string } };
}

/** Starts a receiver for a test file; answers its URL and what it got (filled as requests arrive). */
export function receiverPerFile(): { url(): string; received: Received[] } {
  const received: Received[] = [];
  let url = "";
  let close = () => Promise.resolve();
  beforeAll(async () => {
    const port = await freePort();
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push({ headers: req.headers, body, event: JSON.parse(body) as Received["event"] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${port}/doorstep`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());
  return { url: () => url, received };
}

/** The README's recipe: HMAC-SHA256 over "<Doorstep-Timestamp>.<raw body>", hex, compared in constant time. */
export function verify(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers["doorstep-timestamp"]);
  const given = Buffer.from(String(headers["doorstep-signature"]).replace(/^v1=/, ""), "hex");
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}
