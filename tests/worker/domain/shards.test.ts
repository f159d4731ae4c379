import { describe, expect, it } from "vitest";
import { newApiKey, newLoginCode, newOrderToken, newSessionToken, ORDER_TOKEN_PATTERN } from "../../../worker/crypto/random.ts";
import {
  bindingOfShard,
  markShard,
  openShards,
  placeStore,
  shardOfBinding,
  shardOfCredential,
  type Shard,
} from "../../../worker/domain/shards.ts";
import { shardKey } from "../../../worker/http/storage.ts";
import { photoKey } from "../../../worker/schemas/reviews.ts";

const tail = `${"Ab3_-".repeat(8)}xyz`; // 43 base64url characters

describe("the shard a credential carries", () => {
  it.each([
    // Old credentials (and everything minted for s0) have no marker: s0.
    [tail, "s0"],
    [`dsk_${tail}`, "s0"],
    [`dss_${tail}`, "s0"],
    [`dsl_${tail}`, "s0"],
    [`ph_${tail.slice(0, 24)}.jpg`, "s0"],
    // A 43-character token may begin like a prefix or a marker; without a `.` it is an old one.
    [`s1${tail.slice(2)}`, "s0"],
    [`dsk_s1${tail.slice(2)}`, "s0"],
    // Marked.
    [`s1.${tail}`, "s1"],
    [`s12.${tail}`, "s12"],
    [`dsk_s1.${tail}`, "s1"],
    [`dss_s3.${tail}`, "s3"],
    [`dsl_s1.${tail}`, "s1"],
    [`ph_s2.${tail.slice(0, 24)}.webp`, "s2"],
    // Not a marker: leading zeros, letters, too long.
    [`s01.${tail}`, "s0"],
    [`sx.${tail}`, "s0"],
    [`s1000.${tail}`, "s0"],
  ])("%s is in %s", (credential, shard) => {
    expect(shardOfCredential(credential)).toBe(shard);
  });

  it("mints s0's credentials in their old shapes and the others' with the marker, each read back", () => {
    for (const shard of ["s0", "s1", "s7"] as Shard[]) {
      const token = newOrderToken(shard);
      expect(token).toMatch(ORDER_TOKEN_PATTERN);
      expect(shardOfCredential(token)).toBe(shard);
      for (const credential of [newApiKey(shard), newSessionToken(shard), newLoginCode(shard)])
        expect(shardOfCredential(credential)).toBe(shard);
      expect(photoKey.safeParse(`ph_${markShard(shard, tail.slice(0, 24))}.png`).success).toBe(true);
    }
    expect(newOrderToken("s0")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newApiKey("s0")).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
    expect(newOrderToken("s1")).toMatch(/^s1\.[A-Za-z0-9_-]{43}$/);
  });

  it.each([tail, `s1.${tail}`, `s999.${tail}`])("%s is an order token's shape", (token) => {
    expect(ORDER_TOKEN_PATTERN.test(token)).toBe(true);
  });

  it.each([`s1.${tail}x`, `s1:${tail}`, `.${tail}`, `s1.s1.${tail}`, tail.slice(1)])("%s is not", (token) => {
    expect(ORDER_TOKEN_PATTERN.test(token)).toBe(false);
  });
});

describe("shards and their bindings", () => {
  it.each([
    ["DB", "s0"],
    ["DB_S1", "s1"],
    ["DB_S12", "s12"],
    ["DB_S0", undefined],
    ["DB_S01", undefined],
    ["DB_SHARD", undefined],
    ["PHOTOS", undefined],
  ])("binding %s is shard %s", (binding, shard) => {
    expect(shardOfBinding(binding)).toBe(shard);
    if (shard) expect(bindingOfShard(shard as Shard)).toBe(binding);
  });

  it.each([
    ["s0,s1", ["s0", "s1"], ["s0", "s1"]],
    [" s1 , s0 ", ["s0", "s1"], ["s1", "s0"]],
    ["s1", ["s0", "s1"], ["s1"]],
    // Named but not bound, or not a shard's name: left out; nothing left means s0.
    ["s0,s2", ["s0", "s1"], ["s0"]],
    ["s2", ["s0", "s1"], ["s0"]],
    ["", ["s0", "s1"], ["s0"]],
    [undefined, ["s0"], ["s0"]],
    ["s1,s1", ["s0", "s1"], ["s1"]],
  ])("OPEN_SHARDS %j with %j bound opens %j", (list, bound, open) => {
    expect(openShards(list, bound as Shard[])).toEqual(open);
  });

  it.each([
    [["s0", "s1"], {}, "s0"],
    [["s0", "s1"], { s0: 3, s1: 2 }, "s1"],
    [["s0", "s1"], { s0: 2, s1: 2 }, "s0"],
    [["s1", "s0"], { s0: 2, s1: 2 }, "s1"],
    [["s0", "s1", "s2"], { s0: 5, s1: 4 }, "s2"],
  ])("among %j with %j stores, a new store goes to %s", (open, counts, shard) => {
    expect(placeStore(open as Shard[], new Map(Object.entries(counts) as [Shard, number][]))).toBe(shard);
  });
});

describe("where a request's shard is read from", () => {
  it.each([
    [{ path: `/v1/o/s1.${tail}` }, { credential: `s1.${tail}` }],
    [{ path: `/v1/o/${tail}/events` }, { credential: tail }],
    [{ path: `/v1/photos/ph_s1.${tail.slice(0, 24)}.jpg` }, { credential: `ph_s1.${tail.slice(0, 24)}.jpg` }],
    [{ path: "/v1/stores/acme/config" }, { storeId: "acme" }],
    [{ path: "/v1/stores/acme%2Dshop/products/SKU-1/reviews" }, { storeId: "acme-shop" }],
    [{ path: "/v1/webhooks/easypost/acme" }, { storeId: "acme" }],
    [{ path: "/v1/platforms/shopify/acme" }, { storeId: "acme" }],
    // The path wins over a header; a Bearer credential otherwise.
    [{ path: "/v1/stores/acme/config", authorization: `Bearer dsk_s1.${tail}` }, { storeId: "acme" }],
    [{ path: "/v1/orders", authorization: `Bearer dsk_s1.${tail}` }, { credential: `dsk_s1.${tail}` }],
    [{ path: "/v1/admin/settings", authorization: `bearer dss_${tail}` }, { credential: `dss_${tail}` }],
    // No store: s0 (the routes naming theirs in the body choose it themselves).
    [{ path: "/v1/health" }, undefined],
    [{ path: "/v1/lookup" }, undefined],
    [{ path: "/v1/admin/session" }, undefined],
    [{ path: "/v1/orders", authorization: "Basic abc" }, undefined],
  ])("%j → %j", (request, key) => {
    expect(shardKey(request)).toEqual(key);
  });
});
