/** Calls to the worker as the demo shop's server makes them (its API key), failing the test on an error. */
import { expect, inject } from "vitest";

export async function merchantPost(path: string, body: unknown): Promise<Record<string, string>> {
  const demo = inject("demo");
  const res = await fetch(`${demo.workerOrigin}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${demo.apiKey}` },
    body: JSON.stringify(body),
  });
  expect(res.ok, `${path}: ${res.status}`).toBe(true);
  return res.json() as Promise<Record<string, string>>;
}
