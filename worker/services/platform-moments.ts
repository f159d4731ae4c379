/**
 * A platform order's lifecycle schedule computed from what its payload says (its lines and the scans
 * of its parcels), for orders Doorstep sees for the first time long after they were placed: a
 * backfill, or a webhook about an old order (an edit, a late fulfillment) once the store is connected.
 * Their moments long past are recorded as suppressed and never sent (storage/platform-orders.ts).
 */
import { feedbackWindow } from "../domain/feedback-window.ts";
import { scheduleMoments, type Moment } from "../domain/lifecycle/schedule.ts";
import type { MappedOrder } from "../domain/platforms/platform-order.ts";
import { parcelFacts } from "../domain/lifecycle/schedule.ts";
import type { OrderInput } from "../schemas/order.ts";
import type { Store } from "../domain/records.ts";

export function platformOrderMoments(store: Store, input: OrderInput, mapped: MappedOrder): Moment[] {
  const parcels = mapped.parcels.flatMap((g) => g.parcels);
  const facts = parcels.map((p) =>
    parcelFacts({ id: p.id, orderId: mapped.id, carrier: "", trackingNumber: "", lines: p.lines, updates: p.scans }),
  );
  return scheduleMoments({
    placedAt: input.placedAt,
    lines: input.lines.map((l) => ({ sku: l.sku, family: l.family })),
    parcels: facts,
    feedbackOpensAt: feedbackWindow({
      placedAt: input.placedAt,
      families: input.lines.map((l) => l.family),
      deliveredAt: facts.map((f) => f.deliveredAt),
      timing: store.feedback,
    }).opensAt,
    rules: store.offerRules,
    cancelledAt: input.cancelledAt,
  });
}
