/** Webhook endpoints: list, add with events (secret shown once), pause, rotate, test, delete after confirming, the log. */
import { cleanup, fireEvent, render } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WebhookEndpointView } from "../../contract/self-service.ts";
import { WebhooksScreen } from "../../dashboard/webhooks.tsx";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

const endpoint: WebhookEndpointView = {
  id: "we_1",
  url: "https://hooks.acme.example/in",
  host: "hooks.acme.example",
  events: ["survey.submitted"],
  paused: false,
  pausedAt: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: null,
  pending: 2,
  lastAttempt: { at: "2026-12-06T10:00:00.000Z", status: 200, error: null, durationMs: 120 },
};

function stub() {
  const calls: { method: string; url: string; body?: Record<string, unknown> }[] = [];
  let list = [endpoint];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      if (url === "/v1/admin/webhooks" && method === "GET") return json(200, { endpoints: list });
      if (url === "/v1/admin/webhooks" && method === "POST") {
        if (!String(body.url).startsWith("https://"))
          return json(422, {
            error: {
              code: "invalid_values",
              message: "Some values are invalid: url.",
              details: [{ path: "url", message: "the URL must be https" }],
            },
          });
        const added = { ...endpoint, id: "we_2", url: body.url, host: "new.example", events: body.events };
        list = [...list, added];
        return json(201, { ...added, secret: "dsw_secret_once" });
      }
      if (url.endsWith("/test"))
        return json(200, { endpointId: "we_1", eventId: "evt", delivered: true, at: "x", status: 204, error: null, durationMs: 88 });
      if (url.includes("/deliveries"))
        return json(200, {
          endpointId: "we_1",
          pending: 2,
          nextBefore: null,
          attempts: [
            {
              at: "2026-12-06T10:00:00.000Z",
              status: 503,
              error: null,
              durationMs: 900,
              eventId: "evt_9",
              eventType: "survey.submitted",
              attempt: 2,
            },
          ],
        });
      if (method === "PATCH") {
        if (body.rotateSecret) return json(200, { ...endpoint, secret: "dsw_rotated" });
        list = list.map((e) => ({ ...e, paused: body.paused }));
        return json(200, list[0]);
      }
      if (method === "DELETE") {
        list = [];
        return new Response(null, { status: 204 });
      }
      return json(404, {});
    }),
  );
  return calls;
}

const owner = { role: "owner" as const, scopes: ["webhooks:write" as const] };

describe("webhook endpoints", () => {
  it("lists each endpoint with its events, what waits and the last attempt", async () => {
    stub();
    const view = render(<WebhooksScreen credential="dss_x" access={owner} />);
    await view.findByRole("heading", { name: "hooks.acme.example" });
    expect(view.container.textContent).toContain("Survey answered · 2 waiting · last attempt HTTP 200 in 120 ms");
  });

  it("adds an endpoint with the chosen events and shows its secret once; a bad URL is named", async () => {
    const calls = stub();
    const view = render(<WebhooksScreen credential="dss_x" access={owner} />);
    await view.findByRole("heading", { name: "hooks.acme.example" });
    fireEvent.input(view.getByLabelText("URL"), { target: { value: "http://plain.example" } });
    fireEvent.submit(view.getByRole("button", { name: "Add endpoint" }).closest("form")!);
    await view.findByText("the URL must be https");
    expect(view.getByLabelText("URL").getAttribute("aria-invalid")).toBe("true");
    // Each event by its name, with the type an endpoint receives beside it.
    fireEvent.click(view.getByLabelText("Review written review.created"));
    fireEvent.input(view.getByLabelText("URL"), { target: { value: "https://new.example/hook" } });
    fireEvent.submit(view.getByRole("button", { name: "Add endpoint" }).closest("form")!);
    await view.findByText("dsw_secret_once");
    const post = calls.filter((c) => c.method === "POST").at(-1)!;
    expect(post.body!.url).toBe("https://new.example/hook");
    expect(post.body!.events).not.toContain("review.created");
    expect(post.body!.events).toContain("survey.submitted");
  });

  it("pauses, tests, rotates, shows the log, and deletes only when confirmed", async () => {
    const calls = stub();
    const view = render(<WebhooksScreen credential="dss_x" access={owner} />);
    await view.findByRole("heading", { name: "hooks.acme.example" });
    fireEvent.click(view.getByRole("button", { name: "Pause hooks.acme.example" }));
    await view.findByRole("button", { name: "Resume hooks.acme.example" });
    expect(calls.find((c) => c.method === "PATCH")!.body).toEqual({ paused: true });

    fireEvent.click(view.getByRole("button", { name: "Send a test to hooks.acme.example" }));
    await view.findByText(/Test to hooks.acme.example: delivered, HTTP 204 in 88 ms/);

    vi.stubGlobal("confirm", () => true);
    fireEvent.click(view.getByRole("button", { name: "Rotate secret of hooks.acme.example" }));
    await view.findByText("dsw_rotated");

    fireEvent.click(view.getByRole("button", { name: "Delivery log of hooks.acme.example" }));
    const table = await view.findByRole("table", { name: /Deliveries to hooks.acme.example/ });
    expect(table.textContent).toContain("HTTP 503");
    expect(table.textContent).toContain("900 ms");

    vi.stubGlobal("confirm", () => false);
    fireEvent.click(view.getByRole("button", { name: "Delete hooks.acme.example" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    vi.stubGlobal("confirm", () => true);
    fireEvent.click(view.getByRole("button", { name: "Delete hooks.acme.example" }));
    await view.findByText(/No endpoints yet/);
  });
});
