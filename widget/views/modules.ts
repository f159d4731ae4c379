/**
 * Which module draws which view. Each view's module (`views/<module>.js`) is whole in itself, Preact
 * included, so a page with one view fetches the loader, that module and the view's one API answer, and
 * nothing else. A page with views of several modules fetches `views/app.js`, every view in one file
 * (one Preact, not one per view). Read by the loader and by the build (vite.config.ts); no Preact here.
 */
export const VIEW_MODULES = ["confirmation", "tracking", "survey", "review", "offers", "app"] as const;
export type ViewModule = (typeof VIEW_MODULES)[number];

/** The module of each view the contract names; any other name (a typo) is drawn by `app`'s notice. */
export const MODULE_OF: Record<string, ViewModule> = {
  confirmation: "confirmation",
  // The tracking module draws the lookup form too, and the survey once the order is delivered.
  tracking: "tracking",
  lookup: "tracking",
  // The survey's module fetches the review form once the shopper answers (feedback/after-survey.ts).
  survey: "survey",
  review: "review",
  offers: "offers",
};
