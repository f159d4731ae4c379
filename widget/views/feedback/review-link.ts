/**
 * The items a review form asks about, and the review link a lifecycle message carries (the order's
 * status link with `ds_review=<sku>` and, for a star in the email, `ds_stars=<1..5>`:
 * worker/services/lifecycle-moments.ts). Here, beside the panel, so the survey's module can tell at
 * once that a link skips it; the review form (a later chunk there) reads the same.
 */
import type { SurveyOrderView } from "../../../contract/order-view.ts";

/**
 * The items to ask about: those in a delivered parcel. An order without parcels on record (the view
 * placed on a page by the merchant, who knows it arrived) asks about every item.
 */
export function reviewable(view: SurveyOrderView) {
  if (!view.shipments.length) return view.order.lines;
  const delivered = new Set(view.shipments.filter((s) => s.status == "delivered").flatMap((s) => s.lines.map((l) => l.sku)));
  return view.order.lines.filter((line) => delivered.has(line.sku));
}

/**
 * The item the page's link asks to review, with the stars it chose: only an item this form asks
 * about, and only whole stars 1 to 5 (anything else in the link is ignored).
 */
export function reviewLink(view: SurveyOrderView): { sku: string; stars?: number } | undefined {
  const query = new URLSearchParams(location.search);
  const sku = query.get("ds_review");
  const stars = query.get("ds_stars");
  if (reviewable(view).some((line) => line.sku == sku)) return { sku: sku!, stars: /^[1-5]$/.test(stars!) ? +stars! : undefined };
}
