/**
 * Requests that a client gives up on, sent over raw sockets so the test decides to the byte when the
 * connection goes: mid-upload, mid-answer, or right after a refusal. A browser does the same when a
 * shopper navigates away; wrangler 4.124's dev server died of it (workers-sdk#15451).
 */
import { connect, type Socket } from "node:net";

export interface Abandoned {
  /** The status line's code if the answer began before the cut, else undefined. */
  status?: number;
  /** Bytes of answer received before the cut. */
  received: number;
  /** What ended the connection: the plan's cut, the planned timer, the server closing, or a socket error's code. */
  ended: string;
  /** Milliseconds from the connection to its end. */
  ms: number;
}

export interface AbandonPlan {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Body bytes sent before the cut (all of them go out unless the cut comes first). */
  body?: Uint8Array;
  /** Send the body as `Transfer-Encoding: chunked` (no Content-Length), never sending the last chunk. */
  chunked?: boolean;
  /** Content-Length to announce; the default is the body's length. A bigger figure leaves the upload unfinished. */
  declaredLength?: number;
  /** Cut this long after the request head went out. */
  cutAfterMs?: number;
  /** Cut as soon as the first byte of an answer arrives (a page navigated away mid-download). */
  cutOnFirstByte?: boolean;
}

/** Sends one request as the plan says and destroys the socket at the planned moment. */
export function abandon(origin: string, plan: AbandonPlan): Promise<Abandoned> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: hostname, port: Number(port) });
    let received = 0;
    let head = "";
    let done = false;
    const started = performance.now();
    const finish = (ended: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: match ? Number(match[1]) : undefined, received, ended, ms: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => finish("timer"), plan.cutAfterMs ?? 10_000);
    // A refused connection means no server: that fails the caller. A reset or broken pipe is the server
    // closing on a request it refused early (413 while the upload goes on), which clients meet too.
    socket.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNREFUSED" && !done ? reject(error) : finish(error.code ?? "error"),
    );
    socket.on("close", () => finish("close"));
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (head.length < 64) head += chunk.toString("latin1");
      if (plan.cutOnFirstByte) finish("first byte");
    });
    socket.on("connect", () => {
      const body = plan.body ?? new Uint8Array(0);
      const lines = [`${plan.method} ${plan.path} HTTP/1.1`, `Host: ${hostname}:${port}`, "Connection: close"];
      for (const [name, value] of Object.entries(plan.headers ?? {})) lines.push(`${name}: ${value}`);
      if (plan.chunked) lines.push("Transfer-Encoding: chunked");
      else if (plan.body || plan.declaredLength !== undefined) lines.push(`Content-Length: ${plan.declaredLength ?? body.length}`);
      const requestHead = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`);
      // Chunked: 16 KiB chunks, the terminating zero-length chunk never sent, so the upload is cut.
      // Head and body go in one write. A server that refuses mid-upload answers, then resets the
      // connection over the bytes it left unread; Node drops a socket whose write fails, unread answer
      // and all. Written a chunk at a time, a write issued just after the answer arrived lost the 413
      // (2 of 400 uploads with the cores busy); with one write under way, libuv reads the answer before
      // it tries the rest.
      const frames: Uint8Array[] = [requestHead];
      if (!plan.chunked) frames.push(body);
      else
        for (let at = 0; at < body.length; at += 16_384) {
          const part = body.subarray(at, at + 16_384);
          frames.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from("\r\n"));
        }
      socket.write(Buffer.concat(frames));
    });
  });
}

/** Runs tasks with at most `width` in flight, answering their results in order. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}
