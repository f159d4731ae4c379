/**
 * Where outbound webhooks may go (issue 17, item 6): the security pass's probes, each refused with its
 * reason, and the loopback exception for local runs, which loosens nothing else.
 */
import { describe, expect, it } from "vitest";
import { checkWebhookTarget } from "../../../worker/domain/webhook-target.ts";

const reasonFor = (url: string, allowLoopback = false) => {
  const check = checkWebhookTarget(url, { allowLoopback });
  return check.ok ? "accepted" : check.reason;
};

describe("checkWebhookTarget", () => {
  it.each([
    // The security pass's probes.
    ["http://127.0.0.1/hook", /must use https/],
    ["https://127.0.0.1/hook", /not an IP address \(127\.0\.0\.1\)/],
    ["https://[::1]/hook", /not an IPv6 address/],
    ["https://0x7f000001/hook", /not an IP address \(127\.0\.0\.1\)/],
    ["https://10.0.0.1/hook", /not an IP address/],
    ["http://169.254.169.254/latest/meta-data/", /must use https/],
    ["https://169.254.169.254/latest/meta-data/", /not an IP address/],
    ["https://localhost/hook", /single-label/],
    ["http://hooks.acme.example/doorstep", /must use https \(not http\)/],
    ["https://user:pass@hooks.acme.example/doorstep", /user name or password/],
    // Every other way of writing an address.
    ["https://2130706433/", /not an IP address \(127\.0\.0\.1\)/],
    ["https://0177.0.0.1/", /not an IP address \(127\.0\.0\.1\)/],
    ["https://127.1/", /not an IP address \(127\.0\.0\.1\)/],
    ["https://0/", /not an IP address \(0\.0\.0\.0\)/],
    ["https://[::ffff:127.0.0.1]/", /not an IPv6 address/],
    ["https://[::ffff:a9fe:a9fe]/", /not an IPv6 address/],
    ["https://[fd00::1]/", /not an IPv6 address/],
    ["https://8.8.8.8/", /not an IP address/],
    // Local and internal names.
    ["https://localhost./", /single-label/],
    ["https://api.localhost/", /local or internal/],
    ["https://printer.local/", /local or internal/],
    ["https://metadata.google.internal/computeMetadata/v1/", /local or internal/],
    ["https://router.home.arpa/", /local or internal/],
    ["https://1.0.0.127.in-addr.arpa/", /local or internal/],
    ["https://intranet/", /single-label/],
    ["https://127.0.0.1.nip.io/", /spell an IP address/],
    ["https://10-0-0-1.sslip.io/", /spell an IP address/],
    // Ports, schemes, and what is not a URL.
    ["https://hooks.acme.example:8443/doorstep", /port 443 \(not 8443\)/],
    ["https://hooks.acme.example:22/", /port 443/],
    ["ftp://hooks.acme.example/", /must use https \(not ftp\)/],
    ["file:///etc/passwd", /must use https/],
    ["hooks.acme.example/doorstep", /is not a URL/],
    [`https://hooks.acme.example/${"x".repeat(2100)}`, /at most 2048/],
  ])("refuses %s", (url, reason) => {
    expect(reasonFor(url)).toMatch(reason);
  });

  it.each([
    "https://hooks.acme.example/doorstep",
    "https://hooks.acme.example:443/doorstep?x=1",
    "https://HOOKS.Acme.Example./x",
    "https://xn--bcher-kva.example/hook",
    "https://api.zapier.com/hooks/catch/1/abc/",
  ])("accepts %s", (url) => {
    expect(reasonFor(url)).toBe("accepted");
  });

  it("answers the URL as it will be sent (normalised)", () => {
    expect(checkWebhookTarget("https://HOOKS.acme.example:443/a")).toEqual({ ok: true, url: "https://hooks.acme.example/a" });
  });

  it("lets a local run reach this machine's loopback, and nothing more, only when asked", () => {
    for (const url of [
      "http://127.0.0.1:5173/doorstep",
      "http://localhost:3000/x",
      "https://[::1]:8443/x",
      "http://127.9.9.9/x",
      "http://receiver.localhost:9000/",
    ]) {
      expect(reasonFor(url), url).not.toBe("accepted");
      expect(reasonFor(url, true), url).toBe("accepted");
    }
    for (const url of [
      "http://10.0.0.1/",
      "http://169.254.169.254/",
      "http://0x7f000001.nip.io/",
      "http://hooks.acme.example/",
      "http://user:pw@127.0.0.1/",
      "https://[::ffff:127.0.0.1]/",
    ]) {
      expect(reasonFor(url, true), url).not.toBe("accepted");
    }
  });
});
