/**
 * A store's survey definitions (issue 25): the current one of a placement (or the built-in default),
 * and a new version published with its audit entry and the store's view version, in one transaction.
 */
import type { AuditActor } from "../../contract/self-service.ts";
import type { SurveyDefinition, SurveyPlacement } from "../../contract/surveys.ts";
import { definitionOf, normalizeDefinition } from "../domain/surveys/definition.ts";
import { auditStatement } from "../storage/audit.ts";
import { applyChanges } from "../storage/changes.ts";
import type { SurveyDefinitionBody } from "../schemas/surveys.ts";
import { currentDefinition, publishDefinitionStatements, publishedVersion } from "../storage/survey-definitions.ts";

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
