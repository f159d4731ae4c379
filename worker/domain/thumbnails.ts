/**
 * Product pictures at the size the widget draws them, where the picture's host can make that size.
 *
 * A shop's product images are its originals: a Shopify product photo is commonly 2048 px or more and
 * hundreds of KB, drawn by the widget in a 56 px box (a confirmation's line items) or a 64 px one (an
 * offer). Shopify's CDN resizes on request: `?width=N` on a `cdn.shopify.com` address or a shop's own
 * `/cdn/shop/…` address (what Liquid's `image_url: width:` filter writes), the height following the
 * picture's proportions, never larger than the original. The views ask for three times the box, for
 * phones' 3× screens. Other hosts (WooCommerce's WordPress uploads among them) document no such
 * parameter: their addresses are left as they are. Pure.
 */
import type { OfferView } from "../../contract/offers.ts";

/** The widget's boxes, CSS px (widget/views/confirmation/line-items.tsx, widget/ui/offers.tsx). */
export const LINE_ITEM_PX = 56;
export const OFFER_PX = 64;
/** Device pixels per CSS pixel asked for. */
const DENSITY = 3;

const resizes = (url: URL) => url.hostname === "cdn.shopify.com" || url.pathname.startsWith("/cdn/shop/");

/** `url` sized for a box of `px` CSS pixels when its host resizes on request; otherwise as it came. */
export function thumbnail(url: string | undefined, px: number): string | undefined {
  if (!url) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  // A size the merchant chose already stands.
  if (!resizes(parsed) || parsed.searchParams.has("width") || parsed.searchParams.has("height")) return url;
  parsed.searchParams.set("width", String(px * DENSITY));
  return parsed.toString();
}

/** An offers answer with each offer's picture at the widget's offer size. */
export function offerThumbnails<T extends { offers: OfferView[] }>(answer: T): T {
  return { ...answer, offers: answer.offers.map((o) => (o.imageUrl ? { ...o, imageUrl: thumbnail(o.imageUrl, OFFER_PX) } : o)) };
}
