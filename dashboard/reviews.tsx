import { useEffect, useState } from "preact/hooks";
import { getReviewSummary, type ReviewSummary } from "./api.ts";
import { count, pct } from "./format.ts";

const REASONS: [keyof ReviewSummary["byReason"], string][] = [
  ["personal_data", "Personal data (email, phone)"],
  ["offensive", "Offensive words"],
  ["link", "Links"],
  ["spam", "Spam"],
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
      <h2 id="review-share">Reviews published by stars</h2>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
      {summary && (
        <>
          <table>
            <caption>Published share by stars (all time)</caption>
            <thead>
              <tr>
                <th scope="col">Rating</th>
                <th scope="col">Reviews</th>
                <th scope="col">Published</th>
                <th scope="col">Waiting</th>
                <th scope="col">Rejected</th>
                <th scope="col">Published share</th>
              </tr>
            </thead>
            <tbody>
              {summary.stars.map((s) => (
                <tr key={s.rating}>
                  <th scope="row">{s.rating === 1 ? "1 star" : `${s.rating} stars`}</th>
                  <td>{count(s.total)}</td>
                  <td>{count(s.published)}</td>
                  <td>{count(s.pending)}</td>
                  <td>{count(s.rejected)}</td>
                  <td>{pct(s.publishedShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">
            Reviews are published as written. Only personal data, offensive words, links or spam hold one back, whatever its rating.
          </p>
          <table>
            <caption>Held back, by reason</caption>
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col">Waiting</th>
                <th scope="col">Rejected</th>
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
        </>
      )}
    </section>
  );
}
