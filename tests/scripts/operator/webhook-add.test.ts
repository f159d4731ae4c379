/**
 * The operator command `webhook:add` refuses what the worker would refuse to send to (issue 17, item 6),
 * with the reason, before it touches any database: the same check (worker/domain/webhook-target.ts).
 * Runs in this Node project because the command's module starts wrangler, which workerd cannot.
 */
import { describe, expect, it } from "vitest";
import { addWebhookEndpoint, OperatorError } from "../../../scripts/lib/store-admin.ts";

const KEY = "dGVzdC1vbmx5LWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=";
const add = (url: string, target = {}, options = {}) => addWebhookEndpoint("acme", url, [], KEY, target, options);

describe("webhook:add", () => {
  it.each([
    ["http://127.0.0.1/hook", /must use https/],
    ["https://[::1]/hook", /IPv6/],
    ["https://0x7f000001/hook", /IP address \(127\.0\.0\.1\)/],
    ["https://10.0.0.1/hook", /IP address/],
    ["https://169.254.169.254/latest/meta-data/", /IP address/],
    ["https://localhost/hook", /single-label/],
    ["http://hooks.acme.example/doorstep", /must use https/],
    ["https://user:pass@hooks.acme.example/doorstep", /user name or password/],
  ])("refuses %s with the reason", async (url, reason) => {
    const refused = add(url);
    await expect(refused).rejects.toBeInstanceOf(OperatorError);
    await expect(refused).rejects.toThrow(reason);
  });

  it("refuses an event type it does not know, naming it, before touching any database", async () => {
    await expect(addWebhookEndpoint("acme", "https://hooks.acme.example/x", ["review.created", "review.deleted"], KEY, {})).rejects.toThrow(
      /unknown event\(s\) review\.deleted/,
    );
  });

  it("takes --allow-loopback for a local receiver only, never with --remote, and it loosens nothing else", async () => {
    await expect(add("http://127.0.0.1:5173/doorstep", { remote: true }, { allowLoopback: true })).rejects.toThrow(/local runs/);
    await expect(add("http://10.0.0.1/doorstep", {}, { allowLoopback: true })).rejects.toThrow(/must use https/);
    await expect(add("https://169.254.169.254/", {}, { allowLoopback: true })).rejects.toThrow(/IP address/);
  });
});
