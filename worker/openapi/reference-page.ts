/**
 * The OpenAPI document as a page a person can read: operations grouped by tag, each with its auth,
 * parameters and the shape of what goes in and comes out. Rendered from the document itself (not from
 * the route table), so the page can only say what the document says. Plain HTML and a little CSS:
 * no script, nothing fetched from elsewhere, every piece of text escaped.
 */
import { AUTH_EXTENSION, type Auth, type JsonSchema, SCOPE_EXTENSION } from "./document.ts";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: unknown) => String(text).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);

const AUTH_LABELS: Record<Auth, string> = {
  none: "none",
  api_key: "an API key: Authorization: Bearer dsk_… (a dashboard session gets 403 session_not_allowed)",
  api_key_or_session: "an API key or a dashboard session: Authorization: Bearer dsk_… or dss_…",
  order_token: "the order token in the path",
  webhook_signature: "the vendor's HMAC signature of the body, with the store's webhook secret",
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** zod's unbounded integers carry the safe-integer limits; they say nothing to a reader. */
const isNoiseBound = (n: unknown) => Math.abs(Number(n)) === Number.MAX_SAFE_INTEGER;

function range(low: unknown, high: unknown, unit = ""): string {
  const lo = low === undefined || isNoiseBound(low) ? undefined : low;
  const hi = high === undefined || isNoiseBound(high) ? undefined : high;
  if (lo === undefined && hi === undefined) return "";
  if (lo === undefined) return ` (≤ ${hi}${unit})`;
  if (hi === undefined) return ` (≥ ${lo}${unit})`;
  return lo === hi ? ` (${lo}${unit})` : ` (${lo}–${hi}${unit})`;
}

/** One line for a leaf schema: its type and the constraints a caller must meet. */
function leafText(s: JsonSchema): string {
  if ("const" in s) return `${JSON.stringify(s.const)}`;
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const type = Array.isArray(s.type) ? s.type.join(" | ") : String(s.type ?? "any");
  if (type === "string") {
    const shape = s.format ? ` (${s.format})` : s.pattern ? ` matching ${s.pattern}` : "";
    return `string${shape}${range(s.minLength, s.maxLength, " chars")}`;
  }
  if (type === "integer" || type === "number") return `${type}${range(s.minimum, s.maximum)}`;
  return type;
}

/** A schema as nested lists, deep enough to read the shape without drowning in it. */
export function schemaHtml(schema: JsonSchema, depth = 0, orNull = false): string {
  const notes = [
    orNull ? " or null" : "",
    schema.description ? ` — ${escapeHtml(schema.description)}` : "",
    schema.default !== undefined ? ` <span class="note">default ${escapeHtml(JSON.stringify(schema.default))}</span>` : "",
  ].join("");
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.split("/").pop()!;
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>${notes}`;
  }
  if (depth > 5) return `…${notes}`;
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) {
    const nonNull = variants.filter((v) => v.type !== "null");
    if (nonNull.length === 1 && variants.length === 2) {
      const described = schema.description ? { description: schema.description } : {};
      return schemaHtml({ ...nonNull[0]!, ...described }, depth, true);
    }
    return `one of:${notes}<ul>${variants.map((v) => `<li>${schemaHtml(v, depth + 1)}</li>`).join("")}</ul>`;
  }
  if (schema.type === "array" && schema.items) {
    return `array${escapeHtml(range(schema.minItems, schema.maxItems, " items"))}${notes} of ${schemaHtml(schema.items as JsonSchema, depth + 1)}`;
  }
  if (schema.type === "object") {
    const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
    const values = schema.additionalProperties;
    if (!properties.length && values && typeof values === "object") {
      return `map${notes} of string → ${schemaHtml(values as JsonSchema, depth + 1)}`;
    }
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const items = properties.map(
      ([name, child]) =>
        `<li><code>${escapeHtml(name)}</code>${required.has(name) ? "" : '<span class="note">?</span>'}: ${schemaHtml(child, depth + 1)}</li>`,
    );
    return `object${notes}${items.length ? `<ul>${items.join("")}</ul>` : ""}`;
  }
  return `${escapeHtml(leafText(schema))}${notes}`;
}

function parametersHtml(params: JsonSchema[] | undefined): string {
  if (!params?.length) return "";
  const rows = params.map(
    (p) =>
      `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? "yes" : "no"}</td>` +
      `<td>${schemaHtml(p.schema as JsonSchema)}</td><td>${escapeHtml(p.description ?? "")}</td></tr>`,
  );
  return `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>required</th><th>schema</th><th>about</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** A body's or response's media types, and the JSON one's schema (the others are plain text or images). */
function contentHtml(content: Record<string, { schema?: JsonSchema }> | undefined): string {
  const types = Object.keys(content ?? {});
  if (!types.length) return "";
  const json = content?.["application/json"]?.schema;
  return ` <span class="note">${escapeHtml(types.join(" or "))}</span><div class="schema">${json ? schemaHtml(json) : ""}</div>`;
}

function operationHtml(method: string, path: string, op: JsonSchema): string {
  const body = op.requestBody as { description?: string; content?: Record<string, { schema?: JsonSchema }> } | undefined;
  const responses = Object.entries(
    op.responses as Record<string, { description: string; content?: Record<string, { schema?: JsonSchema }> }>,
  )
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, r]) => `<dt>${escapeHtml(status)}</dt><dd>${escapeHtml(r.description)}${contentHtml(r.content)}</dd>`);
  const auth = op[AUTH_EXTENSION] as Auth;
  return [
    `<article id="${escapeHtml(op.operationId)}">`,
    `<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p class="summary">${escapeHtml(op.summary)}</p>`,
    op.description ? `<p>${escapeHtml(op.description)}</p>` : "",
    `<p><strong>Auth:</strong> ${escapeHtml(AUTH_LABELS[auth] ?? auth)}</p>`,
    op[SCOPE_EXTENSION] ? `<p><strong>Scope:</strong> <code>${escapeHtml(op[SCOPE_EXTENSION])}</code></p>` : "",
    parametersHtml(op.parameters as JsonSchema[] | undefined),
    body ? `<h4>Request body</h4>${body.description ? `<p>${escapeHtml(body.description)}</p>` : ""}${contentHtml(body.content)}` : "",
    `<h4>Responses</h4><dl>${responses.join("")}</dl>`,
    `</article>`,
  ].join("");
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;color:#1b1b1f}
code{font:13px ui-monospace,monospace}h2{border-bottom:2px solid #ddd;margin-top:2.5rem}
article{border:1px solid #ddd;border-radius:8px;padding:0 1rem 1rem;margin:1rem 0}
.method{display:inline-block;min-width:3.5rem;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:1px 6px}
.get{background:#1f6f43}.post{background:#1f4b99}.put{background:#8a5a00}.patch{background:#6b3fa0}.delete{background:#a11}
.summary{font-weight:600}.note{color:#666}table{border-collapse:collapse;width:100%}
td,th{border-top:1px solid #eee;text-align:left;vertical-align:top;padding:4px 8px 4px 0}
dt{font-weight:600;float:left;clear:left;width:3rem}dd{margin:0 0 .5rem 3rem}ul{margin:.1rem 0;padding-left:1.2rem}`;

/** The page for `GET /v1/docs`. */
export function renderReferencePage(document: JsonSchema): string {
  const info = document.info as { title: string; version: string; description?: string };
  const tags = document.tags as { name: string; description?: string }[];
  const paths = document.paths as Record<string, Record<string, JsonSchema>>;
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method]! })),
  );
  const byTag = tags.map((tag) => ({ tag, ops: operations.filter(({ op }) => (op.tags as string[])[0] === tag.name) }));
  const anchor = (name: string) => `tag-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  const nav = byTag.map(
    ({ tag, ops }) =>
      `<li><a href="#${anchor(tag.name)}">${escapeHtml(tag.name)}</a><ul>${ops
        .map(
          ({ method, path, op }) =>
            `<li><a href="#${escapeHtml(op.operationId)}"><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></a></li>`,
        )
        .join("")}</ul></li>`,
  );
  const sections = byTag.map(
    ({ tag, ops }) =>
      `<section id="${anchor(tag.name)}"><h2>${escapeHtml(tag.name)}</h2>${tag.description ? `<p>${escapeHtml(tag.description)}</p>` : ""}` +
      ops.map(({ method, path, op }) => operationHtml(method, path, op)).join("") +
      `</section>`,
  );
  const schemas = Object.entries(((document.components as JsonSchema).schemas ?? {}) as Record<string, JsonSchema>).map(
    ([name, schema]) => `<h3 id="schema-${escapeHtml(name)}">${escapeHtml(name)}</h3><div class="schema">${schemaHtml(schema)}</div>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} reference</title><link rel="icon" href="data:,"><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(info.title)} <span class="note">v${escapeHtml(info.version)}</span></h1>
${info.description ? `<p>${escapeHtml(info.description)}</p>` : ""}
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}). A <code>?</code> after a field marks it optional.</p>
<nav><ul>${nav.join("")}</ul></nav></header>
<main>${sections.join("")}<section id="schemas"><h2>Shared schemas</h2>${schemas.join("")}</section></main></body></html>
`;
}
