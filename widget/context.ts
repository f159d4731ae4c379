/**
 * What the loader hands a view chunk, and the small rules both sides share: where the order token and
 * the locale come from, and how the widget complains. Kept free of Preact so the loader can import it.
 */

/** Values of `data-doorstep` the contract names. */
export const VIEWS = ["confirmation", "tracking", "review", "survey", "offers", "lookup", "reviews"] as const;
export type ViewName = (typeof VIEWS)[number];

/** Options for `window.Doorstep.mount(el, options)`; each falls back to the element's `data-*`. */
export interface MountOptions {
  view?: string;
  order?: string;
  locale?: string;
  store?: string;
}

/**
 * What the loader (doorstep.js) hands a views module. Shoppers' browsers may run yesterday's loader
 * with today's views (the loader is used stale for a day: vite.config.ts), so a release adds to this
 * and never changes what a field means or requires a new one.
 */
export interface MountContext {
  /** The `data-doorstep` value asked for (may be one this build does not know). */
  view: string;
  /** The worker's origin, e.g. `https://doorstep.example.com` (no trailing slash). */
  api: string;
  storeId?: string;
  token?: string;
  /** An explicit locale from `data-locale` or the mount options; the order's locale comes later. */
  locale?: string;
  /** The script tag's nonce, for a `<style>` when constructable stylesheets are missing. */
  nonce?: string;
  /** The order's answer, already asked for by the loader (`GET /v1/o/{token}`); read once. */
  order?: Promise<Response>;
  host: HTMLElement;
  /**
   * Shows the loader's "couldn't be loaded" message in the root. The loader's, in every language it
   * speaks, so the views module need not carry a second copy of those strings.
   */
  fail?(): void;
}

/** The signature every view chunk exports as `mount`; it answers a function that unmounts. */
export type MountView = (root: ShadowRoot, ctx: MountContext) => () => void;

/** `data-order` on the element, else `?order=` in the page's URL. */
export function resolveToken(explicit: string | null | undefined, pageUrl: string): string | undefined {
  if (explicit && explicit.trim()) return explicit.trim();
  try {
    return new URL(pageUrl).searchParams.get("order")?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The first of the candidates that is a well-formed locale tag, canonicalised (`de-de` → `de-DE`). */
export function resolveLocale(...candidates: (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const [tag] = Intl.getCanonicalLocales(candidate.replace(/_/g, "-"));
      if (tag) return tag;
    } catch {
      /* not a locale tag: try the next */
    }
  }
  return "en";
}

/** Every complaint the widget makes goes to the console, prefixed, as a warning (never an error). */
export function warn(message: string, cause?: unknown): void {
  try {
    console.warn(`[doorstep] ${message}`, ...(cause ? [cause] : []));
  } catch {
    /* a console that throws is not worth breaking the page over */
  }
}

/** Tells the host page what happened: `doorstep:*` events bubble out of the shadow root's host. */
export function emit(host: Element, name: string, detail?: unknown): void {
  try {
    host.dispatchEvent(new CustomEvent(`doorstep:${name}`, { detail, bubbles: true, composed: true }));
  } catch {
    /* a listener of the host page threw: not our problem to rethrow */
  }
}
