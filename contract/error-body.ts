/** Every refusal, from every route: one JSON shape (docs/contract.md §5). */
export interface ApiErrorBody {
  error: {
    /** Stable snake_case, e.g. `invalid_values`; what code should branch on. */
    code: string;
    /** For a person; may change. */
    message: string;
    /** For `invalid_values`: `[{path, message}]` per failing field. */
    details?: unknown;
  };
}
