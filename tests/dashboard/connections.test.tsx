/** Connections: status and traffic per provider, a secret never shown (only when it was set), connect, test and remove. */
import { cleanup, fireEvent, render, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionsScreen } from "../../dashboard/connections.tsx";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

const shopify = {
  storeId: "acme",
  platform: "shopify",
  kind: "platform",
  webhookUrl: "https://doorstep.test/v1/platforms/shopify/acme",
  topics: ["orders/create"],
  settings: { shop: "acme.myshopify.com" },
  status: "active",
  lastInAt: "2026-12-05T09:00:00.000Z",
  lastOutAt: null,
  lastError: null,
  lastErrorAt: null,
  secretSetAt: "2026-12-01T08:00:00.000Z",
  credentials: ["secret", "token"],
  updatedAt: "2026-12-01T08:00:00.000Z",
};

function stub() {
  const calls: { method: string; url: string; body?: Record<string, string | boolean> }[] = [];
  let connections: unknown[] = [shopify];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      if (method === "PUT") {
        if (body.apiKey === "bad")
          return json(422, {
            error: {
              code: "invalid_values",
              message: "Invalid values.",
              details: [{ path: "apiKey", message: "the API key looks too short" }],
            },
          });
        connections = [
          ...connections,
          {
            ...shopify,
            platform: "easypost",
            kind: "aggregator",
            webhookUrl: "https://doorstep.test/v1/webhooks/easypost/acme",
            settings: {},
            lastInAt: null,
          },
        ];
        return json(200, {
          storeId: "acme",
          platform: "easypost",
          kind: "aggregator",
          webhookUrl: "https://doorstep.test/v1/webhooks/easypost/acme",
          topics: ["tracker.updated"],
        });
      }
      if (method === "POST")
        return json(200, {
          provider: "shopify",
          tested: false,
          ok: null,
          status: null,
          durationMs: null,
          message: "shopify sends to Doorstep; its last delivery came in at 2026-12-05T09:00:00.000Z.",
          at: "2026-12-06T10:00:00.000Z",
          lastInAt: shopify.lastInAt,
        });
      if (method === "DELETE") {
        connections = connections.filter((c) => !url.endsWith((c as { platform: string }).platform));
        return new Response(null, { status: 204 });
      }
      return json(200, { connections });
    }),
  );
  return calls;
}

const OWNER = { role: "owner" as const, scopes: ["admin:read" as const, "settings:write" as const] };

describe("connections", () => {
  it("lists every provider by kind: status, last delivery in, when the secret was set; never a secret field filled", async () => {
    stub();
    const view = render(<ConnectionsScreen credential="dss_x" access={OWNER} />);
    const shopifyItem = (await view.findByRole("heading", { name: /Shopify Connected/ })).closest("li")!;
    expect(shopifyItem.textContent).toContain("Last delivery in");
    expect(shopifyItem.textContent).toMatch(/SecretsApp client secret, Admin API token set on Dec 1/);
    expect(
      within(view.getByRole("heading", { name: "Tracking aggregators" }).closest("section")!).getAllByText("Not connected"),
    ).toHaveLength(2);
    fireEvent.click(within(shopifyItem).getByRole("button", { name: "Replace secret of Shopify" }));
    expect((view.getByLabelText("Shop domain") as HTMLInputElement).value).toBe("acme.myshopify.com");
    expect((view.getByLabelText("App client secret") as HTMLInputElement).value).toBe("");
    expect((view.getByLabelText("App client secret") as HTMLInputElement).type).toBe("password");
  });

  it("rotates one secret of a connection and keeps the others: left empty is kept (keep: true)", async () => {
    const calls = stub();
    const view = render(<ConnectionsScreen credential="dss_x" access={OWNER} />);
    fireEvent.click(await view.findByRole("button", { name: "Replace secret of Shopify" }));
    const secret = view.getByLabelText("App client secret") as HTMLInputElement;
    expect(secret.required).toBe(false);
    expect(
      view.getByText(/set on Dec 1.*; leave empty to keep it, type a new one to replace it/, { selector: "#shopify-secret-hint" }),
    ).toBeTruthy();
    fireEvent.input(view.getByLabelText("Admin API token"), { target: { value: "shpat_new0123456789" } });
    fireEvent.submit(view.getByRole("form", { name: "Connect Shopify" }));
    await view.findByText(/^Shopify connected\./);
    expect(calls.find((c) => c.method === "PUT")).toMatchObject({
      url: "/v1/admin/connections/shopify",
      body: { keep: true, shop: "acme.myshopify.com", token: "shpat_new0123456789" },
    });
    expect(calls.find((c) => c.method === "PUT")!.body).not.toHaveProperty("secret");
  });

  it("connects an aggregator with its key, shows the URL to paste, and names a refused field", async () => {
    const calls = stub();
    const view = render(<ConnectionsScreen credential="dss_x" access={OWNER} />);
    fireEvent.click(await view.findByRole("button", { name: "Connect EasyPost" }));
    fireEvent.input(view.getByLabelText("API key"), { target: { value: "bad" } });
    fireEvent.submit(view.getByRole("form", { name: "Connect EasyPost" }));
    expect(await view.findByText("the API key looks too short")).toBeTruthy();
    expect(view.getByLabelText("API key").getAttribute("aria-invalid")).toBe("true");
    fireEvent.input(view.getByLabelText("API key"), { target: { value: "EZAK0123456789" } });
    fireEvent.submit(view.getByRole("form", { name: "Connect EasyPost" }));
    expect(
      await view.findByText(/EasyPost connected\. In EasyPost, send webhooks to https:\/\/doorstep\.test\/v1\/webhooks\/easypost\/acme/),
    ).toBeTruthy();
    expect(calls.filter((c) => c.method === "PUT").at(-1)).toMatchObject({
      url: "/v1/admin/connections/easypost",
      body: { apiKey: "EZAK0123456789" },
    });
    await view.findByRole("heading", { name: /EasyPost Connected/ });
  });

  it("tests a platform (it is not called: when it last delivered), and removes only when confirmed", async () => {
    const calls = stub();
    const view = render(<ConnectionsScreen credential="dss_x" access={OWNER} />);
    fireEvent.click(await view.findByRole("button", { name: "Test Shopify" }));
    expect(await view.findByText(/Shopify test: shopify sends to Doorstep/)).toBeTruthy();
    vi.stubGlobal("confirm", () => false);
    fireEvent.click(view.getByRole("button", { name: "Remove Shopify" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    vi.stubGlobal("confirm", () => true);
    fireEvent.click(view.getByRole("button", { name: "Remove Shopify" }));
    expect(await view.findByText("Shopify removed.")).toBeTruthy();
    expect(calls.find((c) => c.method === "DELETE")!.url).toBe("/v1/admin/connections/shopify");
  });

  it("links to the webhook endpoints screen", async () => {
    stub();
    const go = vi.fn();
    const view = render(<ConnectionsScreen credential="dss_x" access={OWNER} go={go} />);
    fireEvent.click(await view.findByRole("button", { name: "Manage webhook endpoints" }));
    expect(go).toHaveBeenCalledWith("webhooks");
  });
});
