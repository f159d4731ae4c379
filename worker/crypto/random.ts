import { toBase64Url } from "./encoding.ts";

/** URL-safe random string carrying `bytes * 8` bits from the platform CSPRNG. */
export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Order tokens: 256 bits, 43 URL-safe characters. */
export const newOrderToken = () => randomToken(32);
export const ORDER_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Store API keys carry a recognisable prefix so leaked keys can be found by secret scanners. */
export const newApiKey = () => `dsk_${randomToken(32)}`;
export const newWebhookSecret = () => `dsw_${randomToken(32)}`;
