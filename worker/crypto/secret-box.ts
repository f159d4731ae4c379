import { fromBase64, toBase64Url } from "./encoding.ts";

/**
 * AES-256-GCM for secrets the worker must be able to read back (webhook signing secrets), keyed by the
 * DOORSTEP_SECRET_KEY secret (base64 of 32 random bytes). Used by the worker and by the operator CLI,
 * so both run this same code on WebCrypto.
 */
async function importKey(base64Key: string): Promise<CryptoKey> {
  const raw = fromBase64(base64Key);
  if (raw.byteLength !== 32) throw new Error("DOORSTEP_SECRET_KEY must be base64 of 32 bytes");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export async function sealJson(base64Key: string, value: unknown): Promise<string> {
  const key = await importKey(base64Key);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = new TextEncoder().encode(JSON.stringify(value));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, plaintext));
  return `v1.${toBase64Url(iv)}.${toBase64Url(sealed)}`;
}

export async function openJson<T>(base64Key: string, box: string): Promise<T> {
  const [version, iv, sealed] = box.split(".");
  if (version !== "v1" || !iv || !sealed) throw new Error("unknown secret box format");
  const key = await importKey(base64Key);
  const plaintext = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(iv) }, key, fromBase64(sealed));
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}
