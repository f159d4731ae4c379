import { QR_MAX_BYTES } from "./qr/encode.ts";

/**
 * The shopper's order-status link (in the order API's answer, emails, the return QR code): the store's
 * template with the token filled in, or, for a store that has not set one, its primary origin with
 * `?order=` (the widget reads the token from there).
 */
export function statusUrl(template: string | null | undefined, primaryOrigin: string, token: string): string {
  const encoded = encodeURIComponent(token);
  if (template) return template.replace(/\{token\}|%7Btoken%7D/g, encoded);
  return `${primaryOrigin}/?order=${encoded}`;
}

/** One stored origin: its place in the merchant's list (null if stored before lists kept their order) and insertion order. */
export interface StoredOrigin {
  origin: string;
  position: number | null;
  inserted: number;
}

/**
 * A store's origins in the order the merchant listed them, and its primary origin: the first one
 * listed, never the first by any sort (alphabetically, `http://localhost:3000` comes before
 * `https://shop.example`, and a developer's address went into shoppers' emails). Origins stored before
 * their order was kept have no position: then the first https origin that is not a local machine,
 * in insertion order, else the first inserted.
 */
export function orderedOrigins(stored: readonly StoredOrigin[]): { origins: string[]; primary: string | undefined } {
  const listed = [...stored].sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.inserted - b.inserted);
  const origins = listed.map((o) => o.origin);
  const recorded = listed.find((o) => o.position !== null);
  const primary = recorded?.origin ?? origins.find((o) => o.startsWith("https://") && !isLocalOrigin(o)) ?? origins[0];
  return { origins, primary };
}

/** localhost, *.localhost, loopback and private-use names: a developer's machine, never a shop. */
export function isLocalOrigin(origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return true;
  }
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".local") ||
    host.endsWith(".test") ||
    host === "[::1]" ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === "0.0.0.0"
  );
}

/**
 * The link the in-store return code carries: the status link, unless it is more than any QR code holds
 * (2,953 UTF-8 bytes). The store settings allow templates of 2,048 characters, and only multi-byte
 * characters or a `{token}` named many times go past that; those get the primary origin's link, the
 * one a store without a template uses, rather than no code at all.
 */
export function returnCodeUrl(template: string | null | undefined, primaryOrigin: string, token: string): string {
  const link = statusUrl(template, primaryOrigin, token);
  return new TextEncoder().encode(link).length <= QR_MAX_BYTES ? link : statusUrl(undefined, primaryOrigin, token);
}
