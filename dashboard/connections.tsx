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
    name: "Shopify",
    kind: "platform",
    fields: [
      { name: "shop", label: "Shop domain", hint: "NAME.myshopify.com", secret: false, required: true },
      { name: "secret", label: "App client secret", secret: true, required: true },
      { name: "token", label: "Admin API token", hint: "optional, for backfills", secret: true, required: false },
    ],
  },
  {
    id: "woocommerce",
    name: "WooCommerce",
    kind: "platform",
    fields: [
      { name: "site", label: "Site address", hint: "https://shop.example", secret: false, required: true, type: "url" },
      { name: "secret", label: "Webhook secret", secret: true, required: true },
      { name: "key", label: "REST consumer key", hint: "optional, for backfills", secret: true, required: false },
      { name: "consumerSecret", label: "REST consumer secret", hint: "optional, with the key", secret: true, required: false },
      {
        name: "consentMetaKey",
        label: "Consent meta key",
        hint: "optional: where your opt-in plugin keeps consent",
        secret: false,
        required: false,
      },
    ],
  },
  { id: "easypost", name: "EasyPost", kind: "aggregator", fields: [{ name: "apiKey", label: "API key", secret: true, required: true }] },
  { id: "aftership", name: "AfterShip", kind: "aggregator", fields: [{ name: "apiKey", label: "API key", secret: true, required: true }] },
  {
    id: "klaviyo",
    name: "Klaviyo",
    kind: "destination",
    fields: [{ name: "apiKey", label: "Private API key", hint: "pk_…, with events:write", secret: true, required: true }],
  },
];

const GROUPS: { kind: ConnectionView["kind"]; title: string; about: string }[] = [
  { kind: "platform", title: "Store platforms", about: "Orders, parcels and products come from here." },
  { kind: "aggregator", title: "Tracking aggregators", about: "Parcels are registered here; carrier scans come back from here." },
  { kind: "destination", title: "Message destinations", about: "Lifecycle moments, survey answers and reviews go out to these." },
];

const STATUS_WORDS: Record<ConnectionView["status"], string> = {
  active: "Connected",
  paused: "Paused",
  disconnected: "Disconnected by the provider",
};

const when = (iso: string | null) => (iso ? dateTime(iso) : "never");

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
      <h2 id="connections">Connections</h2>
      {error && (
        <p role="alert" class="problem">
          {error}
        </p>
      )}
      <p role="status">{note}</p>
      {!connections ? (
        <p aria-busy="true">Loading…</p>
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
                    confirm(`Remove the ${p.name} connection? Its credentials are deleted and nothing more is exchanged with it.`) &&
                    removeConnection(credential, p.id).then(
                      () => (setNote(`${p.name} removed.`), refresh()),
                      (e: AdminError) => setError(e.message),
                    )
                  }
                  save={(body) =>
                    putConnection(credential, p.id, body).then((answer) => {
                      setEditing(undefined);
                      setNote(
                        answer.webhookUrl
                          ? `${p.name} connected. In ${p.name}, send webhooks to ${answer.webhookUrl}${answer.topics.length ? ` for: ${answer.topics.join(", ")}` : ""}.`
                          : `${p.name} connected.`,
                      );
                      void refresh();
                    })
                  }
                />
              ))}
              {group.kind === "destination" && (
                <li class="connection">
                  <h4>Webhook endpoints</h4>
                  <p>Your own tools, sent signed events.</p>
                  {go && (
                    <p class="actions">
                      <button type="button" class="quiet" onClick={() => go("webhooks")}>
                        Manage webhook endpoints
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
  if (!r.tested) return `${name} test: ${r.message}`;
  return r.ok ? `${name} test: the credentials work (HTTP ${r.status}, ${r.durationMs} ms).` : `${name} test failed: ${r.message}`;
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
        {name} <span class="muted">{c ? STATUS_WORDS[c.status] : "Not connected"}</span>
      </h4>
      {c && (
        <dl class="facts">
          {provider.kind !== "destination" && (
            <div>
              <dt>Last delivery in</dt>
              <dd>{when(c.lastInAt)}</dd>
            </div>
          )}
          {provider.kind !== "platform" && (
            <div>
              <dt>Last delivery out</dt>
              <dd>{when(c.lastOutAt)}</dd>
            </div>
          )}
          <div>
            <dt>Last error</dt>
            <dd>{c.lastError ? `${c.lastError} (${when(c.lastErrorAt)})` : "none"}</dd>
          </div>
          <div>
            <dt>{c.credentials.length > 1 ? "Secrets" : "Secret"}</dt>
            <dd>
              {heldLabels(provider, c.credentials)}
              {c.credentials.length ? " " : ""}set on {dateTime(c.secretSetAt)}
            </dd>
          </div>
          {c.webhookUrl && (
            <div>
              <dt>Webhook URL</dt>
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
              Test <span class="visually-hidden">{name}</span>
            </button>
            <button type="button" class="quiet" aria-expanded={editing} onClick={() => onEdit(!editing)}>
              Replace secret <span class="visually-hidden">of {name}</span>
            </button>
            <button type="button" class="quiet danger" onClick={onRemove}>
              Remove <span class="visually-hidden">{name}</span>
            </button>
          </>
        ) : (
          <button type="button" class="quiet" aria-expanded={editing} onClick={() => onEdit(!editing)}>
            Connect <span class="visually-hidden">{name}</span>
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
      aria-label={`Connect ${provider.name}`}
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
        const hintText = kept ? `set on ${dateTime(connection.secretSetAt)}; leave empty to keep it, type a new one to replace it` : f.hint;
        const hint = hintText ? `${id(f.name)}-hint` : undefined;
        const problem = problems[f.name] ? `${id(f.name)}-problem` : undefined;
        return (
          <p class="field" key={f.name}>
            <label for={id(f.name)}>
              {f.label}
              {!f.required && !kept && <span class="muted"> (optional)</span>}
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
        <button type="submit">Save {provider.name}</button>{" "}
        <button type="button" class="quiet" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}
