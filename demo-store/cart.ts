import { findProduct, type Product } from "./catalog.ts";

/** The cart lives in a cookie, `cart=sku:qty,...`, so the shop keeps no server-side session. */
export interface CartLine {
  product: Product;
  quantity: number;
}

export const MAX_QUANTITY = 20;

/** Anything unknown or malformed in the cookie is dropped rather than trusted. */
export function parseCart(cookieHeader: string | undefined): CartLine[] {
  const value = readCookie(cookieHeader, "cart");
  if (!value) return [];
  const lines = new Map<string, CartLine>();
  for (const entry of value.split(",")) {
    const [sku = "", qty = ""] = entry.split(":");
    const product = findProduct(sku);
    const quantity = Number(qty);
    if (!product || !Number.isInteger(quantity) || quantity < 1) continue;
    lines.set(sku, { product, quantity: Math.min(quantity, MAX_QUANTITY) });
  }
  return [...lines.values()];
}

export function serializeCart(lines: CartLine[]): string {
  return lines.map((l) => `${l.product.sku}:${l.quantity}`).join(",");
}

export function setQuantity(lines: CartLine[], product: Product, quantity: number): CartLine[] {
  const rest = lines.filter((l) => l.product.sku !== product.sku);
  if (quantity < 1) return rest;
  const at = lines.findIndex((l) => l.product.sku === product.sku);
  const line = { product, quantity: Math.min(quantity, MAX_QUANTITY) };
  if (at === -1) return [...rest, line];
  rest.splice(at, 0, line);
  return rest;
}

export function cartCount(lines: CartLine[]): number {
  return lines.reduce((sum, l) => sum + l.quantity, 0);
}

export function cartCookie(lines: CartLine[]): string {
  if (lines.length === 0) return "cart=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  return `cart=${serializeCart(lines)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
