/**
 * A merchant reporting a delay (`POST /v1/shipments/{id}/events` with status "delayed"): kept as an
 * update that moves no milestone but says why (so the lifecycle schedule's `delayed` moment goes out
 * and the tracking view explains it), with the new estimate in the same batch; then the order's
 * schedule and notices follow. Idempotent on the event's id like every parcel event.
 */
import { refreshMomentsForTracking } from "./lifecycle-moments.ts";
import type { DelayedEventInput } from "../schemas/parcel-delay.ts";
import { scrubErasedParcelStatements } from "../storage/erasure.ts";
import { merchantEstimateStatement } from "../storage/parcel-delays.ts";
import { insertUpdateStatements } from "../storage/shipments.ts";
import { applyChanges } from "../storage/changes.ts";
import type { Store } from "../domain/records.ts";

export async function reportDelay(
  db: D1Database,
  store: Store,
  trackingNumber: string,
  input: DelayedEventInput,
): Promise<{ recorded: boolean }> {
  const now = new Date().toISOString();
  const occurredAt = new Date(input.occurredAt).toISOString();
  const [inserted] = await applyChanges(db, [
    ...insertUpdateStatements(
      store.id,
      trackingNumber,
      [
        {
          id: `m:${input.id}`,
          source: "merchant",
          status: null,
          carrierDelay: true,
          delayReason: input.reason,
          occurredAt,
          description: input.description,
          raw: JSON.stringify(input),
        },
      ],
      now,
    ),
    merchantEstimateStatement(
      store.id,
      trackingNumber,
      { from: input.estimatedFrom ?? input.estimatedTo, to: input.estimatedTo },
      occurredAt,
    ),
    ...scrubErasedParcelStatements(store.id, trackingNumber),
  ]);
  // Also for a duplicate: the retry of a request whose refresh failed (see routes/shipments.ts).
  await refreshMomentsForTracking(db, store, trackingNumber);
  return { recorded: (inserted?.results.length ?? 0) > 0 };
}
