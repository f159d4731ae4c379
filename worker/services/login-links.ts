/**
 * One-time dashboard sign-in links, each for a role (issue 26): made by the operator's
 * `admin:login-link --role` and by `POST /v1/admin/login-links`, the same way. The code is in the
 * link's fragment (never sent to a server by a browser), only its hash is stored, it works once
 * within 15 minutes, and the session it opens lasts 12 hours with the role's scopes.
 */
import type { AuditActor, LoginLinkCreated } from "../../contract/self-service.ts";
import { sha256Hex } from "../crypto/hash.ts";
import { newLoginCode } from "../crypto/random.ts";
import type { Shard } from "../domain/shards.ts";
import { auditStatement } from "../storage/audit.ts";
import { applyChanges, type Change } from "../storage/changes.ts";
import { loginCodeStatement, type SignInFor } from "../storage/dashboard.ts";

/** Minutes a dashboard login link works; it works once. */
export const LOGIN_LINK_MINUTES = 15;

/**
 * A new link into the dashboard served at `origin`, and the statement that stores its code's hash. The
 * code carries the store's shard, so signing in with it needs no directory read.
 */
export async function newLoginLink(
  shard: Shard,
  storeId: string,
  origin: string,
  who: SignInFor,
  now: Date,
): Promise<{ link: LoginLinkCreated; statement: Change }> {
  const code = newLoginCode(shard);
  const expiresAt = new Date(now.getTime() + LOGIN_LINK_MINUTES * 60_000).toISOString();
  return {
    link: { url: `${new URL(origin).origin}/admin/#code=${code}`, role: who.role, person: who.person, expiresAt },
    statement: loginCodeStatement(await sha256Hex(code), storeId, expiresAt, who),
  };
}

/** A link made through the API, recorded in the audit log (its role and person, never the link). */
export async function createLoginLink(
  db: D1Database,
  shard: Shard,
  storeId: string,
  actor: AuditActor,
  origin: string,
  who: SignInFor,
  now: Date,
): Promise<LoginLinkCreated> {
  const { link, statement } = await newLoginLink(shard, storeId, origin, who, now);
  await applyChanges(db, [
    statement,
    auditStatement(
      storeId,
      actor,
      {
        action: "login_link.created",
        target: who.role,
        before: null,
        after: { role: who.role, person: who.person, expiresAt: link.expiresAt },
      },
      now.toISOString(),
    ),
  ]);
  return link;
}
