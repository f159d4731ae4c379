/**
 * Who may do what (issue 26). Every merchant operation names the one scope it needs
 * (openapi/operations.ts); a credential holds a set of scopes: the store's own API key and an owner's
 * dashboard session all of them, a scoped key those it was made with, another dashboard role those
 * listed here. Pure: the middleware (http/api-key.ts) asks these questions of what storage found.
 */
import type { AuditActor } from "../../contract/self-service.ts";
import { type Role, SCOPES, type Scope } from "../../contract/vocabularies.ts";

/**
 * What each dashboard role holds. An analyst reads figures and exports; support also acts on orders
 * (alerts handled, a token replaced, a status link sent again) but changes no settings, endpoints or
 * keys and erases no one; the owner does everything.
 */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  owner: SCOPES,
  analyst: ["admin:read"],
  support: ["admin:read", "orders:write"],
};

/** The scope of `wanted` a credential does not hold, or null when it holds them all. */
export function missingScope(held: readonly Scope[], wanted: readonly Scope[]): Scope | null {
  return wanted.find((scope) => !held.includes(scope)) ?? null;
}

/** Scopes in the vocabulary's order, each once (how keys store and answer them). */
export const normalScopes = (scopes: readonly Scope[]): Scope[] => SCOPES.filter((scope) => scopes.includes(scope));

/** A key's last use is recorded at most this often: most requests write nothing for it. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Whether a key used at `now` should have its last-used time written (never, or over a minute ago). */
export function lastUseIsStale(lastUsedAt: string | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - Date.parse(lastUsedAt) >= LAST_USED_RESOLUTION_MS;
}

/** The store's own key, as the audit log and the key list name it. */
export const STORE_KEY_ID = "store";
export const STORE_KEY_NAME = "Store key";

/** What a request is allowed, and who it is for the audit log. */
export interface Access {
  credential: "api_key" | "session";
  scopes: readonly Scope[];
  actor: AuditActor;
  /** The key that opened the store (`store` for the store's own) and when it was last recorded used. */
  key: { id: string; name: string; lastUsedAt: string | null } | null;
  session: { role: Role; person: string | null; expiresAt: string } | null;
  /**
   * Whether the credential is, or was made (through keys and sign-in links) from, the store's own key.
   * What it makes is marked so: rotating the store's key after a leak revokes all of it.
   */
  viaStoreKey: boolean;
}

export function storeKeyAccess(lastUsedAt: string | null): Access {
  return {
    credential: "api_key",
    scopes: SCOPES,
    actor: { kind: "api_key", id: STORE_KEY_ID, name: STORE_KEY_NAME, role: null },
    key: { id: STORE_KEY_ID, name: STORE_KEY_NAME, lastUsedAt },
    session: null,
    viaStoreKey: true,
  };
}

export function scopedKeyAccess(key: {
  id: string;
  name: string;
  scopes: readonly Scope[];
  lastUsedAt: string | null;
  viaStoreKey: boolean;
}): Access {
  return {
    credential: "api_key",
    scopes: normalScopes(key.scopes),
    actor: { kind: "api_key", id: key.id, name: key.name, role: null },
    key: { id: key.id, name: key.name, lastUsedAt: key.lastUsedAt },
    session: null,
    viaStoreKey: key.viaStoreKey,
  };
}

/**
 * A dashboard session's access. Its id in the audit log is a prefix of the session token's hash:
 * enough to tell sessions apart, nothing to sign in with (the token is 256 random bits).
 */
export function sessionAccess(session: {
  tokenHash: string;
  role: Role;
  person: string | null;
  expiresAt: string;
  viaStoreKey: boolean;
}): Access {
  return {
    credential: "session",
    scopes: normalScopes(ROLE_SCOPES[session.role]),
    actor: { kind: "session", id: `ses_${session.tokenHash.slice(0, 12)}`, name: session.person, role: session.role },
    key: null,
    session: { role: session.role, person: session.person, expiresAt: session.expiresAt },
    viaStoreKey: session.viaStoreKey,
  };
}

/** The operator's command line (store:update), for the audit log. */
export const OPERATOR_ACTOR: AuditActor = { kind: "operator", id: "cli", name: null, role: null };

/** Why a credential is refused an operation: for the 403 `insufficient_scope` answer. */
export function scopeRefusal(access: Pick<Access, "credential" | "session">, scope: Scope): string {
  return access.session
    ? `A dashboard session with the ${access.session.role} role cannot do this: it needs the ${scope} scope.`
    : `This API key does not have the ${scope} scope this needs.`;
}
