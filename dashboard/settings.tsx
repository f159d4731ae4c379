/**
 * The store's settings, run by the merchant (GET/PATCH /v1/admin/settings): branding with a live
 * preview in light and dark and the contrast notice as colours are typed, support contacts, returns,
 * the shipping promise, feedback timing, languages and origins; the server's refusals shown by the
 * field they name; the audit log of every change below.
 */
import { useEffect, useLayoutEffect, useState } from "preact/hooks";
import type { BrandingAdjustment } from "../contract/admin.ts";
import type {
  AuditAction,
  AuditAnswer,
  AuditEntry,
  SettingsAnswer,
  SettingsSection,
  SettingsUpdated,
  StoreSettingsView,
} from "../contract/self-service.ts";
import { type Access, can, roleInWords } from "./access.ts";
import { Scroll } from "./scroll.tsx";
import { AdminError, adminCall, sending } from "./api.ts";
import { ContrastNotice } from "./branding.tsx";
import { AA, darkPalette, isHex, type Palette, pairsOf } from "./contrast.ts";
import { midSentence } from "./language.ts";
import { InstallPanel } from "./install.tsx";
import { useLeaveGuard } from "./leave-guard.ts";
import { changedSections, keepSettings, keptSettings } from "./settings-draft.ts";
import { valueWords, wordsOf } from "./words.ts";
import { settingsWords } from "./words/settings.ts";

const say = wordsOf(settingsWords);

export const getSettings = (credential: string) => adminCall<SettingsAnswer>("/v1/admin/settings", credential);
export const patchSettings = (credential: string, patch: Partial<StoreSettingsView>) =>
  adminCall<SettingsUpdated>("/v1/admin/settings", credential, sending("PATCH", patch));
export const getAudit = (credential: string) => adminCall<AuditAnswer>("/v1/admin/audit?limit=50", credential);

/** `[{path, message}]` from a 400/422, keyed by path. */
export function problemsByField(error: unknown): Record<string, string> {
  const details = error instanceof AdminError && Array.isArray(error.details) ? error.details : [];
  const out: Record<string, string> = {};
  for (const d of details as { path?: unknown; message?: unknown }[]) {
    if (typeof d?.message === "string") out[typeof d.path === "string" && d.path ? d.path : "_"] = d.message;
  }
  return out;
}

/** A section of the settings, by the form's label for it: "Saved: branding, returns changed." */
export const sectionInWords = valueWords(settingsWords, {
  name: "storeName",
  origins: "origins",
  branding: "branding",
  support: "support",
  returnPolicy: "returns",
  shipping: "shipping",
  feedback: "feedback",
  messages: "sectionMessages",
  defaultLocale: "defaultLocale",
  locales: "locales",
  statusPageUrl: "sectionStatusPageUrl",
  analytics: "analytics",
} satisfies Record<SettingsSection, keyof typeof settingsWords>);

/** Empty text is "not set": the optional field left out of the section. */
const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
const lines = (value: string) =>
  value
    .split(/[\n,]/)
    .map((v) => v.trim())
    .filter(Boolean);

/** The sections the form edits, each whole (a PATCH replaces a section whole). */
export function patchOf(s: StoreSettingsView): Partial<StoreSettingsView> {
  const clean = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;
  const dark = s.branding.dark ? clean(s.branding.dark) : undefined;
  return {
    name: s.name.trim(),
    origins: s.origins,
    branding: clean({ ...s.branding, logoUrl: optional(s.branding.logoUrl), dark: dark && Object.keys(dark).length ? dark : undefined }),
    support: clean({
      email: optional(s.support.email),
      phone: optional(s.support.phone),
      url: optional(s.support.url),
      hours: optional(s.support.hours),
    }),
    returnPolicy: clean({ ...s.returnPolicy, url: optional(s.returnPolicy.url), summary: optional(s.returnPolicy.summary) }),
    shipping: clean({ ...s.shipping, ifLate: optional(s.shipping.ifLate) }),
    feedback: s.feedback,
    defaultLocale: s.defaultLocale,
    locales: s.locales,
    // Left out when the worker did not send it (an older worker): a PATCH without it keeps the stored value.
    ...(s.analytics ? { analytics: s.analytics } : {}),
  };
}

const COLOURS = [
  ["primaryColor", say("primaryColour")],
  ["onPrimaryColor", say("onPrimaryColour")],
  ["backgroundColor", say("backgroundColour")],
  ["textColor", say("textColour")],
] as const;

/** The sections named as the form labels them, mid-sentence: "branding, returns". */
const sectionsInWords = (sections: readonly SettingsSection[]) =>
  sections.map((section) => midSentence(sectionInWords(section))).join(say("sectionSeparator"));

export function SettingsScreen({ credential, access }: { credential: string; access: Access }) {
  const [answer, setAnswer] = useState<SettingsAnswer>();
  const [form, setForm] = useState<StoreSettingsView>();
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>();
  const [keptNotice, setKeptNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [audit, setAudit] = useState<AuditEntry[]>();
  // Unsaved changes are kept in this tab for whoever may save them (not for a reader).
  const mayKeep = can(access, "settings:write");
  const keeping = mayKeep ? answer?.storeId : undefined;
  const loadAudit = () =>
    getAudit(credential).then(
      (a) => setAudit(a.entries),
      () => setAudit([]),
    );
  useEffect(() => {
    getSettings(credential).then(
      (a) => {
        setAnswer(a);
        // Changes left unsaved earlier in this tab (another screen opened, a reload, a new sign-in).
        const kept = mayKeep ? keptSettings(sessionStorage, a.storeId, a.settings) : undefined;
        setForm(kept?.form ?? a.settings);
        if (kept)
          setKeptNotice(
            [
              kept.restored.length ? say("keptBack", { fields: sectionsInWords(kept.restored) }) : "",
              kept.outdated.length ? say("keptOutdated", { fields: sectionsInWords(kept.outdated) }) : "",
            ]
              .filter(Boolean)
              .join(" "),
          );
      },
      (e: AdminError) => setError(e.message),
    );
    void loadAudit();
  }, [credential]);
  const changed = answer && form ? changedSections(answer.settings, form, patchOf) : [];
  // Kept in the commit that drew the change: a reload straight after it finds it.
  useLayoutEffect(() => {
    if (keeping && answer && form) keepSettings(sessionStorage, keeping, answer.settings, form, changed);
  }, [keeping, answer, form]);
  useLeaveGuard(changed.length > 0);
  if (error && !form)
    return (
      <p role="alert" class="problem">
        {error}
      </p>
    );
  if (!form || !answer) return <p aria-busy="true">{say("loadingSettings")}</p>;

  const set = (change: (s: StoreSettingsView) => StoreSettingsView) => setForm(change(form));
  /** The form on the settings as saved, its changes, problems and notices gone, saying `message`. */
  const startFrom = (settings: StoreSettingsView, message: string) => {
    setForm(settings);
    setProblems({});
    setError(undefined);
    setKeptNotice(undefined);
    setStatus(message);
  };
  const save = (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    // Nothing to send: the server would change nothing either.
    if (!changed.length) return startFrom(answer.settings, say("nothingChanged"));
    // Only the sections changed here: each is replaced whole, and the others may have been changed by
    // someone else since this form was loaded.
    const all = patchOf(form);
    const patch = Object.fromEntries(changed.map((k) => [k, all[k]])) as Partial<StoreSettingsView>;
    patchSettings(credential, patch).then(
      (a) => {
        setAnswer(a);
        startFrom(a.settings, a.changed.length ? say("saved", { fields: sectionsInWords(a.changed) }) : say("nothingChanged"));
        void loadAudit();
      },
      (err: AdminError) => {
        setProblems(problemsByField(err));
        setError(err.message);
      },
    );
  };
  const discard = () => {
    startFrom(answer.settings, say("discarded"));
    document.getElementById("f-name")?.focus();
  };
  /** A labelled input bound to one field, with the server's refusal of it below. */
  const field = (
    path: string,
    label: string,
    value: string | number | undefined,
    onInput: (v: string) => void,
    type: "text" | "url" | "email" | "tel" | "number" = "text",
    hint?: string,
  ) => {
    const id = `f-${path.replace(/\./g, "-")}`;
    const problem = problems[path];
    return (
      <p class="field">
        <label for={id}>{label}</label>
        {hint && (
          <span class="muted" id={`${id}-hint`}>
            {hint}
          </span>
        )}
        <input
          id={id}
          type={type as "text"}
          value={value ?? ""}
          onInput={(e) => onInput(e.currentTarget.value)}
          aria-invalid={problem ? "true" : undefined}
          aria-describedby={[hint && `${id}-hint`, problem && `${id}-problem`].filter(Boolean).join(" ") || undefined}
        />
        {problem && (
          <span class="problem" id={`${id}-problem`}>
            {problem}
          </span>
        )}
      </p>
    );
  };
  const b = form.branding;
  const light: Palette = {
    primaryColor: b.primaryColor,
    onPrimaryColor: b.onPrimaryColor,
    backgroundColor: b.backgroundColor,
    textColor: b.textColor,
  };
  const dark = darkPalette(light, b.dark);
  const num = (v: string) => (v === "" ? Number.NaN : Number(v));
  return (
    <>
      <form class="settings" onSubmit={save} noValidate>
        <h2>{say("title")}</h2>
        {keptNotice && <p class="notice-inline">{keptNotice}</p>}
        {field("name", say("storeName"), form.name, (v) => set((s) => ({ ...s, name: v })))}

        <fieldset>
          <legend>{say("branding")}</legend>
          <div class="colours">
            {COLOURS.map(([key, label]) =>
              field(
                `branding.${key}`,
                label,
                b[key],
                (v) => set((s) => ({ ...s, branding: { ...s.branding, [key]: v } })),
                "text",
                say("colourHint"),
              ),
            )}
          </div>
          <p class="field">
            <label for="f-branding-colorScheme">{say("colourScheme")}</label>
            <select
              id="f-branding-colorScheme"
              value={b.colorScheme}
              onChange={(e) =>
                set((s) => ({ ...s, branding: { ...s.branding, colorScheme: e.currentTarget.value as typeof b.colorScheme } }))
              }
            >
              <option value="light">{say("schemeLight")}</option>
              <option value="auto">{say("schemeAuto")}</option>
            </select>
          </p>
          {b.colorScheme === "auto" && (
            <div class="colours">
              {COLOURS.map(([key, label]) =>
                field(
                  `branding.dark.${key}`,
                  say("darkColour", { label }),
                  b.dark?.[key],
                  (v) => set((s) => ({ ...s, branding: { ...s.branding, dark: { ...s.branding.dark, [key]: v || undefined } } })),
                  "text",
                  say("darkColourHint"),
                ),
              )}
            </div>
          )}
          {field(
            "branding.logoUrl",
            say("logoUrl"),
            b.logoUrl,
            (v) => set((s) => ({ ...s, branding: { ...s.branding, logoUrl: v } })),
            "url",
          )}
          {field("branding.fontFamily", say("fontFamily"), b.fontFamily, (v) =>
            set((s) => ({ ...s, branding: { ...s.branding, fontFamily: v } })),
          )}
          {field(
            "branding.radius",
            say("radius"),
            b.radius,
            (v) => set((s) => ({ ...s, branding: { ...s.branding, radius: num(v) } })),
            "number",
          )}
          <BrandPreview light={light} dark={b.colorScheme === "auto" ? dark : undefined} radius={b.radius} font={b.fontFamily} />
        </fieldset>

        <fieldset>
          <legend>{say("support")}</legend>
          {field(
            "support.email",
            say("supportEmail"),
            form.support.email,
            (v) => set((s) => ({ ...s, support: { ...s.support, email: v } })),
            "email",
          )}
          {field(
            "support.phone",
            say("supportPhone"),
            form.support.phone,
            (v) => set((s) => ({ ...s, support: { ...s.support, phone: v } })),
            "tel",
          )}
          {field(
            "support.url",
            say("supportUrl"),
            form.support.url,
            (v) => set((s) => ({ ...s, support: { ...s.support, url: v } })),
            "url",
          )}
          {field("support.hours", say("supportHours"), form.support.hours, (v) =>
            set((s) => ({ ...s, support: { ...s.support, hours: v } })),
          )}
        </fieldset>

        <fieldset>
          <legend>{say("returns")}</legend>
          {field(
            "returnPolicy.days",
            say("returnDays"),
            form.returnPolicy.days,
            (v) => set((s) => ({ ...s, returnPolicy: { ...s.returnPolicy, days: num(v) } })),
            "number",
          )}
          {field(
            "returnPolicy.url",
            say("returnUrl"),
            form.returnPolicy.url,
            (v) => set((s) => ({ ...s, returnPolicy: { ...s.returnPolicy, url: v } })),
            "url",
          )}
          {field("returnPolicy.summary", say("returnSummary"), form.returnPolicy.summary, (v) =>
            set((s) => ({ ...s, returnPolicy: { ...s.returnPolicy, summary: v } })),
          )}
        </fieldset>

        <fieldset>
          <legend>{say("shipping")}</legend>
          {field(
            "shipping.processingDays",
            say("processingDays"),
            form.shipping.processingDays,
            (v) => set((s) => ({ ...s, shipping: { ...s.shipping, processingDays: num(v) } })),
            "number",
          )}
          {field(
            "shipping.transitDaysMin",
            say("transitDaysMin"),
            form.shipping.transitDaysMin,
            (v) => set((s) => ({ ...s, shipping: { ...s.shipping, transitDaysMin: num(v) } })),
            "number",
          )}
          {field(
            "shipping.transitDaysMax",
            say("transitDaysMax"),
            form.shipping.transitDaysMax,
            (v) => set((s) => ({ ...s, shipping: { ...s.shipping, transitDaysMax: num(v) } })),
            "number",
          )}
          <p class="field check">
            <input
              id="f-shipping-businessDaysOnly"
              type="checkbox"
              checked={form.shipping.businessDaysOnly}
              onChange={(e) => set((s) => ({ ...s, shipping: { ...s.shipping, businessDaysOnly: e.currentTarget.checked } }))}
            />
            <label for="f-shipping-businessDaysOnly">{say("businessDaysOnly")}</label>
          </p>
          {field("shipping.ifLate", say("ifLate"), form.shipping.ifLate, (v) =>
            set((s) => ({ ...s, shipping: { ...s.shipping, ifLate: v } })),
          )}
        </fieldset>

        <fieldset>
          <legend>{say("feedback")}</legend>
          {field(
            "feedback.defaultUseDays",
            say("defaultUseDays"),
            form.feedback.defaultUseDays,
            (v) => set((s) => ({ ...s, feedback: { ...s.feedback, defaultUseDays: num(v) } })),
            "number",
          )}
          {field(
            "feedback.fallbackDays",
            say("fallbackDays"),
            form.feedback.fallbackDays,
            (v) => set((s) => ({ ...s, feedback: { ...s.feedback, fallbackDays: num(v) } })),
            "number",
          )}
        </fieldset>

        <fieldset>
          <legend>{say("languages")}</legend>
          {field("defaultLocale", say("defaultLocale"), form.defaultLocale, (v) => set((s) => ({ ...s, defaultLocale: v.trim() })))}
          {field(
            "locales",
            say("locales"),
            form.locales.join(", "),
            (v) => set((s) => ({ ...s, locales: lines(v) })),
            "text",
            say("localesHint"),
          )}
          {field(
            "origins",
            say("origins"),
            form.origins.join(", "),
            (v) => set((s) => ({ ...s, origins: lines(v) })),
            "text",
            say("originsHint"),
          )}
        </fieldset>

        <fieldset>
          <legend>{say("analytics")}</legend>
          <p class="field check">
            <input
              id="f-analytics-dataLayer"
              type="checkbox"
              aria-describedby="f-analytics-dataLayer-hint"
              checked={form.analytics?.dataLayer ?? false}
              onChange={(e) => set((s) => ({ ...s, analytics: { dataLayer: e.currentTarget.checked } }))}
            />
            <label for="f-analytics-dataLayer">{say("dataLayer")}</label>
          </p>
          <p class="muted" id="f-analytics-dataLayer-hint">
            {say("dataLayerHintBefore")}
            <code>{say("dataLayerEvent")}</code>
            {say("dataLayerHintAfter")}
          </p>
        </fieldset>

        {error && (
          <p role="alert" class="problem">
            {error}
            {problems._ ? ` ${problems._}` : ""}
          </p>
        )}
        <p role="status">{status}</p>
        <p class="actions">
          <button type="submit">{say("save")}</button>
          {changed.length > 0 && (
            <button type="button" class="quiet" onClick={discard}>
              {say("discard")}
            </button>
          )}
        </p>
      </form>
      {answer.brandingAdjusted.length > 0 && <ContrastNotice adjustments={answer.brandingAdjusted as BrandingAdjustment[]} />}
      <InstallPanel storeId={answer.storeId} origins={answer.settings.origins} />
      <AuditLog entries={audit} />
    </>
  );
}

/** A sample card in the store's colours, light and (with "auto") dark, and each pair's contrast as typed. */
export function BrandPreview({ light, dark, radius, font }: { light: Palette; dark?: Palette; radius: number; font: string }) {
  const schemes = [[say("light"), light] as const, ...(dark ? [[say("dark"), dark] as const] : [])];
  return (
    <div class="preview">
      <h3 id="preview">{say("preview")}</h3>
      <div class="previews">
        {schemes.map(([name, p]) => {
          const ok = isHex(p.backgroundColor) && isHex(p.textColor) && isHex(p.primaryColor) && isHex(p.onPrimaryColor);
          const low = pairsOf(p).filter((pair) => pair.ratio !== null && pair.ratio < AA);
          return (
            <figure key={name}>
              <div
                class="sample"
                aria-hidden="true"
                style={
                  ok
                    ? {
                        background: p.backgroundColor,
                        color: p.textColor,
                        borderRadius: `${Number.isFinite(radius) ? radius : 10}px`,
                        fontFamily: font,
                      }
                    : undefined
                }
              >
                <strong>{say("sampleHeadline")}</strong>
                <span>{say("sampleArriving")}</span>
                <span class="sample-link" style={ok ? { color: p.primaryColor } : undefined}>
                  {say("sampleTrack")}
                </span>
                <span
                  class="sample-button"
                  style={ok ? { background: p.primaryColor, color: p.onPrimaryColor, borderRadius: `${radius}px` } : undefined}
                >
                  {say("sampleReview")}
                </span>
              </div>
              <figcaption>
                {name}
                {!ok ? (
                  say("notColours")
                ) : low.length === 0 ? (
                  say("readable")
                ) : (
                  <span role="status" class="contrast-low">
                    {say("hardToRead", {
                      pairs: low.map((pair) => say("pairRatio", { what: pair.what, ratio: String(pair.ratio) })).join("; "),
                      aa: AA,
                    })}
                  </span>
                )}
              </figcaption>
            </figure>
          );
        })}
      </div>
    </div>
  );
}

/** What a change in the audit log did. */
export const auditActionInWords = valueWords(settingsWords, {
  "settings.updated": "settingsUpdated",
  "webhook.created": "webhookCreated",
  "webhook.updated": "webhookUpdated",
  "webhook.deleted": "webhookDeleted",
  "key.created": "keyCreated",
  "key.revoked": "keyRevoked",
  "login_link.created": "loginLinkCreated",
  "connection.connected": "connectionConnected",
  "connection.removed": "connectionRemoved",
  "order.status_link_sent": "statusLinkSent",
  "dead_letter.replayed": "deadLetterReplayed",
} satisfies Record<AuditAction, keyof typeof settingsWords>);

/** The fields of an object that differ before and after a change. */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== "object" || typeof after !== "object") return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(
    (k) => JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((after as Record<string, unknown>)[k]),
  );
}

const actorInWords = (a: AuditEntry["actor"]) =>
  a.kind === "operator"
    ? say("operator")
    : a.role
      ? say("actorWithRole", { name: a.name ?? a.id, role: roleInWords(a.role) })
      : a.kind === "api_key"
        ? say("actorApiKey", { name: a.name ?? a.id })
        : (a.name ?? a.id);

export function AuditLog({ entries }: { entries?: AuditEntry[] }) {
  return (
    <section aria-labelledby="audit">
      <h2 id="audit">{say("auditLog")}</h2>
      {!entries ? (
        <p aria-busy="true">{say("loading")}</p>
      ) : entries.length === 0 ? (
        <p>{say("noChanges")}</p>
      ) : (
        <Scroll label={say("auditRegion")}>
          <table>
            <caption>{say("auditCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{say("when")}</th>
                <th scope="col">{say("who")}</th>
                <th scope="col">{say("what")}</th>
                <th scope="col">{say("changed")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const fields = changedFields(e.before, e.after);
                return (
                  <tr key={e.id}>
                    <th scope="row">{new Date(e.at).toLocaleString()}</th>
                    <td>{actorInWords(e.actor)}</td>
                    <td>
                      {auditActionInWords(e.action)}: <code>{e.target}</code>
                    </td>
                    <td>
                      {fields.length
                        ? fields.join(", ")
                        : e.before === null
                          ? say("created")
                          : e.after === null
                            ? say("removed")
                            : say("unchanged")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Scroll>
      )}
    </section>
  );
}
