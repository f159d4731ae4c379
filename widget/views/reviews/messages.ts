/**
 * The reviews view's strings (a product page's summary, histogram and list). English is the reference
 * and ships inline in `views/reviews.js`; other languages live in messages/<lang>.ts, built as
 * parts/reviews.<lang>.js and fetched only by the shoppers who read them, with exactly English's keys.
 * Plurals: a key ending in One is the Intl category "one", every other category reads the Other form.
 */
import { loadLanguagePart, viewText, type ViewText } from "../../i18n/index.ts";

const en = {
  heading: "Customer reviews",
  rated: "Rated {rating} out of 5",
  countOne: "{count} review",
  countOther: "{count} reviews",
  verifiedNote: "Every review is from a customer who bought this product.",
  histogram: "Reviews by rating",
  rowOne: "{n} star: {count}",
  rowOther: "{n} stars: {count}",
  sortBy: "Sort by",
  s_newest: "Newest",
  s_highest: "Highest rating",
  s_lowest: "Lowest rating",
  s_photos: "With photos",
  verified: "Verified buyer",
  anonymous: "Anonymous",
  photo: "Customer photo {n} of {count}",
  reply: "Reply from {store}",
  replyStore: "Reply from the store",
  list: "Reviews, page {page} of {pages}",
  pages: "Review pages",
  page: "Page {page} of {pages}",
  previous: "Previous",
  next: "Next",
  loading: "Loading reviews…",
  empty: "No reviews yet.",
  failed: "Reviews couldn't be loaded right now.",
  retry: "Try again",
};

export type ReviewsKey = keyof typeof en;
export type ReviewsMessages = Record<ReviewsKey, string>;
export type ReviewsText = ViewText<ReviewsKey>;

export const reviewsEn: ReviewsMessages = en;

export const reviewsText = (messages: ReviewsMessages = en): ReviewsText => viewText(messages);

export const loadReviewsText = async (api: string, locale: string) => reviewsText(await loadLanguagePart(api, locale, "reviews", en));
