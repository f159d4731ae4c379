/**
 * How a published review is signed (issue 24): the shopper's first name and the initial of their last
 * name by default ("Sam R."), "Anonymous" when they asked not to be named, and "Verified buyer" when
 * Doorstep holds no first name for them (or the customer was erased). Never more of the name than that.
 */
import type { ReviewAuthorKind } from "../../../contract/reviews.ts";
import type { ReviewAuthorChoice } from "../../../contract/vocabularies.ts";

export const ANONYMOUS = "Anonymous";
export const VERIFIED_BUYER = "Verified buyer";

/** First name and last initial as the public sees them; at most 40 characters of first name. */
export function reviewAuthor(
  choice: ReviewAuthorChoice,
  firstName: string | null | undefined,
  lastName: string | null | undefined,
): { author: string; authorKind: ReviewAuthorKind } {
  if (choice === "anonymous") return { author: ANONYMOUS, authorKind: "anonymous" };
  const first = [...(firstName ?? "").trim().split(/\s+/)[0]!].slice(0, 40).join("");
  if (!first) return { author: VERIFIED_BUYER, authorKind: "verified_buyer" };
  // The first letter of the last name, as one user-perceived character where the runtime can tell.
  const last = (lastName ?? "").trim();
  const initial = last ? firstGrapheme(last).toLocaleUpperCase() : "";
  return { author: initial ? `${first} ${initial}.` : first, authorKind: "name" };
}

function firstGrapheme(text: string): string {
  const Segmenter = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  if (Segmenter) {
    for (const { segment } of new Segmenter(undefined, { granularity: "grapheme" }).segment(text)) return segment;
  }
  return [...text][0] ?? "";
}
