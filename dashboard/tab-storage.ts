/**
 * Unsaved edits kept in this tab's sessionStorage (kept-drafts.ts for surveys, settings-draft.ts for the
 * settings): read back as untrusted JSON, written without ever throwing into the screen.
 */

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What is kept under `key`, parsed: `null` when nothing is, `undefined` when it is not JSON (not ours to read). */
export function readKept(storage: Storage, key: string): unknown {
  try {
    return JSON.parse(storage.getItem(key) ?? "null");
  } catch {
    return undefined;
  }
}

/** Keeps `value` under `key`, or forgets it (`undefined`). */
export function writeKept(storage: Storage, key: string, value?: unknown): void {
  try {
    if (value === undefined) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or switched off: the edits stay on screen, only not kept for later.
  }
}
