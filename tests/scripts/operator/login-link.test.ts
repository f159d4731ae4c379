/**
 * `admin:login-link --role` (issue 26): a sign-in link carries the role its session gets; an unknown
 * role is refused by name before any database is touched. Runs in this Node project because the
 * command's module starts wrangler. (The link itself is made by worker/services/login-links.ts, the
 * same code as POST /v1/admin/login-links, which tests/worker/self-service.test.ts drives.)
 */
import { describe, expect, it } from "vitest";
import { createLoginLink, OperatorError, parseRole } from "../../../scripts/lib/store-admin.ts";

describe("admin:login-link --role", () => {
  it.each([
    [undefined, "owner"],
    ["owner", "owner"],
    ["analyst", "analyst"],
    ["support", "support"],
  ])("--role %s is %s", (flag, role) => {
    expect(parseRole(flag)).toBe(role);
  });

  it.each(["admin", "Owner", ""])("refuses --role %j, naming the roles", (flag) => {
    expect(() => parseRole(flag)).toThrow(OperatorError);
    expect(() => parseRole(flag)).toThrow(/must be one of owner, analyst, support/);
  });

  it("refuses a malformed store id before touching any database", async () => {
    await expect(createLoginLink("Not An Id", "http://127.0.0.1:8787", {}, new Date(), { role: "support" })).rejects.toThrow(
      /invalid store id/,
    );
  });
});
