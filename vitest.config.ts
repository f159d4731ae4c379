import { defineConfig, defineProject } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import preact from "@preact/preset-vite";
import { standInApiUrls } from "./tests/stand-ins/aggregators.ts";
import { classicJsx } from "./vite.config.ts";

// One `vitest run` runs every suite: the worker inside workerd against real local D1, the widget's
// components and the dashboard's pieces in happy-dom, and the end-to-end tests driving Debian's
// Chromium against `wrangler dev`.
export default defineConfig({
  test: {
    projects: [
      defineProject(async () => ({
        plugins: [
          // The aggregators' base URLs point at the stand-in tests/worker/global-setup.ts starts.
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("./worker/migrations"),
                DOORSTEP_SECRET_KEY: "dGVzdC1vbmx5LWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=",
                OUTBOUND_DELIVERY: "cron-only",
                ...standInApiUrls(inject("aggregatorStandIn")),
              },
              // The events and webhooks queues and their consumer come from wrangler.toml, as under
              // `wrangler dev`. These have no consumer: the fuzz enqueues there, so no write lands
              // between its cases.
              queueProducers: {
                FUZZ_EVENTS_QUEUE: { queueName: "doorstep-fuzz-events" },
                FUZZ_WEBHOOKS_QUEUE: { queueName: "doorstep-fuzz-webhooks" },
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["tests/worker/**/*.test.ts"],
          globalSetup: ["tests/worker/global-setup.ts"],
          setupFiles: ["tests/worker/apply-migrations.ts"],
        },
      })),
      defineProject({
        plugins: [preact(), classicJsx()],
        define: { __DEV__: "true" },
        test: {
          name: "widget",
          include: ["tests/widget/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
          setupFiles: ["tests/widget/setup.ts"],
        },
      }),
      // Node-side tests of worker modules (the OpenAPI document against the 3.1 schema, the QR encoder
      // against a reference encoder: packages workerd does not run) and of the operator scripts.
      defineProject({
        test: {
          name: "node",
          include: ["tests/worker-node/**/*.test.ts", "tests/scripts/**/*.test.ts"],
          environment: "node",
        },
      }),
      defineProject({
        plugins: [preact(), classicJsx()],
        test: {
          name: "dashboard",
          include: ["tests/dashboard/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
        },
      }),
      defineProject({
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium and one wrangler at a time is what two cores can carry.
          fileParallelism: false,
        },
      }),
    ],
  },
});
