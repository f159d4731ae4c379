/**
 * A store's settings changed by its merchant (`PATCH /v1/admin/settings`): written through the same
 * storage statements as the operator's `store:update` (so whatever they raise or refresh with the
 * store's settings follows), each changed section recorded in the audit log in the same transaction.
 */
import type { AuditActor } from "../../contract/self-service.ts";
import type { Store } from "../domain/records.ts";
import { type SettingsChange, settingsChanges, settingsOf } from "../domain/settings.ts";
import type { StoreSettings } from "../schemas/store.ts";
import { auditStatement } from "../storage/audit.ts";
import { applyChanges } from "../storage/changes.ts";
import { updateStoreStatements } from "../storage/stores.ts";

/** Writes `next` (validated settings) over the store's, if anything differs; answers what changed. */
export async function applySettings(
  db: D1Database,
  store: Store,
  actor: AuditActor,
  next: StoreSettings,
  now: string,
): Promise<SettingsChange[]> {
  const changes = settingsChanges(settingsOf(store), next);
  if (!changes.length) return [];
  await applyChanges(db, [
    ...updateStoreStatements(store.id, next, now),
    ...changes.map((change) =>
      auditStatement(
        store.id,
        actor,
        { action: "settings.updated", target: change.section, before: change.before, after: change.after },
        now,
      ),
    ),
  ]);
  return changes;
}
