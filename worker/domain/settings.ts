/**
 * A store's settings as a merchant edits them (`GET`/`PATCH /v1/admin/settings`): read off the store,
 * a patch merged section by section, and what changed, for the audit log. Pure; validation is the
 * settings schema's (schemas/store.ts), the same `store:update` uses.
 */
import { SETTINGS_SECTIONS, type SettingsSection, type StoreSettingsView } from "../../contract/self-service.ts";
import type { Store } from "./records.ts";

/** The settings of a store, as `store:update --config` would write them. */
export function settingsOf(store: Store): StoreSettingsView {
  return {
    name: store.name,
    origins: [...store.origins],
    branding: store.branding,
    support: store.support,
    returnPolicy: store.returnPolicy,
    shipping: store.shipping,
    feedback: store.feedback,
    messages: store.messages,
    defaultLocale: store.defaultLocale,
    locales: store.locales,
    ...(store.statusPageUrl !== undefined && { statusPageUrl: store.statusPageUrl }),
    analytics: store.analytics,
  };
}

/** A patch: each section given replaces that section whole; `statusPageUrl: null` removes the status page. */
export type SettingsPatch = { [K in SettingsSection]?: StoreSettingsView[K] | (K extends "statusPageUrl" ? null : never) };

/**
 * The settings after a patch, before validation: a JSON merge of the top-level sections. A section the
 * patch leaves out stays as it is (unlike `store:update`, which replaces the whole settings).
 */
export function mergeSettings(current: StoreSettingsView, patch: SettingsPatch): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const section of SETTINGS_SECTIONS) {
    if (!(section in patch) || patch[section] === undefined) continue;
    if (patch[section] === null) delete merged[section];
    else merged[section] = patch[section];
  }
  return merged;
}

export interface SettingsChange {
  section: SettingsSection;
  /** null: the section was not set (only `statusPageUrl` can be unset). */
  before: unknown;
  after: unknown;
}

/** The sections whose value differs, in the settings' order (compared as JSON with keys sorted). */
export function settingsChanges(before: StoreSettingsView, after: StoreSettingsView): SettingsChange[] {
  return SETTINGS_SECTIONS.filter((section) => canonical(before[section]) !== canonical(after[section])).map((section) => ({
    section,
    before: before[section] ?? null,
    after: after[section] ?? null,
  }));
}

/** JSON with every object's keys sorted, so a section written in another key order is no change. */
export function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
