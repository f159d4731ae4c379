/**
 * A store's survey definitions (issue 25): the current one of a placement (or the built-in default),
 * and a new version published with its audit entry and the store's view version, in one transaction.
 */
import type { AuditActor } from "../../contract/self-service.ts";
import type { SurveyDefinition, SurveyPlacement, SurveyReset } from "../../contract/surveys.ts";
import { defaultDefinition, definitionOf, normalizeDefinition } from "../domain/surveys/definition.ts";
import { auditStatement } from "../storage/audit.ts";
import { applyChanges } from "../storage/changes.ts";
import type { SurveyDefinitionBody } from "../schemas/surveys.ts";
import {
  currentDefinition,
  publishDefinitionStatements,
  publishedVersion,
  resetDefinitionStatement,
  resetWritten,
  resetWrittenCondition,
} from "../storage/survey-definitions.ts";
import { storeViewsChanged } from "../storage/view-versions.ts";

export async function surveyDefinition(db: D1Database, storeId: string, placement: SurveyPlacement): Promise<SurveyDefinition> {
  return definitionOf(placement, await currentDefinition(db, storeId, placement));
}

/**
 * Publishes `input` (already checked: schemas/surveys.ts and definitionProblems) as the placement's next
 * version. Every PUT is a version, even one equal to the current: answers name the version they
 * answered, and the merchant's "publish" is what the audit log records.
 */
export async function publishSurvey(
  db: D1Database,
  storeId: string,
  actor: AuditActor,
  placement: SurveyPlacement,
  input: SurveyDefinitionBody,
  now: string,
): Promise<SurveyDefinition> {
  const before = await surveyDefinition(db, storeId, placement);
  const definition = normalizeDefinition(input);
  const [inserted] = await applyChanges(db, [
    ...publishDefinitionStatements(storeId, placement, definition, now),
    auditStatement(
      storeId,
      actor,
      {
        action: "settings.updated",
        target: `surveys.${placement}`,
        before: { version: before.version, enabled: before.enabled, audience: before.audience, questions: before.questions },
        after: definition,
      },
      now,
    ),
  ]);
  return definitionOf(placement, { version: publishedVersion(inserted), definition, createdAt: now });
}

/**
 * The built-in survey asked again at a placement (a version without a definition): every order view of
 * the store changes and the audit log records it like a publish, all in one transaction. Idempotent:
 * when the built-in survey is already asked, nothing is written and `changed` is false. The write is
 * guarded by the version read here; should a publish land in between, the reset is read and tried again
 * (null after three such races: the route answers 409).
 */
export async function resetSurvey(
  db: D1Database,
  storeId: string,
  actor: AuditActor,
  placement: SurveyPlacement,
  now: string,
): Promise<SurveyReset | null> {
  const builtIn = defaultDefinition(placement);
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await currentDefinition(db, storeId, placement);
    if (!before) return { changed: false, replacedVersion: null, survey: builtIn };
    const written = resetWrittenCondition(storeId, placement, before.version, now);
    const [inserted] = await applyChanges(db, [
      resetDefinitionStatement(storeId, placement, before.version, now),
      storeViewsChanged(storeId, written),
      auditStatement(
        storeId,
        actor,
        {
          action: "settings.updated",
          target: `surveys.${placement}`,
          before: { version: before.version, ...before.definition },
          after: { version: 0, builtIn: true, enabled: builtIn.enabled, audience: builtIn.audience, questions: builtIn.questions },
        },
        now,
        written,
      ),
    ]);
    if (resetWritten(inserted)) return { changed: true, replacedVersion: before.version, survey: builtIn };
  }
  return null;
}
