/**
 * Credentials cut out of text the project's scripts print or keep (wrangler's request lines, error
 * reports): a shopper's order token is the key to their order, and it travels in URL paths
 * (`/v1/o/TOKEN`) and queries (`?order=TOKEN`); a customer id in an admin path names a person.
 * The worker's own logs do the same with loggablePath (worker/http/errors.ts).
 */
export function redactCredentials(text: string): string {
  return text
    .replace(/(\/v1\/o\/)[^/?\s#"']+/g, "$1…")
    .replace(/(\/v1\/admin\/customers\/)[^/?\s#"']+/g, "$1…")
    .replace(/([?&]order=)[^&\s#"']+/g, "$1…");
}

/** A line-by-line filter for a child's output stream: redacts each complete line as it arrives. */
export function redactingWriter(write: (text: string) => void): { push(chunk: Buffer | string): void; flush(): void } {
  let pending = "";
  return {
    push(chunk) {
      pending += chunk.toString();
      const end = pending.lastIndexOf("\n");
      if (end < 0) return;
      write(redactCredentials(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
    },
    flush() {
      if (pending) write(redactCredentials(pending));
      pending = "";
    },
  };
}
