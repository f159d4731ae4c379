declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** A local queue no consumer reads (vitest.config.ts): the fuzz's widget events go there (fuzz.test.ts). */
    FUZZ_EVENTS_QUEUE: Queue;
    /** Likewise for the carrier and platform webhooks the fuzz enqueues. */
    FUZZ_WEBHOOKS_QUEUE: Queue;
  }
}
