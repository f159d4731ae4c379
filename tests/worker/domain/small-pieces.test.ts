import { describe, expect, it } from "vitest";
import { openJson, sealJson } from "../../../worker/crypto/secret-box.ts";
import { etagMatches } from "../../../worker/domain/etag.ts";
import { statusUrl } from "../../../worker/domain/status-url.ts";
import { orderedOrigins } from "../../../worker/storage/store-origins.ts";
import { sql, toSqlScript } from "../../../worker/storage/statement.ts";

describe("etagMatches", () => {
  it.each([
    [undefined, false],
    ['W/"abc"', true],
    ['"abc"', true],
    ['"x", W/"abc"', true],
    ["*", true],
    ['W/"abd"', false],
  ])("If-None-Match %s → %s", (header, expected) => {
    expect(etagMatches(header, 'W/"abc"')).toBe(expected);
  });
});

describe("statusUrl", () => {
  it("fills the store's template", () => {
    expect(statusUrl("https://a.example/s?order={token}", "https://a.example", "t_1")).toBe("https://a.example/s?order=t_1");
    expect(statusUrl("https://a.example/s/%7Btoken%7D", "https://a.example", "t_1")).toBe("https://a.example/s/t_1");
  });
  it("falls back to the store's primary origin", () => {
    expect(statusUrl(undefined, "https://a.example", "t")).toBe("https://a.example/?order=t");
  });
});

describe("orderedOrigins", () => {
  const stored = (...rows: [string, number | null][]) => rows.map(([origin, position], inserted) => ({ origin, position, inserted }));
  it.each([
    [
      "the first listed, even after a developer's origin that sorts first",
      stored(["https://shop.example", 0], ["http://localhost:3000", 1]),
      "https://shop.example",
    ],
    [
      "the first listed, even a local one: the merchant's choice",
      stored(["http://localhost:3000", 0], ["https://shop.example", 1]),
      "http://localhost:3000",
    ],
    ["by position, whatever the insertion order", stored(["https://b.example", 1], ["https://z.example", 0]), "https://z.example"],
    [
      "without positions: the first https origin not on a local machine",
      stored(
        ["http://localhost:3000", null],
        ["https://dev.localhost", null],
        ["http://shop.example", null],
        ["https://shop.example", null],
      ),
      "https://shop.example",
    ],
    [
      "without positions and no public https origin: the first inserted",
      stored(["http://127.0.0.1:3000", null], ["http://localhost:3000", null]),
      "http://127.0.0.1:3000",
    ],
  ])("primary: %s", (_, rows, primary) => {
    expect(orderedOrigins(rows).primary).toBe(primary);
  });
  it("lists origins as the merchant did", () => {
    expect(orderedOrigins(stored(["https://z.example", 0], ["https://a.example", 1], ["http://localhost:3000", 2])).origins).toEqual([
      "https://z.example",
      "https://a.example",
      "http://localhost:3000",
    ]);
  });
});

describe("toSqlScript", () => {
  it("inlines parameters as safe literals", () => {
    expect(toSqlScript([sql("INSERT INTO t VALUES (?, ?, ?)", "O'Brien; DROP TABLE t", 3, null)])).toBe(
      "INSERT INTO t VALUES ('O''Brien; DROP TABLE t', 3, NULL);",
    );
  });
  it("refuses a statement whose parameters do not match", () => {
    expect(() => toSqlScript([sql("SELECT ?", 1, 2)])).toThrow(/mismatch/);
  });
});

describe("secret box", () => {
  const key = btoa("k".repeat(32));
  it("round-trips and never stores the plaintext", async () => {
    const box = await sealJson(key, { easypost: "dsw_secret" });
    expect(box).not.toContain("dsw_secret");
    expect(await openJson(key, box)).toEqual({ easypost: "dsw_secret" });
  });
  it("fails closed with another key", async () => {
    const box = await sealJson(key, { a: 1 });
    await expect(openJson(btoa("x".repeat(32)), box)).rejects.toThrow();
  });
});
