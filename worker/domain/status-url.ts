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
