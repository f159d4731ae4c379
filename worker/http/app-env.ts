import type { Access } from "../domain/access.ts";
import type { Shard } from "../domain/shards.ts";
import type { Store } from "../domain/records.ts";

/** Hono's environment for this worker: the generated bindings, and what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env & {
    /** Test-only D1 write faults (worker/storage/faults.ts); absent from wrangler.toml on purpose. */
    DOORSTEP_FAULTS?: string;
    /** The shard `DB` is, set by the storage middleware (http/storage.ts); absent means s0. */
    DOORSTEP_SHARD?: Shard;
  };
  Variables: {
    /** The store an API key belongs to (merchant routes). */
    store: Store;
    /** Which credential opened the store: its API key, or a dashboard session (which may do less). */
    credential: "api_key" | "session";
    /** What the credential may do (its scopes) and who it is, for the audit log (http/api-key.ts). */
    access: Access;
    /** Re-points the request's database at another shard, for the routes naming their store in the body. */
    shards: { enterCredential(credential: string): void; enterStore(storeId: string): Promise<void> };
  };
}
