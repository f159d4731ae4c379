const encoder = new TextEncoder();

function importHmacKey(secret: string, usage: "sign" | "verify") {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

export async function hmacSha256(secret: string, message: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await importHmacKey(secret, "sign"), message));
}

/**
 * A secret as a verify-only HMAC-SHA256 key, not extractable: what a caller keeps in memory between
 * requests instead of the secret itself.
 */
export function hmacVerifyKey(secret: string): Promise<CryptoKey> {
  return importHmacKey(secret, "verify");
}

/**
 * Whether `signature` is the HMAC-SHA256 of `message` under `key`. WebCrypto's verify compares in
 * constant time, so a forger learns nothing from how long a wrong guess took to refuse.
 */
export function verifyHmacSha256Key(key: CryptoKey, message: Uint8Array, signature: Uint8Array<ArrayBuffer>): Promise<boolean> {
  return crypto.subtle.verify("HMAC", key, signature, message);
}

/** Whether `signature` is the HMAC-SHA256 of `message` under `secret` (constant time, as above). */
export async function verifyHmacSha256(secret: string, message: Uint8Array, signature: Uint8Array<ArrayBuffer>): Promise<boolean> {
  return verifyHmacSha256Key(await hmacVerifyKey(secret), message, signature);
}
