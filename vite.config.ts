/**
 * The widget build, into dist/widget (served by the worker as static assets):
 *
 *   doorstep.js                 the loader: a classic script (IIFE), no Preact, what merchants paste
 *   views/app.js                every view, with Preact, in one ES module the loader imports at run time
 *   parts/<name>.js             other languages' catalogues, imported by URL when a shopper needs one
 *   _headers                    CORS and caching for Workers static assets
 *
 * `vite build` builds both through the builder API: two environments, one after the other.
 */
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

const OUT = "dist/widget";

/** The views module, and parts: code loaded by URL only when needed (widget/parts.ts). */
const VIEW_ENTRIES = {
  "views/app": "widget/views/app.ts",
  // Language parts are named <scope>.<lang>: each replaces an English catalogue built into the views.
  "parts/common.de": "widget/i18n/de.ts",
  "parts/tracking.de": "widget/views/tracking/messages/de.ts",
  "parts/feedback.de": "widget/views/feedback/messages/de.ts",
};

// The loader imports the views module cross-origin (from the merchant's page), which needs CORS.
// Every file has a stable name, cached briefly so a deploy reaches shoppers within minutes.
const HEADERS = `/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
  X-Content-Type-Options: nosniff
`;

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
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), staticHeaders()],
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
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.loader!);
      await builder.build(builder.environments.views!);
    },
  },
});
