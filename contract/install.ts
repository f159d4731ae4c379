/**
 * What a merchant pastes into a page's `<head>` (README "Install in a store", docs/contract.md §1): the
 * script tag, and right after it the line that limits how long the tag may hold the page's first
 * paint. The demo shop pastes these (demo-store/pages/layout.ts) and the dashboard shows them to copy
 * (dashboard/install.tsx), so all say the same thing.
 */

/**
 * After 3 s it takes `blocking="render"` off the Doorstep tag: Chromium then paints the page even if
 * doorstep.js never arrives (a host that never answers), and a doorstep.js that arrives later runs as a
 * plain `async` tag's would. ES5, so no browser fails to parse it.
 */
export const RENDER_WAIT_SCRIPT = `setTimeout(function(){var l=document.querySelectorAll('script[blocking][src*="/doorstep.js"]'),i=0;for(;i<l.length;i++)l[i].removeAttribute("blocking")},3000)`;

/** The line as pasted. Its text must not change by a byte without RENDER_WAIT_CSP changing with it. */
export const RENDER_WAIT_LINE = `<script>${RENDER_WAIT_SCRIPT}</script>`;

/**
 * The CSP source that allows exactly that line in `script-src`: the SHA-256 of RENDER_WAIT_SCRIPT
 * (tests/scripts/demo-layout.test.ts computes it again).
 */
export const RENDER_WAIT_CSP = "'sha256-Hb8wo0Z8AMIVMAaR7aXfTGta6Um4Fy+wRlIAWf+lA0Q='";

const attribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The script tag for a store, loading doorstep.js from the worker at `workerOrigin`. */
export const scriptTag = (workerOrigin: string, storeId: string) =>
  `<script async blocking="render" src="${attribute(workerOrigin)}/doorstep.js" data-store="${attribute(storeId)}"></script>`;

/** The two lines for a page's `<head>`: the tag, then the line that limits its wait. */
export const headLines = (workerOrigin: string, storeId: string) => `${scriptTag(workerOrigin, storeId)}\n${RENDER_WAIT_LINE}`;

/** The sources a shop's Content-Security-Policy needs for Doorstep: its script, its API, its photos. */
export const cspSources = (workerOrigin: string) =>
  `script-src ${workerOrigin} ${RENDER_WAIT_CSP}; connect-src ${workerOrigin}; img-src ${workerOrigin}`;
