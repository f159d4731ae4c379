/** The settings screen: the form, the live preview and contrast notice, PATCH on save, refusals by field, the audit log. */
import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SettingsAnswer } from "../../contract/self-service.ts";
import { contrast } from "../../dashboard/contrast.ts";
import { changedFields, SettingsScreen } from "../../dashboard/settings.tsx";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

const settings: SettingsAnswer = {
  storeId: "acme",
  brandingAdjusted: [],
  settings: {
    name: "Acme",
    origins: ["https://shop.example"],
    branding: {
      primaryColor: "#1f4b99",
      onPrimaryColor: "#ffffff",
      backgroundColor: "#ffffff",
      textColor: "#1b1b1f",
      fontFamily: "system-ui",
      radius: 10,
      colorScheme: "auto",
    },
    support: { email: "help@shop.example" },
    returnPolicy: { days: 30 },
    shipping: { processingDays: 1, transitDaysMin: 2, transitDaysMax: 5, businessDaysOnly: true },
    feedback: { useDays: { mattress: 30 }, defaultUseDays: 3, fallbackDays: 21 },
    messages: {},
    defaultLocale: "en",
    locales: ["en", "de"],
  },
};

const audit = {
  nextBefore: null,
  entries: [
    {
      id: 2,
      at: "2026-12-06T10:00:00.000Z",
      actor: { kind: "session", id: "ses_1", name: "Pat", role: "owner" },
      action: "settings.updated",
      target: "branding",
      before: { primaryColor: "#1f4b99", radius: 10 },
      after: { primaryColor: "#ffee00", radius: 10 },
    },
  ],
};

function stub(patchAnswer: (body: unknown) => Response) {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      if (url.startsWith("/v1/admin/audit")) return json(200, audit);
      if (method === "PATCH") return patchAnswer(body);
      return json(200, settings);
    }),
  );
  return calls;
}

describe("WCAG contrast", () => {
  it("as the worker measures it", () => {
    expect(contrast("#000000", "#ffffff")).toBe(21);
    expect(contrast("#ffffff", "#ffffff")).toBe(1);
    expect(contrast("#777777", "#ffffff")).toBe(4.48);
    expect(contrast("#fff", "#ffffff")).toBeNull();
  });
});

describe("the settings screen", () => {
  it("previews the colours as typed, light and dark, and warns of low contrast before saving", async () => {
    stub(() => json(500, {}));
    const view = render(<SettingsScreen credential="dss_x" access={{ role: "owner", scopes: ["settings:write"] }} />);
    const primary = (await view.findByLabelText("Primary colour")) as HTMLInputElement;
    const captions = [...view.container.querySelectorAll("figcaption")].map((f) => f.textContent);
    // The brand's blue on the dark default background is too dark: the preview says so before any typing.
    expect(captions).toEqual([
      "Light: every pair reads at 4.5:1 or more.",
      "Dark: hard to read, shoppers will see a readable colour instead — Links and outlines (primary colour) on the background 2.22:1 (needs 4.5:1).",
    ]);
    fireEvent.input(primary, { target: { value: "#ffee00" } });
    await waitFor(() => expect(view.container.querySelector("figcaption")!.textContent).toContain("hard to read"));
    expect(view.container.textContent).toContain("Links and outlines (primary colour) on the background 1.");
  });

  it("sends every section it edits on save, and shows what changed and the server's notice", async () => {
    const calls = stub((body) =>
      json(200, {
        ...settings,
        settings: { ...settings.settings, branding: (body as SettingsAnswer["settings"]).branding },
        changed: ["branding"],
        brandingAdjusted: [
          {
            color: "primaryColor",
            scheme: "light",
            from: "#ffee00",
            to: "#6b6400",
            against: "backgroundColor",
            ratio: 1.2,
            servedRatio: 4.6,
          },
        ],
      }),
    );
    const view = render(<SettingsScreen credential="dss_x" access={{ role: "owner", scopes: ["settings:write"] }} />);
    fireEvent.input(await view.findByLabelText("Primary colour"), { target: { value: "#ffee00" } });
    fireEvent.input(view.getByLabelText("Phone"), { target: { value: "" } });
    fireEvent.click(view.getByRole("button", { name: "Save settings" }));
    await view.findByText("Saved: branding changed.");
    const patch = calls.find((c) => c.method === "PATCH")!.body as Record<string, Record<string, unknown>>;
    expect(patch.branding!.primaryColor).toBe("#ffee00");
    expect(patch.support).toEqual({ email: "help@shop.example" });
    expect(patch.feedback!.useDays).toEqual({ mattress: 30 });
    expect(patch.locales).toEqual(["en", "de"]);
    expect(view.getByRole("region", { name: "Brand colours adjusted for readability" })).toBeTruthy();
  });

  it("turns the dataLayer push on for Google Tag Manager, and leaves analytics out when the worker sent none", async () => {
    const calls = stub((body) =>
      json(200, { ...settings, settings: { ...settings.settings, ...(body as object) }, changed: ["analytics"] }),
    );
    const view = render(<SettingsScreen credential="dss_x" access={{ role: "owner", scopes: ["settings:write"] }} />);
    const box = (await view.findByLabelText("Send survey answers to Google Tag Manager (dataLayer)")) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(view.getByRole("button", { name: "Save settings" }));
    await view.findByText("Saved: analytics changed.");
    // The answer above carried no analytics section: saving without touching the box does not send one.
    expect((calls.filter((c) => c.method === "PATCH")[0]!.body as Record<string, unknown>).analytics).toBeUndefined();
    fireEvent.click(box);
    fireEvent.click(view.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(2));
    expect((calls.filter((c) => c.method === "PATCH")[1]!.body as Record<string, unknown>).analytics).toEqual({ dataLayer: true });
  });

  it("shows the server's refusal beside the field it names", async () => {
    stub(() =>
      json(422, {
        error: {
          code: "invalid_values",
          message: "Some values are invalid: branding.primaryColor.",
          details: [{ path: "branding.primaryColor", message: "must be a colour like #1a2b3c" }],
        },
      }),
    );
    const view = render(<SettingsScreen credential="dss_x" access={{ role: "owner", scopes: ["settings:write"] }} />);
    fireEvent.input(await view.findByLabelText("Primary colour"), { target: { value: "blue" } });
    fireEvent.click(view.getByRole("button", { name: "Save settings" }));
    await view.findByText("must be a colour like #1a2b3c");
    const input = view.getByLabelText("Primary colour");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toContain("problem");
    expect(view.getByRole("alert").textContent).toContain("Some values are invalid");
  });

  it("lists the audit log: when, who, what and the fields changed", async () => {
    stub(() => json(500, {}));
    const view = render(<SettingsScreen credential="dss_x" access={{ role: "owner", scopes: ["settings:write"] }} />);
    const table = await view.findByRole("table", { name: "Changes, newest first" });
    expect(table.textContent).toContain("Pat (owner)");
    expect(table.textContent).toContain("Settings changed: branding");
    expect(table.textContent).toContain("primaryColor");
    expect(changedFields({ a: 1, b: 2 }, { a: 1, b: 3 })).toEqual(["b"]);
  });
});
