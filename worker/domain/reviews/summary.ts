/**
 * The published share per star (issue 24): for each rating, how many reviews there are and how many are
 * published, pending or rejected, so the merchant (and anyone they show it to) can see that one-star
 * reviews are published like five-star ones. Pure.
 */
import type { ReviewSummary, StarShare } from "../../../contract/reviews.ts";
import { MODERATION_REASONS, type ModerationReason, type ReviewStatus } from "../../../contract/vocabularies.ts";

export function reviewSummary(
  counts: { rating: number; status: ReviewStatus; reason: ModerationReason | null; n: number }[],
): ReviewSummary {
  const stars: StarShare[] = [5, 4, 3, 2, 1].map((rating) => {
    const of = (status: ReviewStatus) => counts.filter((c) => c.rating === rating && c.status === status).reduce((n, c) => n + c.n, 0);
    const published = of("published");
    const pending = of("pending");
    const rejected = of("rejected");
    const total = published + pending + rejected;
    return { rating, total, published, pending, rejected, publishedShare: total ? Math.round((published / total) * 1000) / 1000 : null };
  });
  const byReason = Object.fromEntries(
    MODERATION_REASONS.map((reason) => [reason, { pending: 0, rejected: 0 }]),
  ) as ReviewSummary["byReason"];
  for (const c of counts) {
    if (c.reason && c.status !== "published") byReason[c.reason][c.status] += c.n;
  }
  return { stars, byReason };
}
