import type { z } from "zod";

/**
 * Validation issues as `{path, message}`, one per failing field: the 422 answer's `details` (http/
 * read-json.ts) and the operator commands' errors. A key a strict schema does not know is a field of
 * its own (`holdoutshare`, not the object holding it), so the answer names the typo itself.
 */
export function issueDetails(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: [...issue.path, key].map(String).join("."),
          message: "is not a known field (nothing was changed)",
        }))
      : [{ path: issue.path.map(String).join("."), message: issue.message }],
  );
}
