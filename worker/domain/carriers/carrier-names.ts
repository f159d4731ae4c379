/**
 * From the carrier a merchant or a platform names ("UPS", "FedEx Ground", "Deutsche Post (DE)", "Other")
 * to the carrier an aggregator knows, by its own identifier (pure). A name Doorstep cannot place, or
 * one that could mean two carriers, is settled by the tracking number (detect.ts); when that does not
 * settle it either, the carrier stays unknown and the aggregator is asked without one (both detect
 * the carrier themselves then, or refuse with their reason).
 */
import { detectCarrier, type CarrierId } from "./detect.ts";
import { carrierPage } from "./tracking-links.ts";

const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Names as merchants and platforms write them (Shopify's tracking companies, WooCommerce's providers). */
const NAMES: Record<string, CarrierId> = {
  ups: "ups",
  unitedparcelservice: "ups",
  upsground: "ups",
  upsexpress: "ups",
  usps: "usps",
  unitedstatespostalservice: "usps",
  uspostalservice: "usps",
  fedex: "fedex",
  federalexpress: "fedex",
  fedexground: "fedex",
  fedexexpress: "fedex",
  fedexhomedelivery: "fedex",
  dhlexpress: "dhl_express",
  dhlexpressworldwide: "dhl_express",
  royalmail: "royal_mail",
  canadapost: "canada_post",
  postescanada: "canada_post",
  australiapost: "australia_post",
  auspost: "australia_post",
  deutschepost: "deutsche_post",
  deutschepostde: "deutsche_post",
};

/** Names that could be more than one carrier: the tracking number decides among these only. */
const AMBIGUOUS: Record<string, readonly CarrierId[]> = {
  dhl: ["dhl_express", "deutsche_post"],
  dhlparcel: ["deutsche_post"],
};

export interface ResolvedCarrier {
  carrier?: CarrierId;
  /** merchant: the name given was enough; detected: the tracking number said; unknown: neither. */
  source: "merchant" | "detected" | "unknown";
}

/** The carrier of a parcel from the name it was sent with (possibly none) and its tracking number. */
export function resolveCarrier(name: string | null | undefined, trackingNumber: string): ResolvedCarrier {
  const k = key(name ?? "");
  const named = NAMES[k];
  if (named) return { carrier: named, source: "merchant" };
  const detected = detectCarrier(trackingNumber)?.carrier;
  const allowed = AMBIGUOUS[k];
  if (detected && (!allowed || allowed.includes(detected))) return { carrier: detected, source: "detected" };
  return { source: "unknown" };
}

/** How people read each carrier's name. */
export const CARRIER_NAMES: Record<CarrierId, string> = {
  ups: "UPS",
  usps: "USPS",
  fedex: "FedEx",
  dhl_express: "DHL Express",
  royal_mail: "Royal Mail",
  canada_post: "Canada Post",
  australia_post: "Australia Post",
  deutsche_post: "Deutsche Post",
};

/**
 * EasyPost's `carrier` strings (as its Tracker and Rate objects spell them). Deutsche Post is left out:
 * EasyPost then detects the carrier itself.
 */
export const EASYPOST_CARRIERS: Partial<Record<CarrierId, string>> = {
  ups: "UPS",
  usps: "USPS",
  fedex: "FedEx",
  dhl_express: "DHLExpress",
  royal_mail: "RoyalMail",
  canada_post: "CanadaPost",
  australia_post: "AustraliaPost",
};

/** AfterShip courier slugs (GET /couriers/all): "dhl" is DHL Express there, "deutsch-post" Deutsche Post Mail. */
export const AFTERSHIP_SLUGS: Partial<Record<CarrierId, string>> = {
  ups: "ups",
  usps: "usps",
  fedex: "fedex",
  dhl_express: "dhl",
  royal_mail: "royal-mail",
  canada_post: "canada-post",
  australia_post: "australia-post",
  deutsche_post: "deutsch-post",
};

/**
 * The carrier a shopper is shown: the name the parcel was sent with when Doorstep knows that carrier's
 * tracking page, else the carrier its tracking number names ("Other" with a 1Z number is UPS), else
 * the name as sent.
 */
export function shownCarrier(name: string, trackingNumber: string): { name: string; url?: string } {
  const given = carrierPage(name, trackingNumber);
  if (given.url) return given;
  const resolved = resolveCarrier(name, trackingNumber);
  return resolved.source === "detected" && resolved.carrier ? carrierPage(CARRIER_NAMES[resolved.carrier], trackingNumber) : given;
}
