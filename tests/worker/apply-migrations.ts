import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Real local D1 (miniflare), migrated with the same SQL files `wrangler d1 migrations apply` uses: both
// shards (DB is s0 and holds the store directory, DB_S1 is s1; wrangler.toml), as in production.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await applyD1Migrations(env.DB_S1, env.TEST_MIGRATIONS);
