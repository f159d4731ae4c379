/** How Shopify's records are named in Doorstep: exact ids, and a sku for every line and variant. Pure. */
import type { ShopifyLineItem } from "../../schemas/platforms/shopify.ts";
import { cleanId } from "./platform-order.ts";

type Id = string | number | null | undefined;

/** The exact id: from the GraphQL gid when present (a JSON number past 2^53 loses digits), else as sent. */
export function shopifyIdOf(id: Id, gid?: string | null): string {
  const fromGid = gid ? /\/(\d+)$/.exec(gid)?.[1] : undefined;
  return fromGid ?? String(id ?? "");
}

/**
 * A line's sku, or, for the many lines without one, a stable identifier from its variant (then its
 * product, then the line itself), so offers, reviews and parcels still have something to hold on to.
 * Catalogue products made from variants without a sku get the same identifier (shopify-product.ts).
 */
export function shopifySku(line: Pick<ShopifyLineItem, "sku" | "variant_id" | "product_id" | "id">): string {
  const sku = line.sku?.trim();
  if (sku) return cleanId(sku);
  if (line.variant_id !== null && line.variant_id !== undefined) return `shopify-variant-${line.variant_id}`;
  if (line.product_id !== null && line.product_id !== undefined) return `shopify-product-${line.product_id}`;
  return `shopify-line-${line.id ?? "unknown"}`;
}
