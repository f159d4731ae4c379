/**
 * Order lookup must not tell "this order exists but the email is wrong" from "no such order" by
 * anything a client can see besides timing (which the answer floor and bench:lookup look after):
 * the same status, the same bytes and the same headers.
 */
import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";
import { BASE, ORIGIN, storeWithOrder } from "./fixtures.ts";

let ip = 0;
const lookup = (body: unknown, origin?: string) =>
  SELF.fetch(`${BASE}/v1/lookup`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "CF-Connecting-IP": `198.18.7.${++ip}`,
      ...(origin ? { Origin: origin } : {}),
    },
    body: JSON.stringify(body),
  });

async function seen(res: Response) {
  // Date ticks by the second on its own; every other header must match value for value.
  const headers = [...res.headers].filter(([name]) => name !== "date").sort(([a], [b]) => a.localeCompare(b));
  return { status: res.status, body: new Uint8Array(await res.arrayBuffer()), headers };
}

it.each([
  ["from the store's page", ORIGIN, 200],
  // Refused before the order is looked at, so the refusal cannot differ either.
  ["from another site", "https://elsewhere.example", 403],
  ["without an Origin", undefined, 200],
])("answers a wrong email and an unknown order number alike, byte for byte and header for header (%s)", async (_label, origin, status) => {
  const { store, order } = await storeWithOrder();
  const wrongEmail = await seen(await lookup({ storeId: store.id, orderNumber: order.id, email: "someone@else.example" }, origin));
  const unknownOrder = await seen(await lookup({ storeId: store.id, orderNumber: `${order.id}-NOPE`, email: "sam@example.com" }, origin));
  const typedWithHash = await seen(await lookup({ storeId: store.id, orderNumber: `#${order.id}`, email: "other@else.example" }, origin));

  expect(wrongEmail.status).toBe(status);
  if (status === 200) expect(new TextDecoder().decode(wrongEmail.body)).toBe(JSON.stringify({ orderToken: null }));
  for (const other of [unknownOrder, typedWithHash]) {
    expect(other.status).toBe(wrongEmail.status);
    expect(other.body).toEqual(wrongEmail.body);
    expect(other.headers).toEqual(wrongEmail.headers);
  }
});
