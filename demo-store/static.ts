import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));

const contentTypes: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** A file under demo-store/public, or undefined for anything outside it or of a type we don't serve. */
export async function readStatic(pathname: string): Promise<{ body: Buffer; contentType: string } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const file = normalize(join(PUBLIC_DIR, decoded));
  if (
    !file.startsWith(PUBLIC_DIR) ||
    file
      .slice(PUBLIC_DIR.length)
      .split(sep)
      .some((part) => part.startsWith("."))
  )
    return undefined;
  const contentType = contentTypes[extname(file).toLowerCase()];
  if (!contentType) return undefined;
  try {
    return { body: await readFile(file), contentType };
  } catch {
    return undefined;
  }
}
