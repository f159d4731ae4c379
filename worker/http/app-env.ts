import type { Store } from "../storage/stores.ts";

/** Hono's environment for this worker: the generated bindings, and what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** The store an API key belongs to (merchant routes). */
    store: Store;
  };
}
