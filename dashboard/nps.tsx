/**
 * The real Net Promoter Score, when the store asks a 0–10 question and the metrics carry it: promoters
 * (9–10) minus detractors (0–6) as a share of every answer, from −100 to 100, with the three counts it
 * comes from. Stores asking only the 1–5 rating keep the "NPS-style" figure beside CSAT instead.
 */
import type { AdminMetrics } from "../contract/admin.ts";
import { points } from "./format.ts";
import { wordsOf } from "./words.ts";
import { npsWords } from "./words/nps.ts";

const say = wordsOf(npsWords);

export function NpsCard({ survey }: { survey: AdminMetrics["survey"] }) {
  const nps = survey.nps;
  if (!nps) return null;
  return (
    <div class="card nps">
      <dt>{say("title")}</dt>
      <dd>
        <strong>{points(nps.score)}</strong>
        <span class="muted">
          {say("breakdown", {
            promoters: say.count(nps.promoters, "promotersOne", "promotersOther"),
            passives: say.count(nps.passives, "passivesOne", "passivesOther"),
            detractors: say.count(nps.detractors, "detractorsOne", "detractorsOther"),
          })}
        </span>
      </dd>
    </div>
  );
}
