/**
 * Carriers print tracking numbers with spaces and dashes, and aggregators echo them back in either
 * form; one canonical form lets a webhook find the shipment a merchant registered.
 */
export const normaliseTrackingNumber = (value: string) => value.replace(/[\s-]/g, "").toUpperCase();

/** Public tracking pages of common carriers; `#` is the tracking number. */
const CARRIER_PAGES: Record<string, { name: string; url: string }> = {
  ups: { name: "UPS", url: "https://www.ups.com/track?tracknum=#" },
  usps: { name: "USPS", url: "https://tools.usps.com/go/TrackConfirmAction?tLabels=#" },
  fedex: { name: "FedEx", url: "https://www.fedex.com/fedextrack/?trknbr=#" },
  dhl: { name: "DHL", url: "https://www.dhl.com/global-en/home/tracking.html?tracking-id=#" },
  dhlexpress: { name: "DHL Express", url: "https://www.dhl.com/global-en/home/tracking.html?tracking-id=#" },
  dhlde: { name: "DHL", url: "https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=#" },
  dpd: { name: "DPD", url: "https://tracking.dpd.de/status/en_US/parcel/#" },
  gls: { name: "GLS", url: "https://gls-group.com/track/#" },
  royalmail: { name: "Royal Mail", url: "https://www.royalmail.com/track-your-item#/tracking-results/#" },
  evri: { name: "Evri", url: "https://www.evri.com/track/parcel/#" },
  postnl: { name: "PostNL", url: "https://jouw.postnl.nl/track-and-trace/#" },
  canadapost: { name: "Canada Post", url: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=#" },
  australiapost: { name: "Australia Post", url: "https://auspost.com.au/mypost/track/details/#" },
};

const carrierKey = (carrier: string) => carrier.toLowerCase().replace(/[^a-z]/g, "");

/** The carrier's display name and public tracking page, when the carrier is one we know. */
export function carrierPage(carrier: string, trackingNumber: string): { name: string; url?: string } {
  const known = CARRIER_PAGES[carrierKey(carrier)];
  if (!known) return { name: carrier };
  // The `#` after royalmail's hash-route is part of its URL; only the last `#` is the placeholder.
  const at = known.url.lastIndexOf("#");
  return { name: known.name, url: known.url.slice(0, at) + encodeURIComponent(trackingNumber) + known.url.slice(at + 1) };
}
