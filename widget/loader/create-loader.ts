import { VIEWS, emit, resolveToken, warn, type MountContext, type MountOptions, type MountView } from "../context.ts";
import { ALONE, moduleOf, ORDER_READS, type ViewModule } from "../views/modules.ts";
import { showLoadFailure, showPlaceholder } from "./placeholder.ts";

export interface LoaderConfig {
  /** The worker's origin, from the script's own `src`. */
  api: string;
  store?: string;
  nonce?: string;
  /** Fetches a views module (`views/<name>.js`); a dynamic `import()` in production. */
  importViews(name: ViewModule): Promise<{ mount: MountView }>;
}

export interface Loader {
  mount(el: Element, options?: MountOptions): void;
  unmount(el: Element): void;
  /** Mounts `node` and every `[data-doorstep]` element inside it. */
  scan(node: Node): void;
  /** Unmounts whatever has left the document. */
  sweep(): void;
}

interface Pending {
  el: HTMLElement;
  entry: { stop?: () => void };
  root: ShadowRoot;
  ctx: MountContext;
}

/**
 * The loader's whole behaviour, apart from reading the script tag: each mount point gets an open
 * shadow root, a skeleton at once, then its views module, which draws the view `ctx.view` names. The
 * module is the view's own when the page shows views of one module, and `app` (every view, one Preact)
 * when the mount points found together need several; a module already on its way is reused. The
 * `reviews` view is not in `app`: it always loads its own module. While the
 * page is still being parsed, mount points wait for the end of it, so that all of them are known
 * before a module is chosen. Nothing here throws into the host page.
 */
export function createLoader(config: LoaderConfig): Loader {
  const live = new Map<HTMLElement, { stop?: () => void }>();
  /** Modules asked for so far. Each mount imports its module anew: the browser's module map hands back
   * one already loaded (one fetch, one instance) and asks again for one that failed to arrive. */
  const asked = new Set<ViewModule>();
  let waiting: Pending[] | undefined;

  /** Loads the modules for mount points found together and hands each its view. */
  function start(batch: Pending[]): void {
    if (document.readyState === "loading") {
      if (!waiting) {
        waiting = [];
        document.addEventListener(
          "DOMContentLoaded",
          () => {
            const all = waiting ?? [];
            waiting = undefined;
            start(all);
          },
          { once: true },
        );
      }
      waiting.push(...batch);
      return;
    }
    const several = new Set(batch.map((p) => moduleOf(p.ctx.view)).filter((m) => m != ALONE)).size > 1;
    for (const p of batch) {
      const mine = moduleOf(p.ctx.view);
      const name = mine != ALONE && (asked.has("app") || (several && !asked.has(mine))) ? "app" : mine;
      asked.add(name);
      config
        .importViews(name)
        .then((views) => {
          if (live.get(p.el) === p.entry) p.entry.stop = views.mount(p.root, p.ctx);
        })
        .catch((err: unknown) => {
          if (live.get(p.el) !== p.entry) return;
          warn(`could not load the ${p.ctx.view} view`, err);
          showLoadFailure(p.root, p.ctx.locale, config.nonce);
          emit(p.el, "error", { view: p.ctx.view, code: "load_failed" });
        });
    }
  }

  /** Shows the skeleton at once; answers what `start` needs, or nothing for an element it cannot use. */
  function prepare(node: Element, options: MountOptions = {}): Pending | undefined {
    // Anything that is not an element with a dataset (null, a text node) throws below: one warning.
    const el = node as HTMLElement;
    try {
      if (live.has(el)) return;
      const view = options.view ?? el.dataset.doorstep ?? "";
      if (!(VIEWS as readonly string[]).includes(view)) warn(`unknown view "${view}"`);
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
      // The order, asked for now, beside the view's module rather than after it: a round trip less
      // before the view paints. The view reads this answer once (session.ts); a retry asks again.
      const query = ORDER_READS[view];
      if (ctx.token && query != null) {
        // A page's fetch that throws (replaced, blocked) becomes a failed answer the view reports.
        ctx.order = new Promise((resolve) =>
          resolve(fetch(`${config.api}/v1/o/${encodeURIComponent(ctx.token!)}${query}`, { credentials: "omit" })),
        );
        ctx.order.catch(() => {});
      }
      const entry: { stop?: () => void } = {};
      live.set(el, entry);
      // Tracking without an order is the lookup form, a short view: its skeleton says so.
      showPlaceholder(root, view == "tracking" && !ctx.token ? "lookup" : view, locale, config.nonce);
      return { el, entry, root, ctx };
    } catch (err) {
      warn("could not mount", err);
    }
  }

  function mount(el: Element, options?: MountOptions): void {
    const p = prepare(el, options);
    if (p) start([p]);
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
    const found = [...(node.matches("[data-doorstep]") ? [node] : []), ...node.querySelectorAll("[data-doorstep]")];
    start(found.map((el) => prepare(el)).filter((p): p is Pending => !!p));
  }

  function sweep(): void {
    for (const el of live.keys()) if (!el.isConnected) unmount(el);
  }

  return { mount, unmount, scan, sweep };
}
