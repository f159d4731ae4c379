/**
 * People (issue 26): an owner makes a one-time sign-in link for a colleague, with the role they get
 * (POST /v1/admin/login-links): shown once, with when it stops working. Only roles the signed-in
 * credential could itself grant are offered; the server refuses the rest.
 */
import { useState } from "preact/hooks";
import type { LoginLinkCreated } from "../contract/self-service.ts";
import { type Role, ROLES, type Scope } from "../contract/vocabularies.ts";
import { type Access, roleInWords } from "./access.ts";
import { type AdminError, adminCall, sending } from "./api.ts";
import { dateTime } from "./format.ts";
import { problemsByField } from "./settings.tsx";
import { ShownOnce } from "./webhooks.tsx";
import { wordsOf } from "./words.ts";
import { peopleWords } from "./words/people.ts";

const say = wordsOf(peopleWords);

export const createLoginLink = (c: string, role: Role, person?: string) =>
  adminCall<LoginLinkCreated>("/v1/admin/login-links", c, sending("POST", { role, ...(person ? { person } : {}) }));

/** What each role may do, as the server holds it (worker/domain/access.ts ROLE_SCOPES). */
export const ROLE_WORDS: Record<Role, { scopes: readonly Scope[]; about: string }> = {
  owner: {
    scopes: ["orders:write", "catalog:write", "admin:read", "settings:write", "customers:erase", "webhooks:write"],
    about: say("ownerAbout"),
  },
  analyst: { scopes: ["admin:read"], about: say("analystAbout") },
  support: { scopes: ["admin:read", "orders:write"], about: say("supportAbout") },
};

/** Each role's name as the merchant reads it. */
const ROLE_NAMES: Record<Role, keyof typeof peopleWords> = { owner: "ownerName", analyst: "analystName", support: "supportName" };

export function PeopleScreen({ credential, access }: { credential: string; access: Access }) {
  const grantable = ROLES.filter((r) => ROLE_WORDS[r].scopes.every((s) => access.scopes.includes(s)));
  const [role, setRole] = useState<Role>(grantable.includes("support") ? "support" : (grantable[0] ?? "analyst"));
  const [made, setMade] = useState<LoginLinkCreated>();
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<Record<string, string>>({});
  return (
    <section aria-labelledby="people">
      <h2 id="people">{say("title")}</h2>
      <p>{say("about")}</p>
      {error && (
        <p role="alert" class="problem">
          {error}
        </p>
      )}
      {made && (
        <ShownOnce
          label={say("linkMade", {
            person: made.person ?? say("aColleague"),
            role: roleInWords(made.role),
            until: dateTime(made.expiresAt),
          })}
          value={made.url}
          onDone={() => setMade(undefined)}
        />
      )}
      <form
        class="settings"
        aria-labelledby="people"
        onSubmit={(ev) => {
          ev.preventDefault();
          const form = ev.currentTarget;
          const person = String(new FormData(form).get("person") ?? "").trim();
          createLoginLink(credential, role, person || undefined).then(
            (link) => (setMade(link), setError(undefined), setProblems({}), form.reset()),
            (e: AdminError) => (setProblems(problemsByField(e)), setError(e.message)),
          );
        }}
      >
        <p class="field">
          <label for="person">{say("theirName")}</label>
          <span class="muted" id="person-hint">
            {say("theirNameHint")}
          </span>
          <input
            id="person"
            name="person"
            maxLength={120}
            autocomplete="off"
            aria-invalid={problems.person ? "true" : undefined}
            aria-describedby={problems.person ? "person-hint person-problem" : "person-hint"}
          />
          {problems.person && (
            <span class="problem" id="person-problem">
              {problems.person}
            </span>
          )}
        </p>
        <fieldset>
          <legend>{say("role")}</legend>
          {grantable.map((r) => (
            <p class="field check" key={r}>
              <input id={`role-${r}`} type="radio" name="role" checked={role === r} onChange={() => setRole(r)} />
              <label for={`role-${r}`}>
                {say(ROLE_NAMES[r])}: <span class="muted">{ROLE_WORDS[r].about}</span>
              </label>
            </p>
          ))}
        </fieldset>
        <button type="submit">{say("makeLink")}</button>
      </form>
    </section>
  );
}
