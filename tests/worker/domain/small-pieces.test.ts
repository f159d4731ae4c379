import { describe, expect, it } from "vitest";
import { openJson, sealJson } from "../../../worker/crypto/secret-box.ts";
import { etagMatches } from "../../../worker/domain/etag.ts";
import { statusUrl } from "../../../worker/domain/status-url.ts";
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
  it("falls back to the store's first origin", () => {
    expect(statusUrl(undefined, "https://a.example", "t")).toBe("https://a.example/?order=t");
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
