/**
 * What a load run counts while it measures (the setup goes through the same faults uncounted):
 * operations and requests per kind, statuses, latencies, retries, operations given up, and every
 * answer that broke the contract (counted during setup too).
 */
import { perKind, type Kind } from "./options.ts";

export interface Violation {
  kind: Kind;
  status: number;
  detail: string;
}

export class Measurements {
  measuring = false;
  readonly operations = perKind(() => 0);
  readonly requests = perKind(() => 0);
  readonly latenciesByKind = perKind((): number[] => []);
  readonly latencies: number[] = [];
  readonly statuses: Record<string, number> = {};
  readonly violations: Violation[] = [];
  retries = 0;
  gaveUp = 0;

  operation(kind: Kind) {
    this.operations[kind]++;
  }

  answer(kind: Kind, status: number, ms: number) {
    if (!this.measuring) return;
    this.latencies.push(ms);
    this.latenciesByKind[kind].push(ms);
    this.requests[kind]++;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
  }

  retry() {
    if (this.measuring) this.retries++;
  }

  giveUp() {
    if (this.measuring) this.gaveUp++;
  }

  violation(kind: Kind, status: number, detail: string) {
    this.violations.push({ kind, status, detail });
  }
}
