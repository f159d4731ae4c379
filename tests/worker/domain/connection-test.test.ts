/** A connection's test call and what its answer means, per vendor (worker/domain/connection-test.ts). */
import { describe, expect, it } from "vitest";
import { probeRequest, probeVerdict } from "../../../worker/domain/connection-test.ts";
import { KLAVIYO_REVISION } from "../../../worker/domain/klaviyo.ts";

const bases = {
  easypost: "https://api.easypost.com/v2/",
  aftership: "https://api.aftership.com/tracking/2026-07",
  klaviyo: "https://a.klaviyo.com",
};

describe("probeRequest", () => {
  it.each([
    [
      "easypost",
      "https://api.easypost.com/v2/trackers?page_size=1",
      { Authorization: `Basic ${btoa("EZAK123:")}`, Accept: "application/json" },
    ],
    ["aftership", "https://api.aftership.com/tracking/2026-07/couriers", { "as-api-key": "EZAK123", Accept: "application/json" }],
    [
      "klaviyo",
      "https://a.klaviyo.com/api/accounts",
      { Authorization: "Klaviyo-API-Key EZAK123", revision: KLAVIYO_REVISION, Accept: "application/vnd.api+json" },
    ],
  ] as const)("%s: a read-only call with the key", (provider, url, headers) => {
    expect(probeRequest(provider, bases, { apiKey: "EZAK123" })).toEqual({ url, headers });
  });

  it.each(["shopify", "woocommerce"] as const)("%s: nothing to call (platforms send to Doorstep)", (provider) => {
    expect(probeRequest(provider, bases, {})).toBeNull();
  });
});

describe("probeVerdict", () => {
  it.each([
    [200, "{}", true, "answered 200: the credentials work"],
    [204, "", true, "answered 204: the credentials work"],
    [
      401,
      '{"error":{"code":"APIKEY.INACTIVE","message":"This api key is no longer active."}}',
      false,
      "HTTP 401: This api key is no longer active.",
    ],
    [401, '{"meta":{"code":401,"message":"The API key is invalid."},"data":{}}', false, "HTTP 401: The API key is invalid."],
    [
      403,
      '{"errors":[{"detail":"This API key is missing required scopes: accounts:read."}]}',
      false,
      "HTTP 403: This API key is missing required scopes: accounts:read.",
    ],
    [502, "<html>Bad gateway</html>", false, "HTTP 502"],
    [
      null,
      "TimeoutError: The operation was aborted due to timeout",
      false,
      "no answer: TimeoutError: The operation was aborted due to timeout",
    ],
  ] as const)("%s %s: ok %s", (status, body, ok, message) => {
    expect(probeVerdict(status, body)).toEqual({ ok, message });
  });
});
