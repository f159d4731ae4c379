/**
 * The shopper's order-status link: the store's template with the token filled in, or, for a store that
 * has not set one, its first origin with `?order=` (the widget reads the token from there).
 */
export function statusUrl(template: string | null | undefined, firstOrigin: string, token: string): string {
  const encoded = encodeURIComponent(token);
  if (template) return template.replace(/\{token\}|%7Btoken%7D/g, encoded);
  return `${firstOrigin}/?order=${encoded}`;
}
