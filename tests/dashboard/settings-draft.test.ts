/** What the settings form counts as changed, and what it brings back of changes kept in the tab. */
import { describe, expect, it } from "vitest";
import type { StoreSettingsView } from "../../contract/self-service.ts";
import { canonical, changedSections, keepSettings, keptSettings } from "../../dashboard/settings-draft.ts";
import { patchOf } from "../../dashboard/settings.tsx";
import { settings } from "./settings-fixture.ts";

const saved: StoreSettingsView = settings.settings;

describe("changedSections", () => {
  it.each([
    ["nothing", saved, []],
    ["spaces around the name", { ...saved, name: "  Acme " }, []],
    ["an optional field typed and emptied", { ...saved, support: { email: "help@shop.example", phone: "" } }, []],
    [
      "the same branding with its keys in another order",
      { ...saved, branding: Object.fromEntries(Object.entries(saved.branding).reverse()) },
      [],
    ],
    ["a colour", { ...saved, branding: { ...saved.branding, primaryColor: "#000000" } }, ["branding"]],
    ["a number left empty", { ...saved, returnPolicy: { days: Number.NaN } }, ["returnPolicy"]],
    ["the languages and the default", { ...saved, locales: ["en"], defaultLocale: "de" }, ["defaultLocale", "locales"]],
    ["analytics turned on where the worker sent none", { ...saved, analytics: { dataLayer: true } }, ["analytics"]],
    // Edited elsewhere (its own screen), never sent by the form.
    ["widget wording", { ...saved, messages: { en: { title: "Hi" } } }, []],
  ] as const)("%s → %j", (_, form, expected) => {
    expect(changedSections(saved, form as StoreSettingsView, patchOf)).toEqual(expected);
  });

  it("compares objects whatever their key order", () => {
    expect(canonical({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}');
  });
});

/** A sessionStorage of its own for each case. */
function storage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

const KEY = "doorstep:settings-draft:acme";

describe("keptSettings", () => {
  it("brings back what was kept over the settings as saved now, and forgets it when nothing is left", () => {
    const store = storage();
    const form = { ...saved, name: "Acme Outdoors", returnPolicy: { days: Number.NaN } };
    keepSettings(store, "acme", saved, form, ["name", "returnPolicy"]);
    // Someone else changed shipping meanwhile: not a section kept here, so it stays as they saved it.
    const now = { ...saved, shipping: { ...saved.shipping, processingDays: 2 } };
    expect(keptSettings(store, "acme", now)).toEqual({
      // A number left empty comes back empty (JSON has no NaN), and is still refused on save.
      form: { ...now, name: "Acme Outdoors", returnPolicy: { days: null } },
      restored: ["name", "returnPolicy"],
      outdated: [],
    });
    keepSettings(store, "acme", saved, saved, []);
    expect(store.length).toBe(0);
    expect(keptSettings(store, "acme", saved)).toBeUndefined();
  });

  it("does not put a change over a section someone has saved since", () => {
    const store = storage();
    keepSettings(store, "acme", saved, { ...saved, support: { email: "mine@shop.example" } }, ["support"]);
    const now = { ...saved, support: { email: "theirs@shop.example" } };
    expect(keptSettings(store, "acme", now)).toEqual({ form: now, restored: [], outdated: ["support"] });
  });

  it("keeps each store's apart", () => {
    const store = storage();
    keepSettings(store, "acme", saved, { ...saved, name: "Acme Outdoors" }, ["name"]);
    expect(keptSettings(store, "other", saved)).toBeUndefined();
  });

  it.each([
    ["not JSON", "{"],
    ["not an object", "[1,2]"],
    ["no sections", JSON.stringify({ from: {}, to: {} })],
    ["an older shape", JSON.stringify({ version: 1, draft: { name: "x" } })],
    ["a section of the wrong kind", JSON.stringify({ from: { locales: ["en", "de"] }, to: { locales: "en" } })],
    ["a field of the wrong kind", JSON.stringify({ from: { returnPolicy: { days: 30 } }, to: { returnPolicy: { days: "soon" } } })],
    ["a list of numbers", JSON.stringify({ from: { origins: ["https://shop.example"] }, to: { origins: [1] } })],
    ["a section the form does not edit", JSON.stringify({ from: { messages: {} }, to: { messages: { en: { a: "b" } } } })],
  ])("ignores %s", (_, kept) => {
    const store = storage();
    store.setItem(KEY, kept);
    expect(keptSettings(store, "acme", saved)).toBeUndefined();
  });

  it("survives storage that refuses to be written", () => {
    const full = {
      ...storage(),
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
    };
    expect(() => keepSettings(full, "acme", saved, { ...saved, name: "x" }, ["name"])).not.toThrow();
  });
});
