/** A platform product as catalogue products (one per sku), and the skus it owns. Pure. */
import type { ProductInput } from "../../schemas/offers.ts";

export interface MappedProduct {
  productId: string;
  /** The platform's updated_at (UTC ISO): an older version is not applied. */
  updatedAt?: string;
  /** Catalogue rows, one per sellable sku (a Shopify variant, a WooCommerce product). */
  products: ProductInput[];
}

/** A family for products the platform left without a type or category. */
export const NO_FAMILY = "other";
