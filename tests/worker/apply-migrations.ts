import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Real local D1 (miniflare), migrated with the same SQL files `wrangler d1 migrations apply` uses.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
