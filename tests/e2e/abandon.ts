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
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: match ? Number(match[1]) : undefined, received });
    };
    const timer = setTimeout(finish, plan.cutAfterMs ?? 10_000);
    // A refused connection means no server: that fails the caller. A reset or broken pipe is the server
    // closing on a request it refused early (413 while the upload goes on), which clients meet too.
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNREFUSED" && !done ? reject(error) : finish()));
    socket.on("close", finish);
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (head.length < 64) head += chunk.toString("latin1");
      if (plan.cutOnFirstByte) finish();
    });
    socket.on("connect", () => {
      const body = plan.body ?? new Uint8Array(0);
      const lines = [`${plan.method} ${plan.path} HTTP/1.1`, `Host: ${hostname}:${port}`, "Connection: close"];
      for (const [name, value] of Object.entries(plan.headers ?? {})) lines.push(`${name}: ${value}`);
      if (plan.chunked) lines.push("Transfer-Encoding: chunked");
      else if (plan.body || plan.declaredLength !== undefined) lines.push(`Content-Length: ${plan.declaredLength ?? body.length}`);
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (!body.length) return;
      if (!plan.chunked) return void socket.write(body);
      // 16 KiB chunks, the terminating zero-length chunk never sent: the upload is cut, not finished.
      for (let at = 0; at < body.length && !done; at += 16_384) {
        const part = body.subarray(at, at + 16_384);
        socket.write(`${part.length.toString(16)}\r\n`);
        socket.write(part);
        socket.write("\r\n");
      }
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
