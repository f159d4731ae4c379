/**
 * Survey definitions (migration 0019): one row per version; the newest is current. Publishing a
 * version raises the store's view version in the same transaction, so every order view of the store
 * (its ETag and its edge-cache key) changes with it (view-versions.ts). A version stored without a
 * definition (migration 0024) is the merchant going back to the built-in survey: from it on, version 0
 * is asked again, and the readers here answer null for it as for a placement never published.
 */
import type { SurveyDefinitionInput, SurveyPlacement } from "../../contract/surveys.ts";
import { sql, type Statement } from "./statement.ts";
import { storeViewsChanged } from "./view-versions.ts";

export interface StoredDefinition {
  version: number;
  definition: SurveyDefinitionInput;
  createdAt: string;
}

interface DefinitionRow {
  version: number;
  /** NULL: the built-in survey published again from this version on. */
  definition: string | null;
  created_at: string;
}

const fromRow = (row: DefinitionRow): StoredDefinition | null =>
  row.definition === null
    ? null
    : { version: row.version, definition: JSON.parse(row.definition) as SurveyDefinitionInput, createdAt: row.created_at };

/** The current version of a placement's survey, or null when the built-in default is in force. */
export async function currentDefinition(db: D1Database, storeId: string, placement: SurveyPlacement): Promise<StoredDefinition | null> {
  const row = await db
    .prepare(
      `SELECT version, definition, created_at FROM survey_definitions WHERE store_id = ? AND placement = ? ORDER BY version DESC LIMIT 1`,
    )
    .bind(storeId, placement)
    .first<DefinitionRow>();
  return row ? fromRow(row) : null;
}

/** One version, or null (version 0 is never stored: the caller knows it as the default; a reset's version reads as none). */
export const definitionVersionStatement = (storeId: string, placement: SurveyPlacement, version: number): Statement =>
  sql(
    `SELECT version, definition, created_at FROM survey_definitions WHERE store_id = ? AND placement = ? AND version = ?`,
    storeId,
    placement,
    version,
  );

/** The current version (the newest) of a placement, as a statement for a batch. */
export const currentDefinitionStatement = (storeId: string, placement: SurveyPlacement): Statement =>
  sql(
    `SELECT version, definition, created_at FROM survey_definitions WHERE store_id = ? AND placement = ? ORDER BY version DESC LIMIT 1`,
    storeId,
    placement,
  );

export const definitionFromResult = (rows: unknown[] | undefined): StoredDefinition | null => {
  const row = rows?.[0] as DefinitionRow | undefined;
  return row ? fromRow(row) : null;
};

/**
 * A new version (one more than the newest, 1 for the first) and the store's view version raised with
 * it. The INSERT answers the version it wrote (RETURNING), read by `publishedVersion`.
 */
export function publishDefinitionStatements(
  storeId: string,
  placement: SurveyPlacement,
  definition: SurveyDefinitionInput,
  now: string,
): Statement[] {
  return [
    sql(
      `INSERT INTO survey_definitions (store_id, placement, version, definition, created_at)
       SELECT ?, ?, coalesce(max(version), 0) + 1, ?, ? FROM survey_definitions WHERE store_id = ? AND placement = ?
       RETURNING version`,
      storeId,
      placement,
      JSON.stringify(definition),
      now,
      storeId,
      placement,
    ),
    storeViewsChanged(storeId),
  ];
}

/** The version the first statement of `publishDefinitionStatements` wrote, from its batch result. */
export function publishedVersion(result: D1Result | undefined): number {
  const row = result?.results[0] as { version: number } | undefined;
  if (!row) throw new Error("survey_definitions: the insert answered no version");
  return row.version;
}

/**
 * The built-in survey published again: a version without a definition, written only while the newest
 * version is still `replaced` (the merchant's survey the service read), so a repeated or concurrent
 * reset writes nothing. The INSERT answers the version it wrote (RETURNING), none when it wrote nothing.
 */
export const resetDefinitionStatement = (storeId: string, placement: SurveyPlacement, replaced: number, at: string): Statement =>
  sql(
    `INSERT INTO survey_definitions (store_id, placement, version, definition, created_at)
     SELECT d.store_id, d.placement, d.version + 1, NULL, ? FROM survey_definitions d
     WHERE d.store_id = ? AND d.placement = ? AND d.version = ? AND d.definition IS NOT NULL
       AND d.version = (SELECT max(x.version) FROM survey_definitions x WHERE x.store_id = d.store_id AND x.placement = d.placement)
     RETURNING version`,
    at,
    storeId,
    placement,
    replaced,
  );

/**
 * Whether this batch's `resetDefinitionStatement` wrote the reset (the version after `replaced`, without
 * a definition, at `at`): the condition of the writes that go with it, so a reset that wrote nothing
 * raises no view version and leaves no audit entry.
 */
export const resetWrittenCondition = (storeId: string, placement: SurveyPlacement, replaced: number, at: string): Statement =>
  sql(
    `EXISTS (SELECT 1 FROM survey_definitions r WHERE r.store_id = ? AND r.placement = ? AND r.version = ? AND r.definition IS NULL AND r.created_at = ?)`,
    storeId,
    placement,
    replaced + 1,
    at,
  );

/** Whether the reset's INSERT wrote a row, from its batch result. */
export const resetWritten = (result: D1Result | undefined): boolean => (result?.results.length ?? 0) > 0;
