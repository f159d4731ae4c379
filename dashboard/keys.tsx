/** The store's API keys (GET/POST /v1/admin/keys, DELETE …/{id}): name, scopes, last use; a new key shown once; revoke after confirming. */
import { useEffect, useState } from "preact/hooks";
import type { ApiKeyCreated, ApiKeysAnswer, ApiKeyView } from "../contract/self-service.ts";
import { SCOPES, type Scope } from "../contract/vocabularies.ts";
import type { Access } from "./access.ts";
import { Scroll } from "./scroll.tsx";
import { type AdminError, adminCall, sending } from "./api.ts";
import { problemsByField } from "./settings.tsx";
import { ShownOnce } from "./webhooks.tsx";
import { valueWords, wordsOf } from "./words.ts";
import { keysWords } from "./words/keys.ts";

const say = wordsOf(keysWords);

export const listKeys = (c: string) => adminCall<ApiKeysAnswer>("/v1/admin/keys", c);
export const createKey = (c: string, name: string, scopes: Scope[]) =>
  adminCall<ApiKeyCreated>("/v1/admin/keys", c, sending("POST", { name, scopes }));
export const revokeKey = (c: string, id: string) => adminCall<unknown>(`/v1/admin/keys/${encodeURIComponent(id)}`, c, sending("DELETE"));

/** What a scope lets a key do. */
export const scopeInWords = valueWords(keysWords, {
  "orders:write": "scopeOrdersWrite",
  "catalog:write": "scopeCatalogWrite",
  "admin:read": "scopeAdminRead",
  "settings:write": "scopeSettingsWrite",
  "customers:erase": "scopeCustomersErase",
  "webhooks:write": "scopeWebhooksWrite",
} satisfies Record<Scope, keyof typeof keysWords>);

export function KeysScreen({ credential, access }: { credential: string; access: Access }) {
  const [keys, setKeys] = useState<ApiKeyView[]>();
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<ApiKeyCreated>();
  const [scopes, setScopes] = useState<Set<Scope>>(new Set(["admin:read"]));
  const refresh = () =>
    listKeys(credential).then(
      (a) => (setKeys(a.keys), setError(undefined)),
      (e: AdminError) => setError(e.message),
    );
  useEffect(() => void refresh(), [credential]);
  return (
    <>
      <section aria-labelledby="keys">
        <h2 id="keys">{say("title")}</h2>
        {error && (
          <p role="alert" class="problem">
            {error}
          </p>
        )}
        {created && <ShownOnce label={say("created", { name: created.name })} value={created.key} onDone={() => setCreated(undefined)} />}
        {!keys ? (
          <p aria-busy="true">{say("loading")}</p>
        ) : (
          <Scroll label={say("tableRegion")}>
            <table>
              <caption>{say("caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{say("name")}</th>
                  <th scope="col">{say("scopes")}</th>
                  <th scope="col">{say("lastUsed")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{say("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">
                      {k.name}
                      {k.hint && <span class="muted"> …{k.hint}</span>}
                    </th>
                    <td>{k.kind === "store" ? say("everyScope") : k.scopes.map(scopeInWords).join(say("scopeSeparator"))}</td>
                    <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : say("never")}</td>
                    <td>
                      {k.kind === "scoped" && (
                        <button
                          type="button"
                          class="quiet danger"
                          onClick={() =>
                            confirm(say("revokeConfirm", { name: k.name })) &&
                            revokeKey(credential, k.id).then(refresh, (e: AdminError) => setError(e.message))
                          }
                        >
                          {say("revoke")} <span class="visually-hidden">{k.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
      </section>
      <form
        class="settings"
        aria-labelledby="new-key"
        onSubmit={(ev) => {
          ev.preventDefault();
          const form = ev.currentTarget;
          const name = String(new FormData(form).get("name") ?? "").trim();
          createKey(credential, name, [...scopes]).then(
            (k) => (setCreated(k), setProblems({}), setError(undefined), form.reset(), refresh()),
            (e: AdminError) => (setProblems(problemsByField(e)), setError(e.message)),
          );
        }}
      >
        <h2 id="new-key">{say("createTitle")}</h2>
        <p class="field">
          <label for="key-name">{say("name")}</label>
          <span class="muted" id="key-name-hint">
            {say("nameHint")}
          </span>
          <input
            id="key-name"
            name="name"
            required
            maxLength={80}
            aria-invalid={problems.name ? "true" : undefined}
            aria-describedby={problems.name ? "key-name-hint key-name-problem" : "key-name-hint"}
          />
          {problems.name && (
            <span class="problem" id="key-name-problem">
              {problems.name}
            </span>
          )}
        </p>
        <fieldset>
          <legend>{say("scopes")}</legend>
          {SCOPES.filter((s) => access.scopes.includes(s)).map((s) => (
            <p class="field check" key={s}>
              <input
                id={`scope-${s}`}
                type="checkbox"
                checked={scopes.has(s)}
                onChange={(ev) => {
                  const next = new Set(scopes);
                  ev.currentTarget.checked ? next.add(s) : next.delete(s);
                  setScopes(next);
                }}
              />
              <label for={`scope-${s}`}>
                {scopeInWords(s)} <code>{s}</code>
              </label>
            </p>
          ))}
        </fieldset>
        <button type="submit" disabled={scopes.size === 0}>
          {say("createKey")}
        </button>
      </form>
    </>
  );
}
