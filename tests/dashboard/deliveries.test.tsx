/** The dashboard's messages to the store's tools: counts per destination, failures and retries in plain words, Klaviyo's last error. */
import { render, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DELIVERY_ERRORS } from "../../contract/delivery-errors.ts";
import type { DeliveriesAnswer } from "../../contract/outbound.ts";
import { inPlainWords, MessagesSection } from "../../dashboard/deliveries.tsx";
import { eventInWords } from "../../dashboard/vocabulary.ts";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => vi.unstubAllGlobals());

const REFUSED = "HTTP 401: authentication_failed: Incorrect authentication credentials.";

const deliveries: DeliveriesAnswer = {
  since: "2026-11-29T12:00:00.000Z",
  counts: [
    { destination: "klaviyo", host: null, delivered: 12, retrying: 0, failed: 2, cancelled: 0 },
    { destination: "we_a1b2c3", host: "hooks.acme.example", delivered: 30, retrying: 1, failed: 0, cancelled: 2 },
  ],
  deliveries: [
    {
      destination: "we_a1b2c3",
      host: "hooks.acme.example",
      eventId: "mom_3",
      eventType: "moment.order_confirmed",
      orderId: "1044",
      state: "retrying",
      attempts: 3,
      lastAttempt: { at: "2026-12-06T10:00:00.000Z", status: 503, error: "HTTP 503" },
      nextAttemptAt: "2026-12-06T11:00:00.000Z",
    },
    {
      destination: "klaviyo",
      host: null,
      eventId: "mom_2",
      eventType: "moment.loyalty",
      orderId: "1042",
      state: "failed",
      attempts: 1,
      lastAttempt: { at: "2026-12-06T09:00:00.000Z", status: 401, error: REFUSED },
      nextAttemptAt: null,
    },
    {
      destination: "klaviyo",
      host: null,
      eventId: "rev_1",
      eventType: "review.created",
      orderId: null,
      state: "failed",
      attempts: 1,
      lastAttempt: { at: "2026-12-06T08:00:00.000Z", status: 401, error: REFUSED },
      nextAttemptAt: null,
    },
  ],
};

const connections = {
  connections: [
    { platform: "shopify", kind: "platform", status: "active", lastOutAt: null, lastError: null, lastErrorAt: null },
    {
      platform: "klaviyo",
      kind: "destination",
      status: "active",
      lastOutAt: "2026-12-01T10:00:00.000Z",
      lastError: `moment.loyalty: ${REFUSED}`,
      lastErrorAt: "2026-12-06T09:00:00.000Z",
    },
  ],
};

function stub(answers: { deliveries?: unknown; connections?: unknown }) {
  const fetch = vi.fn(async (url: string) =>
    url.startsWith("/v1/admin/deliveries") ? json(200, answers.deliveries ?? deliveries) : json(200, answers.connections ?? connections),
  );
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const cells = (row: HTMLElement) => [...row.children].map((c) => c.textContent!.replace(/\s+/g, " ").trim());

describe("messages to your tools on the dashboard", () => {
  it("counts each destination's week, lists failures and retries with the error in plain words, and shows Klaviyo's last error", async () => {
    const fetch = stub({});
    const { container } = render(<MessagesSection credential="dss_x" />);
    const view = within(container as HTMLElement);
    const problems = await waitFor(() => view.getByRole("table", { name: "Messages that failed or are being retried, newest first" }));
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(["/v1/admin/deliveries", "/v1/admin/connections"]);
    view.getByRole("region", { name: "Messages to your tools" });
    view.getByText(/In the last 7 days: 2 messages failed for good, 1 is being retried/);

    // One column per destination, one row per outcome.
    const counts = view.getByRole("table", { name: "Last 7 days, by destination" });
    const destinations = within(counts).getAllByRole("columnheader");
    expect(destinations.map((h) => [h.textContent, h.getAttribute("scope")])).toEqual([
      ["Klaviyo", "col"],
      ["Webhook to hooks.acme.example", "col"],
    ]);
    const outcomes = within(counts).getAllByRole("row").slice(1).map(cells);
    expect(outcomes).toEqual([
      ["Delivered", "12", "30"],
      ["Being retried", "0", "1"],
      ["Failed for good", "2", "0"],
      ["Stopped: consent withdrawn", "0", "2"],
    ]);
    for (const row of within(counts).getAllByRole("row").slice(1)) expect(row.firstElementChild!.getAttribute("scope")).toBe("row");

    const rows = within(problems).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.firstElementChild!.getAttribute("scope")).toBe("row");
    const [retry, loyalty, review] = rows.map(cells);
    expect(retry![0]).toBe("Order confirmed · order 1044");
    expect(retry![1]).toBe("Webhook to hooks.acme.example");
    expect(retry![2]).toMatch(/^Retrying \(3 tries so far\), next .+ Your endpoint had a problem of its own \(HTTP 503\)\. HTTP 503$/);
    expect(loyalty![0]).toBe("Loyalty · order 1042");
    expect(loyalty![1]).toBe("Klaviyo");
    expect(loyalty![2]).toMatch(/^Failed after 1 try, last .+ Klaviyo refused the API key: it was revoked, deleted or mistyped\./);
    // The words as recorded stay beside the plain ones, for support.
    expect(loyalty![2]).toContain(REFUSED);
    expect(review![0]).toBe("Review written");
    // Times are machine-readable too.
    expect(rows[1]!.querySelector("time")!.getAttribute("datetime")).toBe("2026-12-06T09:00:00.000Z");

    // Klaviyo's connection, from GET /v1/admin/connections: its last error, in plain words; platforms are not listed here.
    const klaviyo = view.getByRole("heading", { name: "Klaviyo", level: 3 }).parentElement!;
    expect(klaviyo.textContent).toContain("Connected");
    expect(klaviyo.textContent).toContain("(loyalty): Klaviyo refused the API key");
    expect(klaviyo.textContent).not.toContain("gone through since");
    expect(view.queryByRole("heading", { name: "shopify" })).toBeNull();
    // Each table can be scrolled sideways on a phone, by keyboard too, and is named by its caption.
    for (const name of ["Last 7 days, by destination", "Messages that failed or are being retried, newest first"])
      expect(view.getByRole("region", { name }).getAttribute("tabindex")).toBe("0");
  });

  it("says when nothing went wrong, and when nothing was sent at all", async () => {
    stub({
      deliveries: { ...deliveries, counts: [deliveries.counts[0]!], deliveries: [] },
      connections: { connections: [{ ...connections.connections[1], lastError: null, lastErrorAt: null }] },
    });
    const first = render(<MessagesSection credential="dss_x" />);
    await waitFor(() => within(first.container as HTMLElement).getByText("No message failed or is waiting for a retry."));
    expect(within(first.container as HTMLElement).queryByText(/Last error/)).toBeNull();
    first.unmount();

    stub({ deliveries: { since: deliveries.since, counts: [], deliveries: [] }, connections: { connections: [] } });
    const second = render(<MessagesSection credential="dss_x" />);
    await waitFor(() => within(second.container as HTMLElement).getByText(/Nothing was sent to your tools in the last 7 days/));
    expect(within(second.container as HTMLElement).queryByRole("table")).toBeNull();
  });

  it("says why when the answer cannot be fetched, without taking the rest of the dashboard down", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => json(500, { error: { code: "internal_error", message: "Something went wrong." } })),
    );
    const { container } = render(<MessagesSection credential="dss_x" />);
    const alert = await waitFor(() => within(container as HTMLElement).getByRole("alert"));
    expect(alert.textContent).toBe("Something went wrong.");
  });
});

describe("errors in plain words", () => {
  it.each([
    ["klaviyo", REFUSED, "Klaviyo refused the API key"],
    ["klaviyo", "HTTP 403: permission_denied: This API key is missing required scopes: events:write.", "events:write scope"],
    ["klaviyo", "HTTP 429: throttled: Request was throttled.", "Klaviyo asked Doorstep to slow down"],
    ["klaviyo", "HTTP 400: invalid: 'properties' is a required field", "Klaviyo refused the event as invalid (HTTP 400)"],
    ["klaviyo", "HTTP 502", "Klaviyo had a problem of its own (HTTP 502)"],
    ["klaviyo", "Klaviyo is not connected", "Klaviyo was disconnected"],
    ["klaviyo", "the customer was erased", "data was erased"],
    ["klaviyo", "no email, phone or customer id to name the Klaviyo profile", "needs an email"],
    ["klaviyo", "TypeError: fetch failed", "could not reach Klaviyo"],
    ["we_1", "TimeoutError: The operation was aborted due to timeout", "did not answer within 10 seconds"],
    ["we_1", "HTTP 404", "Your endpoint's address was not found (HTTP 404)"],
    ["we_1", "HTTP 301", "does not follow redirects"],
    ["we_1", "HTTP 401", "Your endpoint refused the request as unauthorised (HTTP 401)"],
    ["we_1", "HTTP 418", "Your endpoint refused it (HTTP 418)"],
    ["we_1", "endpoint URL refused: not https", "must be a public https:// address"],
    ["we_1", "endpoint or event no longer exists", "was removed"],
    ["we_1", "cancelled: marketing consent withdrawn", "withdrew marketing consent"],
    ["we_1", null, "No reason was recorded."],
  ])("%s, %s", (destination, error, words) => {
    expect(inPlainWords(destination, error)).toContain(words);
  });

  // The worker writes its reasons from contract/delivery-errors.ts: each has wording of its own, none
  // falls through to "could not reach" (what an unrecognised error reads as).
  it.each(Object.entries(DELIVERY_ERRORS))("the worker's reason %s has words of its own", (_name, reason) => {
    const unreachable = inPlainWords("klaviyo", "TypeError: fetch failed");
    for (const destination of ["klaviyo", "we_1"]) {
      const words = inPlainWords(destination, `${reason}: as recorded`);
      expect(words).not.toBe(inPlainWords(destination, "TypeError: fetch failed"));
      expect(words).not.toBe(unreachable);
    }
  });

  it("names events as a merchant reads them", () => {
    expect(eventInWords("moment.out_for_delivery")).toBe("Out for delivery");
    expect(eventInWords("survey.detractor")).toBe("Unhappy survey answer");
  });
});
