/**
 * The widget and dashboard build, into dist/widget (served by the worker as static assets):
 *
 *   doorstep.js                 the loader: a classic script (IIFE), no Preact, what merchants paste
 *   views/app.js                every view, with Preact, in one ES module the loader imports at run time
 *   parts/<name>.js             other languages' catalogues, imported by URL when a shopper needs one
 *   admin/                      the merchant dashboard (dashboard/: index.html, app.js, admin.css), served at /admin/
 *   _headers                    CORS and caching for Workers static assets
 *
 * `vite build` builds all three through the builder API: environments, one after the other.
 */
import { readFileSync } from "node:fs";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";
import { LANGUAGES } from "./widget/i18n/index.ts";

const OUT = "dist/widget";

/** The views module, and parts: code loaded by URL only when needed (widget/parts.ts). */
const VIEW_ENTRIES = {
  "views/app": "widget/views/app.ts",
  // Language parts are named <scope>.<lang>: each replaces an English catalogue built into the views.
  ...Object.fromEntries(
    LANGUAGES.flatMap((lang) => [
      [`parts/common.${lang}`, `widget/i18n/${lang}.ts`],
      [`parts/tracking.${lang}`, `widget/views/tracking/messages/${lang}.ts`],
      [`parts/feedback.${lang}`, `widget/views/feedback/messages/${lang}.ts`],
    ]),
  ),
};

// The loader imports the views module cross-origin (from the merchant's page), which needs CORS.
// Every file has a stable name, cached briefly so a deploy reaches shoppers within minutes.
// The dashboard is a page of its own on the worker's origin: no framing, nothing from elsewhere.
const HEADERS = `/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
  X-Content-Type-Options: nosniff

/admin/*
  ! Access-Control-Allow-Origin
  Content-Security-Policy: default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'
  Referrer-Policy: no-referrer
  X-Frame-Options: DENY
`;

/** The dashboard's page and stylesheet, copied as they are next to its script. */
function dashboardPage(): Plugin {
  return {
    name: "doorstep:dashboard-page",
    applyToEnvironment: (environment) => environment.name === "admin",
    generateBundle() {
      for (const file of ["index.html", "admin.css"]) {
        this.emitFile({ type: "asset", fileName: `admin/${file}`, source: readFileSync(`dashboard/${file}`, "utf8") });
      }
    },
  };
}

function staticHeaders(): Plugin {
  return {
    name: "doorstep:static-headers",
    applyToEnvironment: (environment) => environment.name === "views",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "_headers", source: HEADERS });
    },
  };
}

export default defineConfig({
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), staticHeaders(), dashboardPage()],
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
    views: {
      consumer: "client",
      build: {
        outDir: OUT,
        emptyOutDir: false,
        minify: true,
        modulePreload: false,
        rollupOptions: {
          input: VIEW_ENTRIES,
          // An app build drops entry exports by default; the loader needs each view's `mount`.
          preserveEntrySignatures: "exports-only",
          output: {
            format: "es",
            entryFileNames: "[name].js",
            chunkFileNames: "chunks/[name]-[hash].js",
          },
        },
      },
    },
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
      await builder.build(builder.environments.views!);
      await builder.build(builder.environments.admin!);
    },
  },
});
