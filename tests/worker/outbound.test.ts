/**
 * The worker checks a webhook endpoint's URL again at every send (issue 17, item 6): an endpoint row
 * stored before the check existed, or written around the operator command, never makes the worker call
 * an internal address; the loopback exception exists only when the deployment sets it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { randomToken } from "../../worker/crypto/random.ts";
import { sealJson } from "../../worker/crypto/secret-box.ts";
import { deliverDue } from "../../worker/services/outbound-delivery.ts";
import { addEndpointStatement, outboundEventStatements } from "../../worker/storage/outbound.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { createStore } from "./fixtures.ts";

const STORED_EARLIER = [
  "http://127.0.0.1:8787/v1/admin/moments/run",
  "http://[::1]/",
  "http://0x7f000001/",
  "https://10.0.0.1/hook",
  "http://169.254.169.254/latest/meta-data/",
  "http://localhost/hook",
  "http://hooks.acme.example/plain-http",
  "https://user:pass@hooks.acme.example/creds",
];
const PUBLIC = "https://hooks.acme.example/doorstep";

async function storeWithEndpoints(urls: string[]) {
  const store = await createStore();
  const now = new Date().toISOString();
  const sealed = await sealJson(env.DOORSTEP_SECRET_KEY, { secret: "s" });
  await runBatch(env.DB, [
    ...urls.map((url, i) =>
      addEndpointStatement(store.id, { id: `we_${i}_${randomToken(4)}`, url, secretSealed: sealed, events: ["review.created"] }, now),
    ),
    ...outboundEventStatements(store.id, { id: `evt_${randomToken(8)}`, type: "review.created", data: { orderId: "o-1" } }, now),
  ]);
  return store;
}

const recorder = () => {
  const sent: string[] = [];
  return { sent, send: async (url: string) => (sent.push(url), new Response(null, { status: 204 })) };
};

describe("outbound delivery re-checks the endpoint URL", () => {
  it("never sends to a stored internal, plain-http or credentialed URL, and gives up on it at once", async () => {
    const store = await storeWithEndpoints([...STORED_EARLIER, PUBLIC]);
    const { sent, send } = recorder();
    const result = await deliverDue(env, { storeId: store.id, send, limit: 50 });
    expect(sent).toEqual([PUBLIC]);
    expect(result).toEqual({ delivered: 1, failed: STORED_EARLIER.length });
    const { results } = await env.DB.prepare(
      `SELECT e.url, d.next_attempt_at, a.error FROM outbound_deliveries d
       JOIN webhook_endpoints e ON e.store_id = d.store_id AND e.id = d.endpoint_id
       JOIN outbound_attempts a ON a.store_id = d.store_id AND a.event_id = d.event_id AND a.endpoint_id = d.endpoint_id
       WHERE d.store_id = ? AND d.delivered_at IS NULL`,
    )
      .bind(store.id)
      .all<{ url: string; next_attempt_at: string | null; error: string }>();
    expect(results).toHaveLength(STORED_EARLIER.length);
    for (const row of results) {
      expect(row.error, row.url).toMatch(/^endpoint URL refused: /);
      expect(row.next_attempt_at, row.url).toBeNull(); // not retried: the row cannot become right by waiting
    }
    expect(results.find((r) => r.url.includes("169.254"))!.error).toMatch(/https/);
    expect(results.find((r) => r.url.includes("user:pass"))!.error).toMatch(/user name or password/);
  });

  it("reaches a loopback receiver only where the deployment allows it (wrangler dev for the tests and demo)", async () => {
    const strict = await storeWithEndpoints(["http://127.0.0.1:9999/doorstep"]);
    const first = recorder();
    expect(env.OUTBOUND_ALLOW_LOOPBACK).toBe("false");
    await deliverDue(env, { storeId: strict.id, send: first.send });
    expect(first.sent).toEqual([]);

    const local = await storeWithEndpoints(["http://127.0.0.1:9999/doorstep", "http://10.0.0.1/doorstep"]);
    const second = recorder();
    await deliverDue({ ...env, OUTBOUND_ALLOW_LOOPBACK: "true" } as unknown as Env, { storeId: local.id, send: second.send });
    expect(second.sent).toEqual(["http://127.0.0.1:9999/doorstep"]);
  });
});
