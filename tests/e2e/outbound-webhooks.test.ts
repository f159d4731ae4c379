/**
 * Outbound webhooks for real: an endpoint registered with the operator command, a survey answered
 * through the worker under `wrangler dev`, and a plain Node HTTP server receiving the signed event
 * right after the write, verifying it with nothing but the README's recipe.
 */
import { describe, expect, inject, it } from "vitest";
import { ensureLocalSecretKey } from "../../scripts/lib/dev-vars.ts";
import { addWebhookEndpoint } from "../../scripts/lib/store-admin.ts";
import { sql } from "../../worker/storage/statement.ts";
import { eventually, queryD1 } from "./d1.ts";
import { receiverPerFile, verify } from "./receiver.ts";

const demo = inject("demo");
const receiver = receiverPerFile();
const received = receiver.received;

describe("outbound webhooks, end to end", () => {
  it("delivers survey.submitted and survey.detractor, signed, right after the survey is saved", async () => {
    const { secret } = await addWebhookEndpoint(
      "demo",
      receiver.url(),
      ["survey.submitted", "survey.detractor", "review.created"],
      ensureLocalSecretKey(),
      { persistTo: demo.persistTo },
      {
        // The receiver is on 127.0.0.1: allowed only for local D1, and sent to only because the demo's
        // wrangler dev runs with OUTBOUND_ALLOW_LOOPBACK=true (worker/domain/webhook-target.ts).
        allowLoopback: true,
      },
    );
    const token = demo.seeded.find((o) => o.orderId === "NW-1003")!.orderToken;
    const res = await fetch(`${demo.workerOrigin}/v1/o/${token}/survey`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: demo.storeUrl },
      body: JSON.stringify({ rating: 2, standout: { choice: "delivery_speed", text: "Two days late" }, wants: "none" }),
    });
    expect(res.status).toBe(200);

    const events = await eventually(
      async () => received,
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
