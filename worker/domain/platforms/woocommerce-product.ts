/**
 * A WooCommerce product (`product.created|updated`) as a catalogue product: its sku (else a stable
 * identifier), its first category as family, its page and first image. A variable product arrives as
 * its parent (WooCommerce's webhook does not embed variations), priced at its lowest price. Pure.
 */
import type { WooProduct } from "../../schemas/platforms/woocommerce.ts";
import { vendorInstant } from "../carriers/tracking-report.ts";
import { toMinor } from "./money.ts";
import { cleanId, cleanText, cleanUrl } from "./platform-order.ts";
import { NO_FAMILY, type MappedProduct } from "./platform-product.ts";

export function wooProduct(product: WooProduct, currency: string | undefined, now: Date): MappedProduct {
  const sku = product.sku?.trim();
  const modified = product.date_modified_gmt;
  return {
    productId: String(product.id),
    updatedAt: modified ? vendorInstant(/Z$/i.test(modified) ? modified : `${modified}Z`, now) : undefined,
    products: [
      {
        sku: sku ? cleanId(sku) : `woocommerce-product-${product.id}`,
        name: cleanText(product.name, 200) ?? "Product",
        family: cleanText(product.categories?.[0]?.name, 64) ?? NO_FAMILY,
        price: Math.max(0, toMinor(product.price, currency ?? "USD")),
        currency,
        url: cleanUrl(product.permalink),
        imageUrl: cleanUrl(product.images?.[0]?.src),
        // Drafts, pending and private products are not for sale: kept, never offered.
        active: !product.status || product.status === "publish",
      },
    ],
  };
}
