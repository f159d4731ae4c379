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

/**
 * Preact and the widget's own runtime (context, mounting, API client, English catalogue, event queue,
 * shared UI), but not view code, parts, or other languages' catalogues.
 */
function sharedByViews(id: string): boolean {
  if (/node_modules\/preact\//.test(id)) return true;
  const path = /\/widget\/(.*)$/.exec(id)?.[1];
  return !!path && !/^(views|ui\/qr)\//.test(path) && !/^i18n\/(?!en\.ts)[a-z]{2}\.ts$/.test(path);
}

/** Views with a chunk of their own; `notice` draws "not available yet" for the rest. */
const VIEW_ENTRIES = {
  "views/confirmation": "widget/views/confirmation.tsx",
  "views/tracking": "widget/views/tracking.tsx",
  // Parts: loaded by URL only when needed (widget/parts.ts). Language parts are named <scope>.<lang>.
  "parts/common.de": "widget/i18n/de.ts",
  "parts/tracking.de": "widget/views/tracking/messages/de.ts",
  "parts/qr-code": "widget/ui/qr/qr-code.tsx",
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
            // Preact and everything the views share in one chunk: every view needs it, and one file
            // compresses better and costs fewer requests than several. View code and parts stay apart.
            manualChunks: (id) => (sharedByViews(id) ? "base" : undefined),
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
