/**
 * The pure parts of running a store (issue 26): scopes and roles, a key's last use, settings merged
 * section by section and their changes, and what an endpoint shows and the audit log keeps of it.
 */
import { describe, expect, it } from "vitest";
import { SETTINGS_SECTIONS } from "../../../contract/self-service.ts";
import { ROLES, SCOPES } from "../../../contract/vocabularies.ts";
import {
  lastUseIsStale,
  missingScope,
  normalScopes,
  ROLE_SCOPES,
  scopeRefusal,
  sessionAccess,
  storeKeyAccess,
} from "../../../worker/domain/access.ts";
import { canonical, mergeSettings, settingsChanges, type SettingsPatch } from "../../../worker/domain/settings.ts";
import {
  chosenEventTypes,
  endpointChange,
  endpointHost,
  endpointView,
  unknownEventTypes,
} from "../../../worker/domain/webhook-endpoints.ts";
import { settingsPatch, storeSettings } from "../../../worker/schemas/store.ts";

describe("scopes and roles", () => {
  it.each([
    [["admin:read"], ["admin:read"], null],
    [["admin:read"], ["admin:read", "orders:write"], "orders:write"],
    [[...SCOPES], [...SCOPES], null],
    [[], ["webhooks:write"], "webhooks:write"],
    [["orders:write", "catalog:write"], ["catalog:write", "customers:erase", "orders:write"], "customers:erase"],
  ] as const)("holding %j, wanting %j: missing %s", (held, wanted, missing) => {
    expect(missingScope(held, wanted)).toBe(missing);
  });

  it.each([
    ["owner", [...SCOPES]],
    ["analyst", ["admin:read"]],
    ["support", ["admin:read", "orders:write"]],
  ] as const)("a %s holds %j", (role, scopes) => {
    expect([...ROLE_SCOPES[role]]).toEqual(scopes);
  });

  it("gives every role some scope, and only an owner settings, keys, endpoints or erasure", () => {
    for (const role of ROLES) {
      expect(ROLE_SCOPES[role].length).toBeGreaterThan(0);
      for (const scope of ["settings:write", "webhooks:write", "customers:erase", "catalog:write"] as const) {
        expect(ROLE_SCOPES[role].includes(scope), `${role} ${scope}`).toBe(role === "owner");
      }
    }
  });

  it("keeps scopes in the vocabulary's order, each once", () => {
    expect(normalScopes(["webhooks:write", "admin:read", "webhooks:write", "orders:write"])).toEqual([
      "orders:write",
      "admin:read",
      "webhooks:write",
    ]);
  });

  it("says who was refused and which scope they lack", () => {
    expect(scopeRefusal(storeKeyAccess(null), "customers:erase")).toMatch(/API key does not have the customers:erase scope/);
    const support = sessionAccess({
      tokenHash: "ab".repeat(32),
      role: "support",
      person: "Ana",
      expiresAt: "2026-12-01T00:00:00Z",
      viaStoreKey: false,
    });
    expect(scopeRefusal(support, "settings:write")).toMatch(/support role cannot do this: it needs the settings:write scope/);
    expect(support.actor).toEqual({ kind: "session", id: "ses_abababababab", name: "Ana", role: "support" });
  });

  it.each([
    [null, "2026-12-01T10:00:00Z", true],
    ["2026-12-01T09:59:30Z", "2026-12-01T10:00:00Z", false],
    ["2026-12-01T09:59:00Z", "2026-12-01T10:00:00Z", true],
    ["2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z", true],
  ])("a key last recorded used at %s, used at %s: write it again? %s", (last, now, stale) => {
    expect(lastUseIsStale(last, new Date(now))).toBe(stale);
  });
});

const current = storeSettings.parse({
  name: "Acme",
  origins: ["https://acme.example"],
  support: { email: "help@acme.example" },
  statusPageUrl: "https://acme.example/s/{token}",
});

describe("settings merged section by section", () => {
  it("names the same sections as the settings, the patch and the contract", () => {
    expect(Object.keys(storeSettings.shape).sort()).toEqual([...SETTINGS_SECTIONS].sort());
    expect(Object.keys(settingsPatch.shape).sort()).toEqual([...SETTINGS_SECTIONS].sort());
  });

  it.each<[string, SettingsPatch, Record<string, unknown>]>([
    ["nothing", {}, {}],
    ["a section replaced whole", { support: { phone: "+1 555 0100" } }, { support: { phone: "+1 555 0100" } }],
    ["the status page removed", { statusPageUrl: null }, { statusPageUrl: undefined }],
    ["two sections", { name: "Acme Outdoor", locales: ["en", "de"] }, { name: "Acme Outdoor", locales: ["en", "de"] }],
  ])("%s", (_, patch, expected) => {
    const merged = mergeSettings(current, patch);
    const want: Record<string, unknown> = { ...current, ...expected };
    for (const [key, value] of Object.entries(want)) if (value === undefined) delete want[key];
    expect(merged).toEqual(want);
  });

  it("the patch schema fills no section that was left out", () => {
    expect(settingsPatch.parse({})).toEqual({});
    expect(settingsPatch.parse({ branding: {} })).toEqual({ branding: storeSettings.shape.branding.parse(undefined) });
  });

  it("lists each changed section with before and after, in the settings' order, whatever the key order", () => {
    const next = storeSettings.parse({ ...mergeSettings(current, { support: { email: "care@acme.example" }, statusPageUrl: null }) });
    expect(settingsChanges(current, next)).toEqual([
      { section: "support", before: { email: "help@acme.example" }, after: { email: "care@acme.example" } },
      { section: "statusPageUrl", before: "https://acme.example/s/{token}", after: null },
    ]);
    const reordered = { ...current, shipping: Object.fromEntries(Object.entries(current.shipping).reverse()) } as typeof current;
    expect(settingsChanges(current, reordered)).toEqual([]);
    expect(canonical({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});

describe("webhook endpoints as shown and audited", () => {
  const stored = {
    id: "we_1",
    url: "https://hooks.acme.example/catch/123/secret-token?k=v",
    events: ["review.created", "survey.submitted", "not.a.type"],
    pausedAt: null,
    createdAt: "2026-12-01T00:00:00Z",
    updatedAt: null,
    pending: 2,
    lastAttempt: null,
  };

  it("shows the whole URL only to those who may change it, and known event types in order", () => {
    expect(endpointView(stored, true)).toMatchObject({
      url: stored.url,
      host: "hooks.acme.example",
      events: ["survey.submitted", "review.created"],
    });
    expect(endpointView(stored, false)).toMatchObject({ url: null, host: "hooks.acme.example", paused: false, pending: 2 });
    expect(endpointHost("not a url")).toBe("");
  });

  it("takes every event type when none is named, and names the unknown ones", () => {
    expect(chosenEventTypes(undefined).length).toBeGreaterThan(10);
    expect(chosenEventTypes(["review.created"])).toEqual(["review.created"]);
    expect(unknownEventTypes(["review.created", "review.deleted"])).toEqual(["review.deleted"]);
  });

  it.each([
    ["nothing", {}, false, null],
    ["events", { events: ["review.created"] }, false, { before: { events: stored.events }, after: { events: ["review.created"] } }],
    ["paused", { pausedAt: "2026-12-02T00:00:00Z" }, false, { before: { paused: false }, after: { paused: true } }],
    ["another path on the same host", { url: "https://hooks.acme.example/other" }, false, { before: {}, after: { urlChanged: true } }],
    [
      "another host",
      { url: "https://hooks.other.example/x?token=abc" },
      false,
      { before: { host: "hooks.acme.example" }, after: { host: "hooks.other.example" } },
    ],
    ["the secret", {}, true, { before: {}, after: { secretRotated: true } }],
  ])("a change of %s is audited without URL or secret", (_, change, rotated, expected) => {
    const audited = endpointChange(stored, { ...stored, ...change }, rotated);
    expect(audited).toEqual(expected);
    expect(JSON.stringify(audited ?? {})).not.toMatch(/secret-token|token=abc|catch/);
  });
});
