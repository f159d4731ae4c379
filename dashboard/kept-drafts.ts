/**
 * Unsaved survey edits, kept in this tab's sessionStorage per store and placement, beside the version they
 * were made on. Switching placement or screen, a reload, or a session that ran out and was signed in again
 * unmounts the editor; the edits come back with it. A copy made on another version than the one saved now
 * (someone saved since) is not put over it: the editor says so and drops the copy. Nothing personal is in
 * a survey's wording, and sessionStorage ends with the tab.
 */
import { QUESTION_TYPES, type SurveyPlacement } from "../contract/surveys.ts";
import { type SurveyDraft, rekeyed } from "./survey-draft.ts";
import { isRecord, readKept, writeKept } from "./tab-storage.ts";

export type Kept = { draft: SurveyDraft } | { staleVersion: number };

const keyOf = (storeId: string, placement: SurveyPlacement) => `doorstep:survey-draft:${storeId}:${placement}`;

/** What an editor of this dashboard wrote, checked field by field: an older dashboard's copy may differ. */
function isDraft(v: unknown): v is SurveyDraft {
  if (!isRecord(v) || typeof v.enabled !== "boolean" || typeof v.audience !== "string" || !Array.isArray(v.questions)) return false;
  return v.questions.every(
    (q) =>
      isRecord(q) &&
      typeof q.id === "string" &&
      typeof q.autoId === "boolean" &&
      (QUESTION_TYPES as readonly unknown[]).includes(q.type) &&
      isRecord(q.text) &&
      typeof q.text.en === "string" &&
      typeof q.optional === "boolean" &&
      Array.isArray(q.options) &&
      q.options.every((o) => isRecord(o) && typeof o.id === "string" && isRecord(o.text) && typeof o.auto === "boolean") &&
      typeof q.other === "boolean" &&
      typeof q.randomize === "boolean",
  );
}

/** The edits kept for this placement: the draft made on `version`, or the version an outdated copy was made on. */
export function keptDraft(storage: Storage, storeId: string, placement: SurveyPlacement, version: number): Kept | undefined {
  const kept = readKept(storage, keyOf(storeId, placement));
  if (!isRecord(kept) || typeof kept.version !== "number" || !isDraft(kept.draft)) return undefined;
  return kept.version === version ? { draft: rekeyed(kept.draft) } : { staleVersion: kept.version };
}

/** Keeps `draft` as the unsaved edits of `version`, or forgets them (saved, discarded, or none left). */
export function keepDraft(storage: Storage, storeId: string, placement: SurveyPlacement, version: number, draft?: SurveyDraft): void {
  writeKept(storage, keyOf(storeId, placement), draft && { version, draft });
}
