/**
 * What a store platform's order becomes in Doorstep's terms, and the pieces every platform's mapping
 * shares: making the breakdown add up to the platform's total, keeping within the order schema's
 * bounds, and dropping contact details that would not validate. Pure.
 */
import type { ConsentState, MarketingChannel } from "../../../contract/vocabularies.ts";
import type { CarrierUpdate } from "../shipment-status.ts";

export type Platform = "shopify" | "woocommerce";

export interface Adjustment {
  label: string;
  amount: number;
}

export interface MappedLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  family?: string;
  imageUrl?: string;
  url?: string;
}

/** One carrier scan a platform reported, keyed so a redelivery stores it once. */
export interface MappedScan extends CarrierUpdate {
  id: string;
  vendorStatus: string;
}

/** One parcel: a tracking number of a Shopify fulfillment, or a Shipment Tracking item. */
export interface MappedParcel {
  id: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  lines: { sku: string; quantity: number }[];
  /** The platform's updated_at of what the parcel came from (UTC ISO), when it says. */
  updatedAt?: string;
  scans: MappedScan[];
}

/**
 * The parcels made from one source (a Shopify fulfillment, an order's Shipment Tracking items), as a
 * set: the source's parcels stored earlier whose id starts with `prefix` and are not in `parcels` any
 * more (a corrected tracking number, a cancelled fulfillment, a removed tracking item) are retired.
 */
export interface ParcelGroup {
  prefix: string;
  parcels: MappedParcel[];
}

/** A platform order as POST /v1/orders would take it, with what only platforms have. */
export interface MappedOrder {
  source: Platform;
  id: string;
  /** What shoppers and support see and type: "#1071". */
  number: string;
  /** ISO with the order's own offset (its time zone). */
  placedAt: string;
  /** The platform's updated_at (UTC ISO): a version older than the stored one is not applied. */
  updatedAt?: string;
  cancelledAt?: string;
  currency: string;
  locale?: string;
  /** First and last name (new in 2026-12, issue 24): a published review is signed "First L.". */
  customer: { id: string; email?: string; phone?: string; firstName?: string; lastName?: string };
  /** The customer's marketing consent per channel as the platform reports it (left out: not reported). */
  marketingConsent?: Partial<Record<MarketingChannel, { state: ConsentState; at?: string; source: string }>>;
  lines: MappedLine[];
  fees: Adjustment[];
  discounts: Adjustment[];
  total: number;
  /** Parcels this payload knows about, by what they came from. */
  parcels: ParcelGroup[];
  /** What the mapping had to adjust, in words, kept as the delivery's outcome. */
  notes: string[];
}

const MAX_LINES = 250;
const MAX_ADJUSTMENTS = 20;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Without control characters (the order schema refuses them in ids), trimmed, bounded. */
export function cleanId(value: string, max = 128): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is cleaned out.
  return clip(value.replace(/[\u0000-\u001f\u007f]/g, " ").trim(), max);
}

export const cleanText = (value: string | null | undefined, max: number): string | undefined => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is cleaned out.
  const text = value?.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return text ? clip(text, max) : undefined;
};

/** An email the order schema will take, or nothing: guest and POS orders often have none or "". */
export function cleanEmail(value: string | null | undefined): string | undefined {
  const email = value?.trim();
  return email && email.length <= 254 && /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/.test(email) ? email : undefined;
}

export function cleanPhone(value: string | null | undefined): string | undefined {
  const phone = value?.trim();
  return phone && phone.length <= 32 && /^\+?[0-9 ().-]{3,}$/.test(phone) ? phone : undefined;
}

/** A BCP 47 tag in canonical form ("zh-TW", "pt-BR"), or nothing for what Intl cannot read. */
export function cleanLocale(value: string | null | undefined): string | undefined {
  if (!value || value.length > 35) return undefined;
  try {
    return Intl.getCanonicalLocales(value.replace(/_/g, "-"))[0];
  } catch {
    return undefined;
  }
}

/** An http(s) URL the schemas take, or nothing. */
export function cleanUrl(value: string | null | undefined): string | undefined {
  if (!value || value.length > 2048) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Tracking numbers the shipment schema takes (4–64 letters, digits, spaces, dashes). */
export const usableTrackingNumber = (value: string | number | null | undefined): string | undefined => {
  const text = value === null || value === undefined ? "" : String(value).trim();
  return /^[A-Za-z0-9 -]{4,64}$/.test(text) ? text : undefined;
};

/** Adds amounts under the same label (two shipping lines are one "Shipping" fee), dropping zeros. */
export function sumByLabel(items: Adjustment[]): Adjustment[] {
  const byLabel = new Map<string, number>();
  for (const { label, amount } of items) byLabel.set(label, (byLabel.get(label) ?? 0) + amount);
  return [...byLabel].filter(([, amount]) => amount !== 0).map(([label, amount]) => ({ label: clip(label, 120), amount }));
}

/** At most `max` items: the rest are added into one last item under `label`. */
function capped(items: Adjustment[], max: number, label: string): Adjustment[] {
  if (items.length <= max) return items;
  const rest = items.slice(max - 1).reduce((sum, a) => sum + a.amount, 0);
  return [...items.slice(0, max - 1), { label, amount: rest }];
}

/**
 * The order's lines, fees and discounts made to fit Doorstep's order schema and to add up exactly to
 * the platform's total: negative fees become discounts (and the reverse), more than 250 lines or 20
 * adjustments are folded into one, and whatever difference is left (a component the platform did not
 * report in the shopper's currency, a rounding) becomes one "Adjustment" fee or discount, with a note.
 * A platform order is never refused for its arithmetic.
 */
export function balance(
  input: { lines: MappedLine[]; fees: Adjustment[]; discounts: Adjustment[]; total: number },
  notes: string[],
): { lines: MappedLine[]; fees: Adjustment[]; discounts: Adjustment[]; total: number } {
  let lines = input.lines.filter((l) => l.quantity >= 1 && l.unitPrice >= 0);
  if (lines.length > MAX_LINES) {
    const rest = lines.slice(MAX_LINES - 1);
    const amount = rest.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    lines = [...lines.slice(0, MAX_LINES - 1), { sku: "more-items", name: `${rest.length} more items`, quantity: 1, unitPrice: amount }];
    notes.push(`${rest.length} lines folded into one (at most ${MAX_LINES})`);
  }
  const signed = [...input.fees, ...input.discounts.map((d) => ({ label: d.label, amount: -d.amount }))];
  let fees = sumByLabel(signed.filter((a) => a.amount > 0));
  let discounts = sumByLabel(signed.filter((a) => a.amount < 0).map((a) => ({ label: a.label, amount: -a.amount })));
  const total = Math.max(0, input.total);
  const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const difference = total - (subtotal + fees.reduce((s, f) => s + f.amount, 0) - discounts.reduce((s, d) => s + d.amount, 0));
  if (difference > 0) fees = sumByLabel([...fees, { label: "Adjustment", amount: difference }]);
  if (difference < 0) discounts = sumByLabel([...discounts, { label: "Adjustment", amount: -difference }]);
  if (difference !== 0) notes.push(`an adjustment of ${difference} minor units makes the breakdown add up to the total`);
  fees = capped(fees, MAX_ADJUSTMENTS, "Other charges");
  discounts = capped(discounts, MAX_ADJUSTMENTS, "Other discounts");
  return { lines, fees, discounts, total };
}
