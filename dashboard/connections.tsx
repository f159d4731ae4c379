/**
 * Connections (issue 26): every outside system the store links — its platform, its tracking aggregator,
 * its message destinations — with status, last delivery in and out and the last error; connect, test,
 * replace the secret, remove. Secrets go in and never come out: the page shows when one was set, and
 * typing a new one replaces it (PUT /v1/admin/connections/{provider}). Webhook endpoints, the other
 * message destination, have their own screen.
 */
import { useEffect, useState } from "preact/hooks";
import type { ConnectionsAnswer, ConnectionTestResult, ConnectionView } from "../contract/self-service.ts";
import type { Access, ScreenId } from "./access.ts";
import { type AdminError, adminCall, sending } from "./api.ts";
import { dateTime } from "./format.ts";
import { problemsByField } from "./settings.tsx";
import { valueWords, wordsOf } from "./words.ts";
import { connectionsWords } from "./words/connections.ts";

const say = wordsOf(connectionsWords);

type Provider = ConnectionView["platform"];

const path = (p: Provider) => `/v1/admin/connections/${p}`;
export const listConnections = (c: string) => adminCall<ConnectionsAnswer>("/v1/admin/connections", c);
export const putConnection = (c: string, p: Provider, body: Record<string, string | boolean>) =>
  adminCall<{ webhookUrl?: string; topics: string[] }>(path(p), c, sending("PUT", body));
export const removeConnection = (c: string, p: Provider) => adminCall<unknown>(path(p), c, sending("DELETE"));
export const testConnection = (c: string, p: Provider) => adminCall<ConnectionTestResult>(`${path(p)}/test`, c, sending("POST"));

interface Field {
  name: string;
  label: string;
  hint?: string;
  secret: boolean;
  required: boolean;
  type?: "url";
}

/** What each provider takes, as PUT /v1/admin/connections/{provider} names it. */
export const PROVIDERS: { id: Provider; name: string; kind: ConnectionView["kind"]; fields: Field[] }[] = [
  {
    id: "shopify",
    name: say("shopify"),
    kind: "platform",
    fields: [
      { name: "shop", label: say("shopifyShop"), hint: say("shopifyShopHint"), secret: false, required: true },
      { name: "secret", label: say("shopifySecret"), secret: true, required: true },
      { name: "token", label: say("shopifyToken"), hint: say("forBackfills"), secret: true, required: false },
    ],
  },
  {
    id: "woocommerce",
    name: say("woocommerce"),
    kind: "platform",
    fields: [
      { name: "site", label: say("woocommerceSite"), hint: say("woocommerceSiteHint"), secret: false, required: true, type: "url" },
      { name: "secret", label: say("woocommerceSecret"), secret: true, required: true },
      { name: "key", label: say("woocommerceKey"), hint: say("forBackfills"), secret: true, required: false },
      {
        name: "consumerSecret",
        label: say("woocommerceConsumerSecret"),
        hint: say("woocommerceConsumerSecretHint"),
        secret: true,
        required: false,
      },
      {
        name: "consentMetaKey",
        label: say("woocommerceConsentMetaKey"),
        hint: say("woocommerceConsentMetaKeyHint"),
        secret: false,
        required: false,
      },
    ],
  },
  {
    id: "easypost",
    name: say("easypost"),
    kind: "aggregator",
    fields: [{ name: "apiKey", label: say("apiKey"), secret: true, required: true }],
  },
  {
    id: "aftership",
    name: say("aftership"),
    kind: "aggregator",
    fields: [{ name: "apiKey", label: say("apiKey"), secret: true, required: true }],
  },
  {
    id: "klaviyo",
    name: say("klaviyo"),
    kind: "destination",
    fields: [{ name: "apiKey", label: say("klaviyoApiKey"), hint: say("klaviyoApiKeyHint"), secret: true, required: true }],
  },
];

const GROUPS: { kind: ConnectionView["kind"]; title: string; about: string }[] = [
  { kind: "platform", title: say("platforms"), about: say("platformsAbout") },
  { kind: "aggregator", title: say("aggregators"), about: say("aggregatorsAbout") },
  { kind: "destination", title: say("destinations"), about: say("destinationsAbout") },
];

/** A connection's status: connected, paused, or disconnected by the provider. */
export const connectionStatusInWords = valueWords(connectionsWords, {
  active: "statusActive",
  paused: "statusPaused",
  disconnected: "statusDisconnected",
} satisfies Record<ConnectionView["status"], keyof typeof connectionsWords>);

const when = (iso: string | null) => (iso ? dateTime(iso) : say("never"));

export function ConnectionsScreen({ credential, go }: { credential: string; access: Access; go?(screen: ScreenId): void }) {
  const [connections, setConnections] = useState<ConnectionView[]>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const [editing, setEditing] = useState<Provider>();
  const refresh = () =>
    listConnections(credential).then(
      (a) => (setConnections(a.connections), setError(undefined)),
      (e: AdminError) => setError(e.message),
    );
  useEffect(() => void refresh(), [credential]);
  const byId = new Map((connections ?? []).map((c) => [c.platform, c]));
  return (
    <section aria-labelledby="connections">
      <h2 id="connections">{say("title")}</h2>
      {error && (
        <p role="alert" class="problem">
          {error}
        </p>
      )}
      <p role="status">{note}</p>
      {!connections ? (
        <p aria-busy="true">{say("loading")}</p>
      ) : (
        GROUPS.map((group) => (
          <section key={group.kind} aria-labelledby={`group-${group.kind}`}>
            <h3 id={`group-${group.kind}`}>{group.title}</h3>
            <p class="muted">{group.about}</p>
            <ul class="endpoints">
              {PROVIDERS.filter((p) => p.kind === group.kind).map((p) => (
                <ConnectionItem
                  key={p.id}
                  provider={p}
                  connection={byId.get(p.id)}
                  editing={editing === p.id}
                  onEdit={(on) => setEditing(on ? p.id : undefined)}
                  onTest={() =>
                    testConnection(credential, p.id).then(
                      (r) => (setNote(testInWords(p.name, r)), refresh()),
                      (e: AdminError) => setError(e.message),
                    )
                  }
                  onRemove={() =>
                    confirm(say("removeConfirm", { name: p.name })) &&
                    removeConnection(credential, p.id).then(
                      () => (setNote(say("removed", { name: p.name })), refresh()),
                      (e: AdminError) => setError(e.message),
                    )
                  }
                  save={(body) =>
                    putConnection(credential, p.id, body).then((answer) => {
                      setEditing(undefined);
                      setNote(
                        answer.webhookUrl
                          ? say("connectedSendWebhooks", {
                              name: p.name,
                              url: answer.webhookUrl,
                              topics: answer.topics.length ? say("forTopics", { topics: answer.topics.join(", ") }) : "",
                            })
                          : say("connected", { name: p.name }),
                      );
                      void refresh();
                    })
                  }
                />
              ))}
              {group.kind === "destination" && (
                <li class="connection">
                  <h4>{say("webhookEndpoints")}</h4>
                  <p>{say("webhookEndpointsAbout")}</p>
                  {go && (
                    <p class="actions">
                      <button type="button" class="quiet" onClick={() => go("webhooks")}>
                        {say("manageWebhookEndpoints")}
                      </button>
                    </p>
                  )}
                </li>
              )}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}

export function testInWords(name: string, r: ConnectionTestResult): string {
  if (!r.tested) return say("testSaid", { name, message: r.message });
  return r.ok
    ? say("testWorked", { name, status: String(r.status), durationMs: String(r.durationMs) })
    : say("testFailed", { name, message: r.message });
}

function ConnectionItem({
  provider,
  connection: c,
  editing,
  onEdit,
  onTest,
  onRemove,
  save,
}: {
  provider: (typeof PROVIDERS)[number];
  connection?: ConnectionView;
  editing: boolean;
  onEdit(on: boolean): void;
  onTest(): void;
  onRemove(): void;
  save(body: Record<string, string | boolean>): Promise<void>;
}) {
  const name = provider.name;
  return (
    <li class="connection">
      <h4>
        {name} <span class="muted">{c ? connectionStatusInWords(c.status) : say("notConnected")}</span>
      </h4>
      {c && (
        <dl class="facts">
          {provider.kind !== "destination" && (
            <div>
              <dt>{say("lastIn")}</dt>
              <dd>{when(c.lastInAt)}</dd>
            </div>
          )}
          {provider.kind !== "platform" && (
            <div>
              <dt>{say("lastOut")}</dt>
              <dd>{when(c.lastOutAt)}</dd>
            </div>
          )}
          <div>
            <dt>{say("lastError")}</dt>
            <dd>{c.lastError ? say("errorAt", { error: c.lastError, when: when(c.lastErrorAt) }) : say("none")}</dd>
          </div>
          <div>
            <dt>{say(c.credentials.length > 1 ? "secrets" : "secret")}</dt>
            <dd>
              {c.credentials.length
                ? say("heldSetOn", { held: heldLabels(provider, c.credentials), date: dateTime(c.secretSetAt) })
                : say("setOn", { date: dateTime(c.secretSetAt) })}
            </dd>
          </div>
          {c.webhookUrl && (
            <div>
              <dt>{say("webhookUrl")}</dt>
              <dd>
                <code>{c.webhookUrl}</code>
              </dd>
            </div>
          )}
        </dl>
      )}
      <p class="actions">
        {c ? (
          <>
            <button type="button" class="quiet" onClick={onTest}>
              {say("test")} <span class="visually-hidden">{name}</span>
            </button>
            <button type="button" class="quiet" aria-expanded={editing} onClick={() => onEdit(!editing)}>
              {say("replaceSecret")} <span class="visually-hidden">{say("ofName", { name })}</span>
            </button>
            <button type="button" class="quiet danger" onClick={onRemove}>
              {say("remove")} <span class="visually-hidden">{name}</span>
            </button>
          </>
        ) : (
          <button type="button" class="quiet" aria-expanded={editing} onClick={() => onEdit(!editing)}>
            {say("connect")} <span class="visually-hidden">{name}</span>
          </button>
        )}
      </p>
      {editing && <ConnectForm provider={provider} connection={c} save={save} onCancel={() => onEdit(false)} />}
    </li>
  );
}

const attributes = (f: Field, id: string, hint: string | undefined, problem: string | undefined) => ({
  id,
  name: f.name,
  autocomplete: "off",
  required: f.required,
  "aria-invalid": problem ? ("true" as const) : undefined,
  "aria-describedby": [hint, problem].filter(Boolean).join(" ") || undefined,
});

/** "App client secret, Admin API token": the credentials held, by their labels. */
export const heldLabels = (provider: (typeof PROVIDERS)[number], names: string[]) =>
  names.map((n) => provider.fields.find((f) => f.name === n)?.label ?? n).join(", ");

/**
 * The provider's fields: settings filled in as they are, secrets always empty. On a connection, a secret
 * left empty is kept (`keep: true`) and one typed replaces it: rotating one never drops another.
 */
function ConnectForm({
  provider,
  connection,
  save,
  onCancel,
}: {
  provider: (typeof PROVIDERS)[number];
  connection?: ConnectionView;
  save(body: Record<string, string | boolean>): Promise<void>;
  onCancel(): void;
}) {
  const settings = connection?.settings ?? {};
  const held = new Set(connection?.credentials ?? []);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const id = (field: string) => `${provider.id}-${field}`;
  return (
    <form
      class="settings"
      aria-label={say("connectName", { name: provider.name })}
      onSubmit={(ev) => {
        ev.preventDefault();
        const data = new FormData(ev.currentTarget);
        const body: Record<string, string | boolean> = connection ? { keep: true } : {};
        for (const f of provider.fields) {
          const value = String(data.get(f.name) ?? "").trim();
          if (value) body[f.name] = value;
        }
        save(body).catch((e: AdminError) => (setProblems(problemsByField(e)), setError(e.message)));
      }}
    >
      {error && (
        <p role="alert" class="problem">
          {error}
        </p>
      )}
      {provider.fields.map((f) => {
        const kept = f.secret && held.has(f.name) && connection;
        const hintText = kept ? say("keptHint", { date: dateTime(connection.secretSetAt) }) : f.hint;
        const hint = hintText ? `${id(f.name)}-hint` : undefined;
        const problem = problems[f.name] ? `${id(f.name)}-problem` : undefined;
        return (
          <p class="field" key={f.name}>
            <label for={id(f.name)}>
              {f.label}
              {!f.required && !kept && <span class="muted"> {say("optional")}</span>}
            </label>
            {hintText && (
              <span class="muted" id={hint}>
                {hintText}
              </span>
            )}
            {f.secret ? (
              <input type="password" {...attributes(f, id(f.name), hint, problem)} required={f.required && !kept} defaultValue="" />
            ) : f.type === "url" ? (
              <input type="url" {...attributes(f, id(f.name), hint, problem)} defaultValue={settings[f.name] ?? ""} />
            ) : (
              <input type="text" {...attributes(f, id(f.name), hint, problem)} defaultValue={settings[f.name] ?? ""} />
            )}
            {problem && (
              <span class="problem" id={problem}>
                {problems[f.name]}
              </span>
            )}
          </p>
        );
      })}
      <p class="actions">
        <button type="submit">{say("saveName", { name: provider.name })}</button>{" "}
        <button type="button" class="quiet" onClick={onCancel}>
          {say("cancel")}
        </button>
      </p>
    </form>
  );
}
