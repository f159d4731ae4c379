/**
 * Outbound webhooks for real: an endpoint registered with the operator command, a survey answered
 * through the worker under `wrangler dev`, and a plain Node HTTP server receiving the signed event
 * right after the write, verifying it with nothing but the README's recipe.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureLocalSecretKey } from "../../scripts/lib/dev-vars.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import { addWebhookEndpoint } from "../../scripts/lib/store-admin.ts";
import { sql } from "../../worker/storage/statement.ts";
import { eventually, queryD1 } from "./d1.ts";

const demo = inject("demo");
let server: Server;
let url: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  const port = await freePort();
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${port}/doorstep`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The README's recipe: HMAC-SHA256 over "<Doorstep-Timestamp>.<raw body>", hex, compared in constant time. */
function verify(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers["doorstep-timestamp"]);
  const given = Buffer.from(String(headers["doorstep-signature"]).replace(/^v1=/, ""), "hex");
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

describe("outbound webhooks, end to end", () => {
  it("delivers survey.submitted and survey.detractor, signed, right after the survey is saved", async () => {
    const { secret } = await addWebhookEndpoint("demo", url, [], ensureLocalSecretKey(), { persistTo: demo.persistTo });
    const token = demo.seeded.find((o) => o.orderId === "NW-1003")!.orderToken;
    const res = await fetch(`${demo.workerOrigin}/v1/o/${token}/survey`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: demo.storeUrl },
      body: JSON.stringify({ rating: 2, standout: { choice: "delivery_speed", text: "Two days late" }, wants: "none" }),
    });
    expect(res.status).toBe(200);

    const events = await eventually(
      async () => received.map((r) => ({ ...r, event: JSON.parse(r.body) as { id: string; type: string; data: { orderId: string } } })),
      (list) => list.filter((r) => r.event.data.orderId === "NW-1003").length >= 2,
    );
    const mine = events.filter((r) => r.event.data.orderId === "NW-1003");
    expect(mine.map((r) => r.event.type).sort()).toEqual(["survey.detractor", "survey.submitted"]);
    for (const r of mine) {
      expect(verify(secret, r.headers, r.body)).toBe(true);
      expect(verify("dsw_wrong", r.headers, r.body)).toBe(false);
      expect(r.headers["doorstep-event-id"]).toBe(r.event.id);
    }
    const attempts = await queryD1(sql(`SELECT count(*) AS n FROM outbound_attempts WHERE store_id = 'demo' AND status = 204`));
    expect(Number(attempts[0]!.n)).toBeGreaterThanOrEqual(2);
  });
});
