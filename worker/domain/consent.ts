/**
 * Consent, kept apart (pure): the shopper's delivery-update choice covers the order and its parcels;
 * marketing needs marketing consent on the channel it goes out by. Which channel a marketing moment may
 * use is decided here; storage/consent.ts keeps the states and their history.
 */
import { MARKETING_CHANNELS, type ConsentState, type MarketingChannel, type UpdateChannel } from "../../contract/vocabularies.ts";

/** News of one channel's marketing consent, from an order, a platform, the shopper or the merchant. */
export interface ConsentNews {
  channel: MarketingChannel;
  state: ConsentState;
  /** When the shopper gave or withdrew it (ISO, any offset). */
  at: string;
  /** Who told us: order, shopify, woocommerce, tracking_page, admin, or what the merchant sent. */
  source: string;
}

/** One channel's consent as it holds now. */
export interface StoredConsent {
  state: ConsentState;
  at: string;
  source: string;
}
export type MarketingConsents = Partial<Record<MarketingChannel, StoredConsent>>;

/** What a moment went out under: the delivery-update choice, or marketing consent on one channel. */
export interface SentUnder {
  basis: "updates" | "marketing";
  channel: MarketingChannel;
  /** For marketing: the consent's state, time and source on that channel. */
  consent?: StoredConsent;
}

/**
 * The channel a marketing moment may go out by: the one the shopper chose for updates when marketing
 * is granted there, else any channel with marketing granted (email first); undefined for none at all.
 */
export function marketingChannel(consents: MarketingConsents, preferred: UpdateChannel | null | undefined): MarketingChannel | undefined {
  if (preferred && preferred !== "none" && consents[preferred]?.state === "granted") return preferred;
  return MARKETING_CHANNELS.find((c) => consents[c]?.state === "granted");
}

/**
 * Under what a due moment goes out, or why it may not: service moments follow the delivery-update
 * choice (email unless the shopper chose otherwise; `none` stops them), marketing needs consent.
 */
export function sendingBasis(
  moment: { marketing: boolean },
  facts: { updates: UpdateChannel | null | undefined; consents: MarketingConsents },
): SentUnder | "opted_out" | "no_marketing_consent" {
  if (!moment.marketing) {
    if (facts.updates === "none") return "opted_out";
    return { basis: "updates", channel: facts.updates ?? "email" };
  }
  const channel = marketingChannel(facts.consents, facts.updates);
  return channel ? { basis: "marketing", channel, consent: facts.consents[channel] } : "no_marketing_consent";
}
