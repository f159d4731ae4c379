/**
 * What the settings form has changed, section by section, and those changes kept in this tab.
 *
 * A PATCH replaces each section it carries whole, so the form sends only the sections the merchant
 * changed: a colleague's (or the store's own API's) change to another section since the form was loaded
 * is not put back to what this form once showed.
 *
 * Unsaved changes are kept in sessionStorage per store, each section beside the value it was changed
 * from. Another screen, a reload, or a session that ran out and was signed in again brings them back;
 * a section someone has saved since is not put over their change (the form says which). Settings hold
 * no credential (connections keep theirs elsewhere): what is kept is what the form shows.
 */
import type { SettingsSection, StoreSettingsView } from "../contract/self-service.ts";
import { isRecord, readKept, writeKept } from "./tab-storage.ts";

/** The sections the settings form edits (`messages` and the status page have screens or keys of their own). */
export const FORM_SECTIONS = [
  "name",
  "branding",
  "support",
  "returnPolicy",
  "shipping",
  "feedback",
  "defaultLocale",
  "locales",
  "origins",
  "analytics",
] as const satisfies readonly SettingsSection[];
export type FormSection = (typeof FORM_SECTIONS)[number];

type Sections = Partial<Record<FormSection, unknown>>;

/** JSON with object keys sorted: equal settings compare equal whatever order their keys were set in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The sections whose value as sent differs: `clean` is how the form turns what is typed into what is
 * sent (trimmed, empty optional fields left out), so spaces typed and removed again are no change.
 */
export function changedSections(
  base: StoreSettingsView,
  form: StoreSettingsView,
  clean: (s: StoreSettingsView) => Partial<StoreSettingsView>,
): FormSection[] {
  const [was, now] = [clean(base), clean(form)];
  return FORM_SECTIONS.filter((k) => canonical(was[k]) !== canonical(now[k]));
}

const keyOf = (storeId: string) => `doorstep:settings-draft:${storeId}`;

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * Whether a kept value can stand in the form where `current` stands: the same kind, and for a section
 * of fields, each field the current one has of its kind (a number left empty is kept as null). An older
 * dashboard's copy, or anything else, is not ours to read.
 */
function fits(kept: unknown, current: unknown): boolean {
  // A section the worker did not send (analytics from an older worker) takes a section of fields.
  if (current === undefined) return isRecord(kept);
  if (kindOf(kept) !== kindOf(current)) return false;
  if (Array.isArray(kept)) return kept.every((v) => typeof v === "string");
  if (!isRecord(kept) || !isRecord(current)) return true;
  return Object.entries(kept).every(([field, v]) => current[field] === undefined || v === null || kindOf(v) === kindOf(current[field]));
}

/** Unsaved changes brought back: the form with them, and the sections restored or left out as outdated. */
export interface KeptSettings {
  form: StoreSettingsView;
  restored: FormSection[];
  outdated: FormSection[];
}

/** The changes kept for this store, laid over `current` (the settings as saved now). */
export function keptSettings(storage: Storage, storeId: string, current: StoreSettingsView): KeptSettings | undefined {
  const kept = readKept(storage, keyOf(storeId));
  if (!isRecord(kept) || !isRecord(kept.from) || !isRecord(kept.to)) return undefined;
  const form: Record<string, unknown> = { ...current };
  const restored: FormSection[] = [];
  const outdated: FormSection[] = [];
  for (const k of FORM_SECTIONS) {
    if (!(k in kept.to) || !fits(kept.to[k], current[k])) continue;
    // Saved by someone since this change was made: theirs stands.
    if (canonical(kept.from[k] ?? null) !== canonical(current[k] ?? null)) outdated.push(k);
    else {
      form[k] = kept.to[k];
      restored.push(k);
    }
  }
  return restored.length || outdated.length ? { form: form as unknown as StoreSettingsView, restored, outdated } : undefined;
}

/** Keeps the form's changed sections beside what they were changed from, or forgets them (none left). */
export function keepSettings(
  storage: Storage,
  storeId: string,
  base: StoreSettingsView,
  form: StoreSettingsView,
  changed: FormSection[],
): void {
  const pick = (s: StoreSettingsView): Sections => Object.fromEntries(changed.map((k) => [k, s[k]]));
  writeKept(storage, keyOf(storeId), changed.length ? { from: pick(base), to: pick(form) } : undefined);
}
