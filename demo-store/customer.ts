/**
 * A stable customer id from an email address, so repeat buyers are recognised (reorder and
 * replenishment offers) without putting the address itself into an identifier.
 * FNV-1a keeps this dependency-free and identical wherever it runs; it is not a secret.
 */
export function customerIdFor(email: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(email.trim().toLowerCase())) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `cus_${hash.toString(16).padStart(16, "0")}`;
}
