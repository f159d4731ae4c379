/**
 * doorstep.js, the script tag merchants paste:
 *
 *   <script async blocking="render" src="https://WORKER/doorstep.js" data-store="acme"></script>  (in <head>)
 *   <div data-doorstep="confirmation"></div>
 *
 * A classic script kept tiny (no Preact): it reads its own tag once, mounts every `[data-doorstep]`
 * element (also ones added later), and exposes `window.Doorstep = { mount, unmount }`. A page may call
 * Doorstep before this script arrives with a stub that queues calls:
 *
 *   window.Doorstep = window.Doorstep || { q: [], mount() { this.q.push(["mount", ...arguments]) },
 *                                              unmount() { this.q.push(["unmount", ...arguments]) } };
 *
 * Run from `<head>` with `blocking="render"`, it runs before the page's first paint and before the
 * body is parsed: the MutationObserver below mounts each element as the parser adds it, so its
 * skeleton is in the first frame (a render happens only between the parser's tasks, after their
 * mutation records are delivered).
 *
 * View code is loaded lazily, as ES modules next to this file: `views/<module>.js`, one per view, or
 * `views/app.js` with every view for a page that shows several (widget/views/modules.ts).
 */
import { warn } from "./context.ts";
import { createLoader, type Loader } from "./loader/create-loader.ts";

interface DoorstepGlobal {
  mount: Loader["mount"];
  unmount: Loader["unmount"];
  q?: ArrayLike<unknown>[];
  /** Marks the real API, so a second copy of the script can tell it is late. */
  loaded?: true;
}

function start(): void {
  const script = (document.currentScript ?? document.querySelector('script[src*="doorstep.js"]')) as HTMLScriptElement | null;
  if (!script?.src) return warn("cannot find its own script tag; load doorstep.js with a plain <script src>");
  const w = window as unknown as { Doorstep?: DoorstepGlobal };
  const prior = w.Doorstep;
  if (prior?.loaded) return warn("doorstep.js is included more than once; the first copy stays in charge");

  const src = script.src;
  const loader = createLoader({
    api: new URL(src).origin,
    store: script.dataset.store || undefined,
    nonce: script.nonce || undefined,
    importViews: (name) => import(/* @vite-ignore */ new URL(`views/${name}.js`, src).href),
  });
  const api: DoorstepGlobal = { mount: loader.mount, unmount: loader.unmount, loaded: true };

  if (!prior || Array.isArray(prior.q)) {
    w.Doorstep = api;
    for (const call of prior?.q ?? []) {
      const [method, ...args] = Array.from(call) as [string, Element, never];
      if (method === "mount" || method === "unmount") api[method](...args);
    }
  } else {
    warn("window.Doorstep is already taken by something else; data-doorstep elements still work");
  }

  loader.scan(document.documentElement);
  new MutationObserver((records) => {
    let removed = false;
    for (const record of records) {
      record.addedNodes.forEach(loader.scan);
      removed ||= record.removedNodes.length > 0;
    }
    if (removed) loader.sweep();
  }).observe(document.documentElement, { childList: true, subtree: true });
}

try {
  start();
} catch (err) {
  warn("could not start", err);
}
