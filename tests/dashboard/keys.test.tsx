/** API keys: the list, a read-only key created and shown once, revoking only when confirmed. */
import { cleanup, fireEvent, render } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KeysScreen } from "../../dashboard/keys.tsx";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

const storeKey = {
  id: "store",
  name: "Store key",
  kind: "store",
  scopes: [],
  hint: null,
  createdAt: null,
  lastUsedAt: "2026-12-06T10:00:00.000Z",
};
const sync = {
  id: "key_1",
  name: "Order sync",
  kind: "scoped",
  scopes: ["orders:write"],
  hint: "a1b2",
  createdAt: "2026-12-01T00:00:00.000Z",
  lastUsedAt: null,
};

function stub() {
  const calls: { method: string; url: string; body?: Record<string, unknown> }[] = [];
  let keys: unknown[] = [storeKey, sync];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      if (method === "POST") {
        const made = { ...sync, id: "key_2", name: body.name, scopes: body.scopes, hint: "zz99" };
        keys = [...keys, made];
        return json(201, { ...made, key: "dsk_shown_once" });
      }
      if (method === "DELETE") {
        keys = keys.filter((k) => (k as { id: string }).id !== url.split("/").at(-1));
        return new Response(null, { status: 204 });
      }
      return json(200, { keys });
    }),
  );
  return calls;
}

const OWNER = { role: "owner" as const, scopes: ["orders:write", "admin:read", "settings:write"] as const };

describe("API keys", () => {
  it("lists name, scopes and last use; the store's own key cannot be revoked here", async () => {
    stub();
    const view = render(<KeysScreen credential="dss_x" access={{ ...OWNER, scopes: [...OWNER.scopes] }} />);
    const table = await view.findByRole("table", { name: "The store's keys" });
    expect(table.textContent).toContain("Every scope (the store's own key)");
    expect(table.textContent).toContain("Order sync …a1b2");
    expect(table.textContent).toContain("never");
    expect(view.queryByRole("button", { name: "Revoke Store key" })).toBeNull();
  });

  it("creates a read-only key and shows it once; offers only the scopes the credential holds", async () => {
    const calls = stub();
    const view = render(<KeysScreen credential="dss_x" access={{ ...OWNER, scopes: [...OWNER.scopes] }} />);
    await view.findByRole("table", { name: "The store's keys" });
    expect(view.queryByLabelText(/Erase customers/)).toBeNull();
    fireEvent.input(view.getByLabelText("Name"), { target: { value: "Reporting" } });
    fireEvent.submit(view.getByRole("button", { name: "Create key" }).closest("form")!);
    await view.findByText("dsk_shown_once");
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ name: "Reporting", scopes: ["admin:read"] });
  });

  it("revokes only when confirmed", async () => {
    const calls = stub();
    const view = render(<KeysScreen credential="dss_x" access={{ ...OWNER, scopes: [...OWNER.scopes] }} />);
    await view.findByRole("table", { name: "The store's keys" });
    vi.stubGlobal("confirm", () => false);
    fireEvent.click(view.getByRole("button", { name: "Revoke Order sync" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    vi.stubGlobal("confirm", () => true);
    fireEvent.click(view.getByRole("button", { name: "Revoke Order sync" }));
    await vi.waitFor(() => expect(view.queryByRole("button", { name: "Revoke Order sync" })).toBeNull());
    expect(calls.find((c) => c.method === "DELETE")!.url).toBe("/v1/admin/keys/key_1");
  });
});
