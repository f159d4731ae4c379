/**
 * The widget and dashboard build, into dist/widget (served by the worker as static assets):
 *
 *   doorstep.js                 the loader: a classic script (IIFE), no Preact, what merchants paste
 *   views/<module>.js           one ES module per view, each whole in itself (Preact included): a page
 *                               with one view fetches that view's code and nothing else
 *   views/app.js                every view in one module, for a page that shows views of several modules
 *                               (but the product page's `reviews`, always in views/reviews.js alone)
 *   parts/<name>.js             other languages' catalogues, imported by URL when a shopper needs one
 *   admin/                      the merchant dashboard (dashboard/: index.html, app.js, admin.css), served at /admin/
 *   _headers                    CORS and caching for Workers static assets
 *
 * `vite build` builds them all through the builder API: environments, one after the other. Each view
 * module is an environment of its own, so none of them imports a shared chunk: a view paints from the
 * loader, its module and one API answer (issue 22). widget/views/modules.ts says which module has which view.
 */
import { readFileSync } from "node:fs";
import preact from "@preact/preset-vite";
import { defineConfig, type BuildEnvironmentOptions, type Plugin } from "vite";
import { LANGUAGES } from "./widget/i18n/index.ts";
import { VIEW_MODULES } from "./widget/views/modules.ts";

const OUT = "dist/widget";

/** The source of each view module (its `mount` draws the views widget/views/modules.ts gives it). */
const MODULE_SOURCES: Record<(typeof VIEW_MODULES)[number], string> = {
  confirmation: "widget/views/confirmation.tsx",
  tracking: "widget/views/tracking.tsx",
  survey: "widget/views/survey.ts",
  review: "widget/views/review.ts",
  offers: "widget/views/offers-view.tsx",
  reviews: "widget/views/reviews.tsx",
  app: "widget/views/app.ts",
};

/** Parts: code loaded by URL only when needed (widget/parts.ts). */
const PART_ENTRIES = Object.fromEntries(
  // Language parts are named <scope>.<lang>: each replaces an English catalogue built into the views.
  LANGUAGES.flatMap((lang) => [
    [`parts/common.${lang}`, `widget/i18n/${lang}.ts`],
    [`parts/tracking.${lang}`, `widget/views/tracking/messages/${lang}.ts`],
    [`parts/feedback.${lang}`, `widget/views/feedback/messages/${lang}.ts`],
    [`parts/review-extras.${lang}`, `widget/views/feedback/extras/messages/${lang}.ts`],
    [`parts/reviews.${lang}`, `widget/views/reviews/messages/${lang}.ts`],
    [`parts/questions.${lang}`, `widget/views/questions/messages/${lang}.ts`],
  ]),
);

/** An ES module build of `input` into dist/widget, keeping entry exports (the loader needs `mount`). */
const esModules = (input: Record<string, string>): BuildEnvironmentOptions => ({
  outDir: OUT,
  emptyOutDir: false,
  minify: true,
  modulePreload: false,
  rollupOptions: {
    input,
    // An app build drops entry exports by default; the loader needs each view's `mount`. Extension:
    // the survey's later part (feedback/after-survey.ts) imports what it shares with the survey from
    // the survey's module itself, not from a third file.
    preserveEntrySignatures: "allow-extension",
    // Modules that draw the review form at once import after-survey.ts statically on purpose.
    checks: { ineffectiveDynamicImport: false },
    output: { format: "es", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
  },
});

// The loader imports the views module cross-origin (from the merchant's page), which needs CORS.
// Every file has a stable name, cached briefly so a deploy reaches shoppers within minutes.
// The loader may also be used stale for a day while the browser fetches it again behind the page: the
// README's tag holds the host page's first paint until it has run (blocking="render"), which must not
// wait on a round trip for a returning shopper. A stale loader then loads the current views, so a
// views module keeps accepting the previous release's MountContext (widget/context.ts).
// The dashboard is a page of its own on the worker's origin: no framing, nothing from elsewhere.
const HEADERS = `/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
  X-Content-Type-Options: nosniff

/doorstep.js
  ! Cache-Control
  Cache-Control: public, max-age=300, stale-while-revalidate=86400

/admin/*
  ! Access-Control-Allow-Origin
  Content-Security-Policy: default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'
  Referrer-Policy: no-referrer
  X-Frame-Options: DENY
`;

/**
 * The dashboard's page and stylesheet, copied next to its script. The page also preloads the screens'
 * chunk: main.tsx imports it only once the merchant's language is in (dashboard/language.ts), and the
 * preload fetches it beside the entry instead of after it.
 */
function dashboardPage(): Plugin {
  return {
    name: "doorstep:dashboard-page",
    applyToEnvironment: (environment) => environment.name === "admin",
    generateBundle(_options, bundle) {
      const screens = Object.values(bundle).find((c) => c.type === "chunk" && c.facadeModuleId?.endsWith("/dashboard/app.tsx"));
      if (!screens) this.error("the dashboard's screens (dashboard/app.tsx) are no longer a chunk of their own");
      const preload = `<link rel="modulepreload" href="./${screens.fileName.replace(/^admin\//, "")}">`;
      const page = readFileSync("dashboard/index.html", "utf8").replace(/(<script type="module")/, `${preload}\n$1`);
      this.emitFile({ type: "asset", fileName: "admin/index.html", source: page });
      this.emitFile({ type: "asset", fileName: "admin/admin.css", source: readFileSync("dashboard/admin.css", "utf8") });
    },
  };
}

/**
 * Vite wraps every dynamic `import()` in its preload helper (`__vitePreload`), even one with no
 * dependencies to preload and even with `@vite-ignore`: about 0.6 KB gzipped in each view module, and
 * code that writes `<link>` tags into the host page's `<head>` (vitejs/vite#18551). The widget preloads
 * nothing: each call goes back to the plain `import()`, and the unused helper is left to the minifier.
 */
function plainDynamicImports(): Plugin {
  return {
    name: "doorstep:plain-dynamic-imports",
    enforce: "post",
    applyToEnvironment: (environment) => environment.name.startsWith("views_") || environment.name === "parts",
    renderChunk(code) {
      const out = unwrapPreloads(code);
      return out === code ? null : { code: out, map: null };
    },
  };
}

/** `__vitePreload(() => X, [])` → `X`, where X is the import (or the bundler's stand-in for one). */
export function unwrapPreloads(code: string): string {
  const head = /__vitePreload\(\s*\(\)\s*=>\s*/g;
  let out = "";
  let from = 0;
  for (let m = head.exec(code); m; m = head.exec(code)) {
    // The factory's body runs to the comma at depth 0; then the empty dependency list and the call's end.
    let depth = 0;
    let i = m.index + m[0].length;
    for (; i < code.length; i++) {
      const ch = code[i];
      if (ch === "(" || ch === "[" || ch === "{") depth++;
      else if (ch === ")" || ch === "]" || ch === "}") depth--;
      else if (ch === "," && depth === 0) break;
    }
    const rest = /^,\s*(?:\[\]|__VITE_PRELOAD__|void 0)\s*(?:,\s*import\.meta\.url\s*)?\)/.exec(code.slice(i));
    if (!rest) continue;
    out += code.slice(from, m.index) + code.slice(m.index + m[0].length, i);
    from = i + rest[0].length;
    head.lastIndex = from;
  }
  return out + code.slice(from);
}

/**
 * JSX as `createElement(type, props, ...children)` calls (the classic runtime), not the automatic
 * runtime's `jsx(type, { ...props, children })`: no `children:` key in every element and no second
 * vnode factory beside Preact's own (0.15 KB gzip in the module with every view). Type checking keeps
 * the automatic runtime's settings (tsconfig.base.json): the JSX types are Preact's either way. Each
 * .tsx file gets the factory's import.
 */
export function classicJsx(): Plugin {
  return {
    name: "doorstep:classic-jsx",
    enforce: "pre",
    config: () => ({ oxc: { jsx: { runtime: "classic", pragma: "_h", pragmaFrag: "_F" } } }),
    transform(code, id) {
      if (id.endsWith(".tsx")) return { code: `import { createElement as _h, Fragment as _F } from "preact";${code}`, map: null };
    },
  };
}

function staticHeaders(): Plugin {
  return {
    name: "doorstep:static-headers",
    applyToEnvironment: (environment) => environment.name === "parts",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "_headers", source: HEADERS });
    },
  };
}

export default defineConfig({
  plugins: [
    preact({ prefreshEnabled: false, devToolsEnabled: false }),
    classicJsx(),
    staticHeaders(),
    dashboardPage(),
    plainDynamicImports(),
  ],
  define: { "process.env.NODE_ENV": '"production"', __DEV__: "false" },
  publicDir: false,
  environments: {
    loader: {
      consumer: "client",
      build: {
        outDir: OUT,
        emptyOutDir: true,
        minify: true,
        lib: { entry: "widget/loader.ts", formats: ["iife"], name: "DoorstepLoader", fileName: () => "doorstep.js" },
      },
    },
    ...Object.fromEntries(
      VIEW_MODULES.map((name) => [
        `views_${name}`,
        { consumer: "client" as const, build: esModules({ [`views/${name}`]: MODULE_SOURCES[name] }) },
      ]),
    ),
    parts: { consumer: "client", build: esModules(PART_ENTRIES) },
    // Not on shoppers' pages, so not in the widget's budgets; still small (Preact and hand-drawn SVG).
    admin: {
      consumer: "client",
      build: {
        outDir: OUT,
        emptyOutDir: false,
        minify: true,
        modulePreload: false,
        rollupOptions: {
          input: { "admin/app": "dashboard/main.tsx" },
          output: { format: "es", entryFileNames: "[name].js", chunkFileNames: "admin/[name]-[hash].js" },
        },
      },
    },
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.loader!);
      for (const name of VIEW_MODULES) await builder.build(builder.environments[`views_${name}`]!);
      await builder.build(builder.environments.parts!);
      await builder.build(builder.environments.admin!);
    },
  },
});
