import { describe, expect, it } from "vitest";
import { ApiError } from "../../../worker/http/errors.ts";
import { readBodyBytes } from "../../../worker/http/read-json.ts";

/** A streamed body that delivers `first` and then fails the way workerd does when the client goes away. */
function cutOffRequest(first: Uint8Array): Request {
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return controller.error(new Error("Network connection lost."));
      sent = true;
      controller.enqueue(first);
    },
  });
  // @ts-expect-error: duplex is required for streamed bodies but missing from the DOM types
  return new Request("https://worker.example/v1/orders", { method: "POST", body, duplex: "half" });
}

describe("readBodyBytes", () => {
  it("answers 400 body_incomplete, not an unexpected error, when the upload is cut off", async () => {
    const error = await readBodyBytes(cutOffRequest(new TextEncoder().encode('{"id":"half"}')), 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "body_incomplete" });
  });

  it("still answers 413 first when the part that arrived is already over the limit", async () => {
    const error = await readBodyBytes(cutOffRequest(new Uint8Array(2048)), 1024).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413, code: "payload_too_large" });
  });

  it("answers 413 from an upload that never ends, having read no further than the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    // @ts-expect-error: duplex is required for streamed bodies but missing from the DOM types
    const request = new Request("https://worker.example/v1/orders", { method: "POST", body: endless, duplex: "half" });
    const error = await readBodyBytes(request, 4096).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413, code: "payload_too_large" });
    // Five chunks take it over 4 KiB; the stream's own read-ahead may pull one or two more, never the rest.
    expect(pulled).toBeLessThanOrEqual(7);
  });

  it("reads a whole body", async () => {
    const bytes = await readBodyBytes(new Request("https://worker.example/", { method: "POST", body: "hello" }), 1024);
    expect(new TextDecoder().decode(bytes)).toBe("hello");
  });
});
