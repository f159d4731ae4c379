/**
 * The widget build, into dist/widget (served by the worker as static assets):
 *
 *   doorstep.js                 the loader: a classic script (IIFE), no Preact, what merchants paste
 *   views/<view>.js             one ES module per view, stable names the loader imports at run time
 *   chunks/<name>-<hash>.js     code the views share (Preact, signals, api, i18n, ui), content-hashed
 *   _headers                    CORS and caching for Workers static assets
 *
 * `vite build` builds both through the builder API: two environments, one after the other.
 */
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

const OUT = "dist/widget";

/** Views with a chunk of their own; `notice` draws "not available yet" for the rest. */
const VIEW_ENTRIES = {
  "views/confirmation": "widget/views/confirmation.tsx",
  "views/tracking": "widget/views/tracking.tsx",
  "views/lookup": "widget/views/lookup.tsx",
  "views/notice": "widget/views/notice.tsx",
};

// The loader imports view modules cross-origin (from the merchant's page), which needs CORS. Stable
// names are cached briefly so a deploy reaches shoppers within minutes; hashed chunks never change.
// Cloudflare joins a header set by two matching rules, hence the detach (`!`) before the override.
const HEADERS = `/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
  X-Content-Type-Options: nosniff

/chunks/*
  ! Cache-Control
  Cache-Control: public, max-age=31536000, immutable
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
