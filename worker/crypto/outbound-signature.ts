import { toHex } from "./encoding.ts";
import { hmacSha256 } from "./hmac.ts";

/**
 * How Doorstep signs what it sends to merchants' endpoints (documented in the README):
 *   Doorstep-Timestamp: <unix seconds>
 *   Doorstep-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" under the endpoint's secret>
 * The timestamp is inside the signed text, so a receiver that rejects old timestamps also rejects
 * replays of an intercepted request.
 */
export async function signOutbound(secret: string, timestamp: number, body: string): Promise<string> {
  return `v1=${toHex(await hmacSha256(secret, new TextEncoder().encode(`${timestamp}.${body}`)))}`;
}
