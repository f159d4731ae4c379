/**
 * How much more often two products are bought together than chance would have it. Plain counts
 * recommend bestsellers with everything; lift divides by how popular each product is on its own. Raw
 * lift is wild for rare products (two items bought once, together, have a lift in the hundreds), so
 * both popularities get K pseudo-orders and the result is weighted by how much evidence there is:
 *
 *   score = together · orders / ((withA + K) · (withB + K))  ·  together / (together + K)
 */
export const K = 5;

export function coPurchaseScore(together: number, withA: number, withB: number, orders: number): number {
  if (together <= 0 || withA <= 0 || withB <= 0 || orders <= 0) return 0;
  return ((together * orders) / ((withA + K) * (withB + K))) * (together / (together + K));
}
