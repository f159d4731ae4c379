/**
 * What the offer cards say, in English: with the cards' code (ui/offers.tsx), so the survey's module,
 * which draws offers only after the answers (in its later chunk), does not carry it before its first
 * question. Part of the reference catalogue (en.ts) all the same: other languages' common parts have it.
 */
export const enOffers = {
  offersTitle: "Picked for you",
  offerSupport: "Get help with your order",
  o_co_purchase: "Often bought with your {item}",
  o_pairs_with: "Pairs well with your {item}",
  o_replenish_due: "Time to restock: {days} days since your last order",
  o_reorder_window: "Need another {item}?",
  o_upsell_family: "A step up from your {item}",
  o_how_to: "Get more from your {item}",
  o_detractor_support: "We're sorry it wasn't right. Tell us, and we'll fix it.",
};
