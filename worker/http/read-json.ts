import type { Context } from "hono";
import type { z } from "zod";
import { issueDetails } from "../schemas/issues.ts";
import { ApiError } from "./errors.ts";

import { DEFAULT_BODY_LIMIT, JSON_ONLY } from "../schemas/body-limits.ts";

export { CATALOG_BODY_LIMIT, DEFAULT_BODY_LIMIT, JSON_ONLY, JSON_OR_TEXT, WEBHOOK_BODY_LIMIT } from "../schemas/body-limits.ts";

/**
 * Reads a JSON body and validates it: 415 for another content type, 413 past the limit, 400 for
 * malformed JSON, 422 naming every failing field. The limit is enforced while reading, so a client
 * that lies in (or omits) Content-Length cannot make the worker buffer more than the limit.
 */
export async function readJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  limit = DEFAULT_BODY_LIMIT,
  types: readonly string[] = JSON_ONLY,
): Promise<z.output<S>> {
  // The media type without its parameters (`; charset=…`), as the header names it.
  const essence = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!types.includes(essence)) {
    throw new ApiError(415, "unsupported_media_type", `Send the body as ${types.join(" or ")}.`);
  }
  return validate(schema, parseJson(decodeUtf8(await readBodyBytes(c.req.raw, limit))));
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "malformed_json", "The body is not valid JSON.");
  }
}

/** Validates already-parsed input (bodies, queries, path parameters) with the contract's 422 shape. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  // One detail per failing field; a key a strict schema does not know is named itself (schemas/issues.ts).
  const details = issueDetails(result.error.issues);
  const fields = [...new Set(details.map((d) => d.path || "(body)"))].slice(0, 5).join(", ");
  throw new ApiError(422, "invalid_values", `Some values are invalid: ${fields}.`, details);
}

/** The body's bytes, refusing with 413 as soon as they pass the limit. */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new ApiError(413, "payload_too_large", `The body is larger than ${limit} bytes.`, { limit });
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      // The client went away mid-upload (a closed tab, a cut connection): its request, not our fault,
      // and nothing of it is used.
      throw new ApiError(400, "body_incomplete", "The body ended before it was complete.");
    }
    const { done, value } = step;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // The rest is left unread, not cancelled: the runtime drops it with the connection. Under
      // wrangler dev, cancelling while the 413 went out sometimes turned it into the dev server's own
      // 500 "Network connection lost" (2 in 1,500 chunked uploads with the cores busy; none in 7,500 since).
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Bytes as UTF-8 text; 400 for anything that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    // ignoreBOM: false is the default (a leading BOM is dropped), spelled out because the Workers types require it.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, "malformed_json", "The body is not valid UTF-8.");
  }
}
