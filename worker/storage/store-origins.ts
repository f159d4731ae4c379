/**
 * How a store's stored origin list reads back: in the merchant's order, with its primary origin (where
 * order-status links go without a statusPageUrl, domain/status-url.ts).
 */

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
