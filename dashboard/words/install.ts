/** Putting Doorstep on the shop: the lines to paste and where, on the settings screen (dashboard/install.tsx). */
export const installWords = {
  title: "Put Doorstep on your shop",
  headIntro:
    "Paste these two lines into the <head> of each page template that shows a view. The second keeps a connection that never answers from holding your page blank for more than 3 seconds.",
  copyHead: "Copy the two lines",
  copied: "Copied. Paste them into your theme's <head>.",
  copyByHand: "This browser did not let the page copy: the lines are selected, press Ctrl+C (⌘C on a Mac).",
  elementsIntro: "Then put an element where each view goes:",
  viewConfirmation: "the thank-you page (order confirmation):",
  viewTracking: "the order-status page (live tracking; a lookup form without an order):",
  viewSurvey: "a page your survey emails link to:",
  viewReviews: "a product page (its reviews; SKU is the product's):",
  // {origins}: the saved origins, comma-separated.
  originsListed: "The views answer on your shop's origins as saved above: {origins}.",
  noOrigins: "No origin of your shop is saved above yet: add your shop's address there, or the views cannot read orders.",
  cspIntro: "If your shop sends a Content-Security-Policy, add these sources to it:",
};
