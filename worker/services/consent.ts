/**
 * What a shopper chooses on the tracking page, kept apart: delivery updates for this order by one
 * channel (or none), and, only when they tick it, marketing by that channel. Both are recorded with
 * their time and source in one transaction; unticking withdraws marketing consent and stops every
 * marketing message still waiting to go out on that channel (storage/consent.ts).
 */
import { MARKETING_CHANNELS, type MarketingChannel, type UpdateChannel } from "../../contract/vocabularies.ts";
import type { ConsentNews } from "../domain/consent.ts";
import { applyChanges } from "../storage/changes.ts";
import { consentNews, marketingConsentsOf, marketingConsentStatements, updateChoiceChangeStatement } from "../storage/consent.ts";
import { customerExists } from "../storage/customer-export.ts";
import type { MarketingConsentInput } from "../schemas/consent.ts";
import { setPreferenceStatement } from "../storage/shipments.ts";
import { orderViewChanged } from "../storage/view-versions.ts";

const SOURCE = "tracking_page";

export async function saveShopperChoice(
  db: D1Database,
  owner: { storeId: string; orderId: string; customerId: string },
  choice: { channel: UpdateChannel; contact?: string; marketing?: boolean },
  now: string,
): Promise<Record<MarketingChannel, boolean>> {
  const { storeId, orderId, customerId } = owner;
  const current = await marketingConsentsOf(db, storeId, customerId);
  const channels = choice.channel === "none" ? MARKETING_CHANNELS : [choice.channel];
  const news: ConsentNews[] =
    choice.marketing === undefined
      ? []
      : choice.marketing
        ? channels.map((channel) => ({ channel, state: "granted", at: now, source: SOURCE }))
        : // Unticked: a withdrawal only where there was something to withdraw (never a "denied" made up).
          channels
            .filter((c) => current[c]?.state === "granted" || current[c]?.state === "pending")
            .map((channel) => ({ channel, state: "withdrawn", at: now, source: SOURCE }));
  await applyChanges(db, [
    updateChoiceChangeStatement(storeId, customerId, orderId, choice, SOURCE, now),
    setPreferenceStatement(storeId, orderId, { channel: choice.channel, contact: choice.contact }, now),
    orderViewChanged(storeId, orderId),
    ...marketingConsentStatements(storeId, customerId, orderId, news, now),
  ]);
  const after = { ...current, ...Object.fromEntries(news.map((n) => [n.channel, n])) };
  return { email: after.email?.state === "granted", sms: after.sms?.state === "granted" };
}

/**
 * The merchant records news of a customer's marketing consent (an unsubscribe their email tool or
 * support received, a double opt-in confirmed): newest wins, the change is recorded, a withdrawal stops
 * the queued marketing at once. Null for no such customer.
 */
export async function recordMerchantConsent(
  db: D1Database,
  storeId: string,
  customerId: string,
  input: MarketingConsentInput,
  now: string,
) {
  if (!(await customerExists(db, storeId, customerId))) return null;
  await applyChanges(db, marketingConsentStatements(storeId, customerId, null, consentNews(input, { at: now, source: "admin" }), now));
  return { customerId, marketing: await marketingConsentsOf(db, storeId, customerId) };
}
