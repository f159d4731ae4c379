/**
 * The real Net Promoter Score, when the store asks a 0–10 question and the metrics carry it: promoters
 * (9–10) minus detractors (0–6) as a share of every answer, from −100 to 100, with the three counts it
 * comes from. Stores asking only the 1–5 rating keep the "NPS-style" figure beside CSAT instead.
 */
import type { AdminMetrics } from "../contract/admin.ts";
import { count, points } from "./format.ts";

const many = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

export function NpsCard({ survey }: { survey: AdminMetrics["survey"] }) {
  const nps = survey.nps;
  if (!nps) return null;
  return (
    <div class="card nps">
      <dt>Net Promoter Score</dt>
      <dd>
        <strong>{points(nps.score)}</strong>
        <span class="muted">
          {many(nps.promoters, "promoter")} (9–10), {many(nps.passives, "passive")} (7–8), {many(nps.detractors, "detractor")} (0–6), on a
          scale from −100 to +100
        </span>
      </dd>
    </div>
  );
}
