/**
 * A Shopify product (`products/create|update`) as catalogue products: one per variant, named like
 * Shopify names order lines ("Title - Variant"), priced from the variant, with the product type as its
 * family, the storefront page as its URL and the variant's image (else the product's). Pure.
 */
import type { ShopifyProduct } from "../../schemas/platforms/shopify.ts";
import { vendorInstant } from "../carriers/tracking-report.ts";
import { toMinor } from "./money.ts";
import { cleanText, cleanUrl } from "./platform-order.ts";
import { NO_FAMILY, type MappedProduct } from "./platform-product.ts";
import { shopifyIdOf, shopifySku } from "./shopify-ids.ts";

/**
 * @param shop the shop's myshopify.com domain (product pages live under it, redirected to the shop's own domain)
 * @param currency the shop's currency when known (from its orders); prices are in it
 */
export function shopifyProduct(product: ShopifyProduct, shop: string, currency: string | undefined, now: Date): MappedProduct {
  const productId = shopifyIdOf(product.id);
  const title = cleanText(product.title, 200) ?? "Product";
  const family = cleanText(product.product_type, 64) ?? NO_FAMILY;
  const url = product.handle ? cleanUrl(`https://${shop}/products/${encodeURIComponent(product.handle)}`) : undefined;
  const images = new Map((product.images ?? []).map((image) => [String(image.id), image.src]));
  // Draft and archived products are not for sale: kept in the catalogue, never offered.
  const active = !product.status || product.status.toLowerCase() === "active";
  const products = (product.variants ?? []).map((variant) => {
    const variantTitle = cleanText(variant.title, 100);
    return {
      sku: shopifySku({ sku: variant.sku, variant_id: variant.id, product_id: product.id, id: null }),
      name: cleanText(variantTitle && variantTitle !== "Default Title" ? `${title} - ${variantTitle}` : title, 200)!,
      family,
      price: Math.max(0, toMinor(variant.price, currency ?? "USD")),
      currency,
      url,
      imageUrl: cleanUrl(
        (variant.image_id ? images.get(String(variant.image_id)) : undefined) ?? product.image?.src ?? product.images?.[0]?.src,
      ),
      active,
    };
  });
  return { productId, updatedAt: vendorInstant(product.updated_at, now), products };
}
