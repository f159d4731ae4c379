/**
 * The operator commands across shards (issue 23, many databases), against real local D1 through
 * wrangler, as `npm run doorstep` runs them: migrations reach both shards' files, `store:create` places
 * a store (the open shard with the fewest stores, or --shard) with its directory row in s0 and the store
 * in its shard, and every later command finds the store's shard in the directory.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLocalSecretKey } from "../../../scripts/lib/dev-vars.ts";
import { d1File } from "../../../scripts/lib/local-d1.ts";
import { configuredShards, shardOfStore } from "../../../scripts/lib/shards.ts";
import {
  createLoginLink,
  createStore,
  eraseCustomer,
  OperatorError,
  parseSettings,
  rotateApiKey,
} from "../../../scripts/lib/store-admin.ts";
import { applyMigrations, ROOT } from "../../../scripts/lib/wrangler.ts";
import { sha256Hex } from "../../../worker/crypto/hash.ts";

const persistTo = join(ROOT, "tests/.tmp", `operator-shards-${process.pid}`);
const target = { persistTo };
const settings = parseSettings({ name: "Shard test", origins: ["https://shop.example"] });

const rows = (shard: "s0" | "s1", sqlText: string, ...params: string[]) => {
  const db = new DatabaseSync(d1File(persistTo, shard), { readOnly: true });
  try {
    return db.prepare(sqlText).all(...params);
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  await applyMigrations(target);
}, 120_000);

afterAll(() => rmSync(persistTo, { recursive: true, force: true }));

describe("operator commands in two shards", { timeout: 120_000 }, () => {
  it("wrangler.toml binds s0 and s1, and migrations made a database file for each", () => {
    expect(configuredShards().map((s) => [s.shard, s.binding])).toEqual([
      ["s0", "DB"],
      ["s1", "DB_S1"],
    ]);
    expect(d1File(persistTo, "s0")).not.toBe(d1File(persistTo, "s1"));
    for (const shard of ["s0", "s1"] as const) expect(rows(shard, "SELECT count(*) AS n FROM store_directory")).toEqual([{ n: 0 }]);
  });

  it("places new stores where there are fewest, or where --shard says, and each command finds its shard", async () => {
    const a = await createStore("shard-a", settings, ensureLocalSecretKey(), target);
    const b = await createStore("shard-b", settings, ensureLocalSecretKey(), target);
    const c = await createStore("shard-c", settings, ensureLocalSecretKey(), target, { shard: "s1" });
    expect([a.shard, b.shard, c.shard]).toEqual(["s0", "s1", "s1"]);
    expect(a.apiKey).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
    expect(b.apiKey).toMatch(/^dsk_s1\./);
    expect(rows("s0", "SELECT store_id, shard FROM store_directory ORDER BY store_id")).toEqual([
      { store_id: "shard-a", shard: "s0" },
      { store_id: "shard-b", shard: "s1" },
      { store_id: "shard-c", shard: "s1" },
    ]);
    expect(rows("s1", "SELECT count(*) AS n FROM store_directory")).toEqual([{ n: 0 }]);
    expect(rows("s0", "SELECT id FROM stores ORDER BY id")).toEqual([{ id: "shard-a" }]);
    expect(rows("s1", "SELECT id FROM stores ORDER BY id")).toEqual([{ id: "shard-b" }, { id: "shard-c" }]);
    expect(await shardOfStore("shard-b", target)).toBe("s1");

    await expect(createStore("shard-b", settings, ensureLocalSecretKey(), target)).rejects.toThrow(/already exists/);
    await expect(createStore("shard-d", settings, ensureLocalSecretKey(), target, { shard: "s5" })).rejects.toThrow(OperatorError);

    const { apiKey } = await rotateApiKey("shard-b", target);
    expect(apiKey).toMatch(/^dsk_s1\./);
    expect(rows("s1", "SELECT api_key_hash FROM stores WHERE id = 'shard-b'")).toEqual([{ api_key_hash: await sha256Hex(apiKey) }]);
    const link = await createLoginLink("shard-b", "http://127.0.0.1:8787", target);
    expect(new URL(link.url).hash).toMatch(/^#code=dsl_s1\./);
    expect(await eraseCustomer("shard-c", "nobody", target)).toMatchObject({ erased: true });
    await expect(rotateApiKey("shard-z", target)).rejects.toThrow(/does not exist/);
  });
});
