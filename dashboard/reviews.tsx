import { useEffect, useState } from "preact/hooks";
import { getReviewSummary, type ReviewSummary } from "./api.ts";
import { count, pct } from "./format.ts";
import { Scroll } from "./scroll.tsx";
import { byCount, wordsOf } from "./words.ts";
import { reviewsWords } from "./words/reviews.ts";

const say = wordsOf(reviewsWords);

const REASONS: [keyof ReviewSummary["byReason"], string][] = [
  ["personal_data", say("reasonPersonalData")],
  ["offensive", say("reasonOffensive")],
  ["link", say("reasonLink")],
  ["spam", say("reasonSpam")],
];

/**
 * Reviews published by star (issue 24): for each rating, how many reviews there are and the share
 * published, so anyone can see one-star reviews go up like five-star ones; and what waits in the queue
 * or was rejected, per stated reason. Advisory: if it cannot be fetched, the rest of the dashboard stands.
 */
export function ReviewShareSection({ credential }: { credential: string }) {
  const [summary, setSummary] = useState<ReviewSummary>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    getReviewSummary(credential).then(
      (s) => (setSummary(s), setProblem(undefined)),
      (e: Error) => setProblem(e.message),
    );
  }, [credential]);
  return (
    <section aria-labelledby="review-share">
      <h2 id="review-share">{say("heading")}</h2>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
      {summary && (
        <>
          <Scroll label={say("byStarsCaption")}>
            <table>
              <caption>{say("byStarsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{say("ratingColumn")}</th>
                  <th scope="col">{say("reviewsColumn")}</th>
                  <th scope="col">{say("publishedColumn")}</th>
                  <th scope="col">{say("waitingColumn")}</th>
                  <th scope="col">{say("rejectedColumn")}</th>
                  <th scope="col">{say("publishedShareColumn")}</th>
                </tr>
              </thead>
              <tbody>
                {summary.stars.map((s) => (
                  <tr key={s.rating}>
                    <th scope="row">{say(byCount(s.rating, { one: "starsOne", other: "starsOther" }), { rating: s.rating })}</th>
                    <td>{count(s.total)}</td>
                    <td>{count(s.published)}</td>
                    <td>{count(s.pending)}</td>
                    <td>{count(s.rejected)}</td>
                    <td>{pct(s.publishedShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
          <p class="muted">{say("asWritten")}</p>
          <Scroll label={say("byReasonCaption")}>
            <table>
              <caption>{say("byReasonCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{say("reasonColumn")}</th>
                  <th scope="col">{say("waitingColumn")}</th>
                  <th scope="col">{say("rejectedColumn")}</th>
                </tr>
              </thead>
              <tbody>
                {REASONS.map(([reason, label]) => (
                  <tr key={reason}>
                    <th scope="row">{label}</th>
                    <td>{count(summary.byReason[reason].pending)}</td>
                    <td>{count(summary.byReason[reason].rejected)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        </>
      )}
    </section>
  );
}
