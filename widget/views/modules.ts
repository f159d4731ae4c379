/**
 * Which module draws which view. Each view's module (`views/<module>.js`) is whole in itself, Preact
 * included, so a page with one view fetches the loader, that module and the view's one API answer, and
 * nothing else. A page with views of several modules fetches `views/app.js`, every view in one file
 * (one Preact, not one per view), except `reviews`: a product page's, never in `app`, always its own
 * module (so the order views' pages never pay for it). Read by the loader and by the build
 * (vite.config.ts); no Preact here.
 */
export const VIEW_MODULES = ["confirmation", "tracking", "review", "survey", "offers", "reviews", "app"] as const;
export type ViewModule = (typeof VIEW_MODULES)[number];

/**
 * The module of a view: its own, named after it; the lookup form is the tracking module's (which also
 * draws the survey once the order is delivered); a name the contract does not know is drawn by `app`'s
 * notice. The survey's module fetches the review form once the shopper answers (feedback/after-survey-extras.ts).
 */
export const moduleOf = (view: string): ViewModule =>
  view == "lookup" ? "tracking" : view != "app" && (VIEW_MODULES as readonly string[]).includes(view) ? (view as ViewModule) : "app";

/** The one module `app` does not contain: its view always loads its own module, beside anything else. */
export const ALONE: ViewModule = "reviews";

/**
 * The views that draw an order, so read it first thing (the loader asks for it beside their module),
 * each with the query of that read: confirmation and tracking draw their offers, which come in the same
 * answer; each reads only its part of the order: the thank-you page's, the tracking view's, and the
 * survey's for the survey and the review form (the survey's second half) (issue 22). Each view's spec asks for the same query (ViewSpec.read), so a retry asks for what
 * the loader did.
 */
export const ORDER_READS: Record<string, string> = {
  confirmation: "?offers=confirmation&view=confirmation",
  tracking: "?offers=tracking&view=tracking",
  survey: "?view=survey",
  review: "?view=survey",
};
