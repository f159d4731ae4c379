/**
 * Whether an If-None-Match header matches our (weak) entity tag. Weak comparison is what RFC 9110 §13.1.2
 * asks for with GET, so `W/"x"` and `"x"` match each other, and `*` matches anything.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const ours = opaque(etag);
  return ifNoneMatch.split(",").some((candidate) => candidate.trim() === "*" || opaque(candidate) === ours);
}
