/**
 * The real Net Promoter Score, when the store asks a 0–10 question and the metrics carry it: promoters
 * (9–10) minus detractors (0–6) as a share of every answer, from −100 to 100, with the three counts it
 * comes from. Stores asking only the 1–5 rating keep the "NPS-style" figure beside CSAT instead.
 */
import type { AdminMetrics } from "../contract/admin.ts";
import { count, points } from "./format.ts";

/** What the metrics' survey part says of NPS answers in the range (absent when none was asked). */
export interface NpsFigures {
  score: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  responses: number;
}

export function NpsCard({ survey }: { survey: AdminMetrics["survey"] & { nps?: NpsFigures | null } }) {
  const nps = survey.nps;
  if (!nps) return null;
  return (
    <div class="card nps">
      <dt>Net Promoter Score</dt>
      <dd>
        <strong>{points(nps.score)}</strong>
        <span class="muted">
          {count(nps.promoters)} promoters (9–10), {count(nps.passives)} passives (7–8), {count(nps.detractors)} detractors (0–6), from −100
          to +100
        </span>
      </dd>
    </div>
  );
}
