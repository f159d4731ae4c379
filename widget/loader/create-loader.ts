import { VIEWS, emit, resolveToken, warn, type MountContext, type MountOptions, type MountView } from "../context.ts";
import { showLoadFailure, showPlaceholder } from "./placeholder.ts";

export interface LoaderConfig {
  /** The worker's origin, from the script's own `src`. */
  api: string;
  store?: string;
  nonce?: string;
  /** Fetches the views module (`views/app.js`); a dynamic `import()` in production, once per page. */
  importViews(): Promise<{ mount: MountView }>;
}

export interface Loader {
  mount(el: Element, options?: MountOptions): void;
  unmount(el: Element): void;
  /** Mounts `node` and every `[data-doorstep]` element inside it. */
  scan(node: Node): void;
  /** Unmounts whatever has left the document. */
  sweep(): void;
}

/**
 * The loader's whole behaviour, apart from reading the script tag: each mount point gets an open
 * shadow root, a skeleton at once, then the views module, which draws the view `ctx.view` names. Nothing here throws into the host page.
 */
export function createLoader(config: LoaderConfig): Loader {
  const live = new Map<HTMLElement, { stop?: () => void }>();

  function mount(el: Element, options: MountOptions = {}): void {
    try {
      if (!(el instanceof HTMLElement)) return warn("mount() needs an element");
      if (live.has(el)) return;
      const view = options.view ?? el.dataset.doorstep ?? "";
      if (!(VIEWS as readonly string[]).includes(view)) warn(`unknown view "${view}"; expected one of ${VIEWS.join(", ")}`);
      const locale = options.locale ?? el.dataset.locale;
      const root = el.shadowRoot ?? el.attachShadow({ mode: "open" });
      const ctx: MountContext = {
        view,
        api: config.api,
        storeId: options.store ?? config.store,
        token: resolveToken(options.order ?? el.dataset.order, location.href),
        locale,
        nonce: config.nonce,
        host: el,
        fail: () => showLoadFailure(root, locale, config.nonce),
      };
      const entry: { stop?: () => void } = {};
      live.set(el, entry);
      showPlaceholder(root, view, locale, config.nonce);
      config
        .importViews()
        .then((views) => {
          if (live.get(el) === entry) entry.stop = views.mount(root, ctx);
        })
        .catch((err: unknown) => {
          if (live.get(el) !== entry) return;
          warn(`could not load the ${view} view`, err);
          showLoadFailure(root, locale, config.nonce);
          emit(el, "error", { view, code: "load_failed" });
        });
    } catch (err) {
      warn("could not mount", err);
    }
  }

  function unmount(el: Element): void {
    const entry = live.get(el as HTMLElement);
    if (!entry) return;
    live.delete(el as HTMLElement);
    try {
      entry.stop?.();
      el.shadowRoot?.replaceChildren();
    } catch (err) {
      warn("could not unmount", err);
    }
  }

  function scan(node: Node): void {
    if (!(node instanceof Element)) return;
    if (node.matches("[data-doorstep]")) mount(node);
    node.querySelectorAll("[data-doorstep]").forEach((el) => mount(el));
  }

  function sweep(): void {
    for (const el of live.keys()) if (!el.isConnected) unmount(el);
  }

  return { mount, unmount, scan, sweep };
}
