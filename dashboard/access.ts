/**
 * What the signed-in credential may do, from GET /v1/admin/session: an owner everything, an analyst
 * read-only figures and exports, support orders and alerts but no settings, keys or erasure. The page
 * hides what the role may not do; the server refuses it whatever the page shows.
 */
import type { SessionInfo } from "../contract/self-service.ts";
import type { Role, Scope } from "../contract/vocabularies.ts";

export type Access = Pick<SessionInfo, "scopes" | "role">;

export const can = (access: Access | undefined, scope: Scope) => Boolean(access?.scopes.includes(scope));

/**
 * The dashboard's screens, each shown only to a credential holding its scope and, where `roles` is
 * named, to a session of one of those roles (an API key has no role): the server refuses the same.
 */
export const SCREENS = [
  { id: "figures", label: "Figures", scope: "admin:read" },
  // Finding shoppers by email is for owners and support (GET /v1/admin/orders declares those roles).
  { id: "order", label: "Orders", scope: "admin:read", roles: ["owner", "support"] },
  // Analysts read the surveys; settings:write edits them (the screen draws itself read-only without it).
  { id: "surveys", label: "Surveys", scope: "admin:read", roles: ["owner", "analyst"] },
  { id: "settings", label: "Settings", scope: "settings:write" },
  { id: "connections", label: "Connections", scope: "settings:write" },
  { id: "webhooks", label: "Webhook endpoints", scope: "webhooks:write" },
  { id: "keys", label: "API keys", scope: "settings:write" },
  { id: "people", label: "People", scope: "settings:write" },
] as const satisfies readonly { id: string; label: string; scope: Scope; roles?: readonly Role[] }[];
export type ScreenId = (typeof SCREENS)[number]["id"];

export const screensFor = (access: Access | undefined) =>
  SCREENS.filter((s) => can(access, s.scope) && (!("roles" in s) || !access?.role || (s.roles as readonly Role[]).includes(access.role)));

/** "Owner", "Analyst (read-only)", or the key's own name. */
export function whoInWords(session: SessionInfo): string {
  if (session.role === "analyst") return `${session.person ?? "Analyst"} · analyst (read-only)`;
  if (session.role) return `${session.person ?? session.role[0]!.toUpperCase() + session.role.slice(1)} · ${session.role}`;
  return `API key${session.key ? `: ${session.key.name}` : ""}`;
}
