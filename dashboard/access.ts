/**
 * What the signed-in credential may do, from GET /v1/admin/session: an owner everything, an analyst
 * read-only figures and exports, support orders and alerts but no settings, keys or erasure. The page
 * hides what the role may not do; the server refuses it whatever the page shows.
 */
import type { SessionInfo } from "../contract/self-service.ts";
import type { Role, Scope } from "../contract/vocabularies.ts";
import { valueWords, wordsOf } from "./words.ts";
import { accessWords } from "./words/access.ts";

const say = wordsOf(accessWords);

export type Access = Pick<SessionInfo, "scopes" | "role">;

export const can = (access: Access | undefined, scope: Scope) => Boolean(access?.scopes.includes(scope));

/**
 * The dashboard's screens, each shown only to a credential holding its scope and, where `roles` is
 * named, to a session of one of those roles (an API key has no role): the server refuses the same.
 */
export const SCREENS = [
  { id: "figures", label: say("screenFigures"), scope: "admin:read" },
  // Finding shoppers by email is for owners and support (GET /v1/admin/orders declares those roles).
  { id: "order", label: say("screenOrders"), scope: "admin:read", roles: ["owner", "support"] },
  // Analysts read the surveys; settings:write edits them (the screen draws itself read-only without it).
  { id: "surveys", label: say("screenSurveys"), scope: "admin:read", roles: ["owner", "analyst"] },
  { id: "settings", label: say("screenSettings"), scope: "settings:write" },
  { id: "connections", label: say("screenConnections"), scope: "settings:write" },
  { id: "webhooks", label: say("screenWebhooks"), scope: "webhooks:write" },
  { id: "keys", label: say("screenKeys"), scope: "settings:write" },
  { id: "people", label: say("screenPeople"), scope: "settings:write" },
] as const satisfies readonly { id: string; label: string; scope: Scope; roles?: readonly Role[] }[];
export type ScreenId = (typeof SCREENS)[number]["id"];

export const screensFor = (access: Access | undefined) =>
  SCREENS.filter((s) => can(access, s.scope) && (!("roles" in s) || !access?.role || (s.roles as readonly Role[]).includes(access.role)));

/** Each role's name, in a sentence and as a title. */
const ROLE_NAMES = {
  owner: { word: "roleOwner", title: "roleOwnerTitle" },
  analyst: { word: "roleAnalyst", title: "roleAnalystTitle" },
  support: { word: "roleSupport", title: "roleSupportTitle" },
} as const satisfies Record<Role, { word: keyof typeof accessWords; title: keyof typeof accessWords }>;

/** A role inside a sentence: "Sign-in link for Robin (support)". */
export const roleInWords = valueWords(accessWords, {
  owner: "roleOwner",
  analyst: "roleAnalyst",
  support: "roleSupport",
} satisfies Record<Role, keyof typeof accessWords>);

/** "Owner", "Analyst (read-only)", or the key's own name. */
export function whoInWords(session: SessionInfo): string {
  if (session.role === "analyst") return say("analystSignedIn", { person: session.person ?? say("roleAnalystTitle") });
  if (session.role) {
    const names = ROLE_NAMES[session.role];
    return say("personWithRole", { person: session.person ?? say(names.title), role: say(names.word) });
  }
  return session.key ? say("apiKeyNamed", { name: session.key.name }) : say("apiKey");
}
