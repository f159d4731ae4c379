/** The dashboard shows each role only what it may do (the server refuses the rest anyway). */
import { describe, expect, it } from "vitest";
import type { SessionInfo } from "../../contract/self-service.ts";
import { can, screensFor, whoInWords } from "../../dashboard/access.ts";

const session = (role: SessionInfo["role"], scopes: SessionInfo["scopes"]): SessionInfo => ({
  storeId: "acme",
  storeName: "Acme",
  credential: role ? "session" : "api_key",
  role,
  person: null,
  key: role ? null : { id: "store", name: "Store key" },
  scopes,
  expiresAt: null,
});

const OWNER = session("owner", ["orders:write", "catalog:write", "admin:read", "settings:write", "customers:erase", "webhooks:write"]);
const ANALYST = session("analyst", ["admin:read"]);
const SUPPORT = session("support", ["admin:read", "orders:write"]);

describe("what each role sees", () => {
  it("an owner every screen", () => {
    expect(screensFor(OWNER).map((s) => s.id)).toEqual([
      "figures",
      "order",
      "surveys",
      "settings",
      "connections",
      "webhooks",
      "keys",
      "people",
    ]);
  });
  it("an analyst the figures and surveys to read, nothing to change and no shopper lookup", () => {
    expect(screensFor(ANALYST).map((s) => s.id)).toEqual(["figures", "surveys"]);
    expect(can(ANALYST, "orders:write")).toBe(false);
  });
  it("support orders and alerts, no surveys, settings, keys or erasure", () => {
    expect(screensFor(SUPPORT).map((s) => s.id)).toEqual(["figures", "order"]);
    expect(can(SUPPORT, "orders:write")).toBe(true);
    expect(can(SUPPORT, "customers:erase")).toBe(false);
  });
  it("an API key by its scopes alone: a read-only key finds orders too (it has no role)", () => {
    expect(screensFor(session(null, ["admin:read"])).map((s) => s.id)).toEqual(["figures", "order", "surveys"]);
  });
  it("nothing before the session is known", () => {
    expect(screensFor(undefined)).toEqual([]);
  });
  it("an API key with admin:read (no role) the surveys too, as an analyst", () => {
    expect(screensFor({ role: null, scopes: ["admin:read"] }).map((s) => s.id)).toEqual(["figures", "order", "surveys"]);
  });
  it("names who is signed in", () => {
    expect(whoInWords(ANALYST)).toBe("Analyst · analyst (read-only)");
    expect(whoInWords({ ...SUPPORT, person: "Sam" })).toBe("Sam · support");
    expect(whoInWords(OWNER)).toBe("Owner · owner");
    expect(whoInWords(session(null, ["admin:read"]))).toBe("API key: Store key");
  });
});
