/** The figures a load run reports, made from what it measured, acknowledged and found in D1, and their printout. */
import type { Measurements, Violation } from "./measurements.ts";
import { DUPLICATE_SHARE, KINDS, MIX, perKind, type Kind, type LoadOptions } from "./options.ts";
import type { Ledger } from "./operations.ts";
import type { ScheduleRun } from "./schedule.ts";
import type { Reconciled, Stored } from "./verify.ts";
import type { Drained } from "../lib/events-drained.ts";
import type { WebhooksDrained } from "../lib/webhooks-drained.ts";

export interface LoadFigures extends Reconciled {
  options: Omit<LoadOptions, "log">;
  elapsedSeconds: number;
  operations: Record<Kind, number>;
  requests: Record<Kind, number>;
  requestsPerSecond: number;
  /** Operations the rate asked for; `operations` says how many were started before the deadline. */
  scheduled: number;
  operationsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  latencyByKindMs: Record<Kind, { p50: number; p99: number }>;
  statuses: Record<string, number>;
  unavailable: number;
  unavailableShare: number;
  rateLimited: number;
  retries: number;
  /** Operations that never got a 2xx within maxAttempts. */
  gaveUp: number;
  duplicatesSent: { webhook: number; shipment_event: number };
  acknowledged: { widgetEvents: number; webhookDeliveries: number; merchantEvents: number; total: number };
  stored: { widgetEvents: number; webhookDeliveries: number; webhookCarrierEvents: number; merchantEvents: number };
  /** The setup's orders and parcels, written through the same faults: each figure should equal `options.orders`. */
  setup: Record<string, number>;
  violations: Violation[];
  /** The events queue after the schedule: how long its consumer took to write the rest, and its dead letters. */
  queue?: Drained & { failedBatches?: number };
  /** The webhooks queue likewise: how long until every acknowledged carrier delivery was recorded, and its failed writes. */
  webhookQueue?: WebhooksDrained & { failedWrites?: number };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

export function figuresOf(
  options: LoadOptions,
  m: Measurements,
  run: ScheduleRun,
  ledger: Ledger,
  stored: Stored,
  reconciled: Reconciled,
): LoadFigures {
  const sorted = [...m.latencies].sort((a, b) => a - b);
  const allRequests = KINDS.reduce((s, k) => s + m.requests[k], 0);
  const unavailable = m.statuses["503"] ?? 0;
  const widgetEvents = new Set(ledger.eventIds).size;
  const { log: _log, ...shownOptions } = options;
  return {
    options: shownOptions,
    elapsedSeconds: run.elapsedSeconds,
    operations: m.operations,
    requests: m.requests,
    requestsPerSecond: allRequests / run.elapsedSeconds,
    scheduled: run.scheduled,
    operationsPerSecond: run.started / run.elapsedSeconds,
    latencyMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
    latencyByKindMs: perKind((k) => {
      const own = [...m.latenciesByKind[k]].sort((a, b) => a - b);
      return { p50: percentile(own, 50), p99: percentile(own, 99) };
    }),
    statuses: m.statuses,
    unavailable,
    unavailableShare: allRequests ? unavailable / allRequests : 0,
    rateLimited: m.statuses["429"] ?? 0,
    retries: m.retries,
    gaveUp: m.gaveUp,
    duplicatesSent: ledger.duplicatesSent,
    acknowledged: {
      widgetEvents,
      webhookDeliveries: ledger.deliveries.length,
      merchantEvents: ledger.merchantEvents.length,
      total: widgetEvents + ledger.deliveries.length + ledger.merchantEvents.length,
    },
    stored: {
      widgetEvents: stored.widgetEvents.length,
      webhookDeliveries: stored.deliveries.length,
      webhookCarrierEvents: stored.webhookCarrierEvents,
      merchantEvents: stored.merchantEvents.length,
    },
    setup: stored.setup,
    ...reconciled,
    violations: m.violations,
  };
}

export function formatFigures(f: LoadFigures): string {
  const kinds = Object.keys(f.requests) as Kind[];
  const lines = [
    `Load under D1 write faults (${f.options.faults}), loopback, ${f.options.clients} clients, ${f.options.seconds} s at ${f.options.rate} operations/s`,
    `mix: ${kinds
      .filter((k) => MIX[k] > 0)
      .map((k) => `${k} ${Math.round(MIX[k] * 100)}%`)
      .join(", ")}; ${Math.round(DUPLICATE_SHARE * 100)}% of webhooks and shipment events resent as duplicates`,
    `${"kind".padEnd(16)}${"operations".padStart(11)}${"requests".padStart(10)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}`,
    ...kinds.map(
      (k) =>
        `${k.padEnd(16)}${String(f.operations[k]).padStart(11)}${String(f.requests[k]).padStart(10)}` +
        `${f.latencyByKindMs[k].p50.toFixed(1).padStart(9)}${f.latencyByKindMs[k].p99.toFixed(1).padStart(9)}`,
    ),
    `started ${kinds.reduce((sum, k) => sum + f.operations[k], 0)} of ${f.scheduled} scheduled operations; achieved: ${f.operationsPerSecond.toFixed(1)} operations/s, ${f.requestsPerSecond.toFixed(1)} requests/s over ${f.elapsedSeconds.toFixed(1)} s`,
    `latency per request: p50 ${f.latencyMs.p50.toFixed(1)} ms, p90 ${f.latencyMs.p90.toFixed(1)} ms, p99 ${f.latencyMs.p99.toFixed(1)} ms, max ${f.latencyMs.max.toFixed(1)} ms`,
    `statuses: ${Object.entries(f.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(", ")}`,
    `503 storage_unavailable: ${f.unavailable} (${(f.unavailableShare * 100).toFixed(1)}% of requests); 429: ${f.rateLimited}; retries: ${f.retries}; gave up: ${f.gaveUp}`,
    `duplicates sent: ${f.duplicatesSent.webhook} webhooks, ${f.duplicatesSent.shipment_event} shipment events`,
    `acknowledged writes: ${f.acknowledged.total} (${f.acknowledged.widgetEvents} widget events, ${f.acknowledged.webhookDeliveries} webhook deliveries, ${f.acknowledged.merchantEvents} merchant events)`,
    `stored: ${f.stored.widgetEvents} widget events, ${f.stored.webhookDeliveries} deliveries with ${f.stored.webhookCarrierEvents} carrier events, ${f.stored.merchantEvents} merchant events`,
    `setup through the faults, per ${f.options.orders} orders: ${Object.entries(f.setup)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    ...(f.queue
      ? [
          `events queue: drained ${(f.queue.waitedMs / 1000).toFixed(1)} s after the schedule${f.queue.complete ? "" : " (NOT complete at the limit)"}; consumer batches failed and retried: ${f.queue.failedBatches ?? "?"}; dead letters: ${f.queue.deadLetters}`,
        ]
      : []),
    ...(f.webhookQueue
      ? [
          `webhooks queue: drained ${(f.webhookQueue.waitedMs / 1000).toFixed(1)} s after the events${f.webhookQueue.complete ? "" : " (NOT complete at the limit)"}; consumer writes failed and retried: ${f.webhookQueue.failedWrites ?? "?"}; dead letters: ${f.webhookQueue.deadLetters}`,
        ]
      : []),
    `lost acknowledged writes: ${f.lost}; duplicated: ${f.duplicated}; stored but never acknowledged: ${f.unexplained}; violations: ${f.violations.length}`,
    ...f.violations.slice(0, 10).map((v) => `  ! ${v.kind} ${v.status}: ${v.detail}`),
  ];
  return lines.join("\n");
}
