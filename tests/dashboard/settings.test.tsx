/** The settings screen: the form, the live preview and contrast notice, PATCH on save, refusals by field, the audit log. */
import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SettingsAnswer } from "../../contract/self-service.ts";
import { contrast } from "../../dashboard/contrast.ts";
import type { Access } from "../../dashboard/access.ts";
import { changedFields, SettingsScreen } from "../../dashboard/settings.tsx";
import { settings } from "./settings-fixture.ts";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => (cleanup(), vi.unstubAllGlobals(), sessionStorage.clear()));

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

/** `current`: the settings as saved now, read at each GET (someone else may have saved since). */
function stub(patchAnswer: (body: unknown) => Response, current = () => settings) {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      if (url.startsWith("/v1/admin/audit")) return json(200, audit);
      if (method === "PATCH") return patchAnswer(body);
      return json(200, current());
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

  it("sends only the sections it changed (each is replaced whole), and shows what changed and the server's notice", async () => {
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
    // Typed and emptied again, or only spaces added: no change to send.
    fireEvent.input(view.getByLabelText("Phone"), { target: { value: "" } });
    fireEvent.input(view.getByLabelText("Store name"), { target: { value: " Acme " } });
    fireEvent.click(view.getByRole("button", { name: "Save settings" }));
    await view.findByText("Saved: branding changed.");
    const patch = calls.find((c) => c.method === "PATCH")!.body as Record<string, Record<string, unknown>>;
    // A colleague may have changed support or shipping since this form was loaded: those are not sent back.
    expect(Object.keys(patch)).toEqual(["branding"]);
    expect(patch.branding).toEqual({ ...settings.settings.branding, primaryColor: "#ffee00" });
    expect(view.getByRole("region", { name: "Brand colours adjusted for readability" })).toBeTruthy();
  });

  it("turns the dataLayer push on for Google Tag Manager, and leaves analytics out when the worker sent none", async () => {
    const calls = stub((body) =>
      json(200, { ...settings, settings: { ...settings.settings, ...(body as object) }, changed: ["analytics"] }),
    );
    const view = render(<SettingsScreen credential="dss_x" access={{ role: "owner", scopes: ["settings:write"] }} />);
    const box = (await view.findByLabelText("Send survey answers to Google Tag Manager (dataLayer)")) as HTMLInputElement;
    expect(box.checked).toBe(false);
    // Nothing changed: nothing is sent (the answer above carried no analytics section, none is made up).
    fireEvent.click(view.getByRole("button", { name: "Save settings" }));
    await view.findByText("Nothing changed.");
    expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(0);
    fireEvent.click(box);
    fireEvent.click(view.getByRole("button", { name: "Save settings" }));
    await view.findByText("Saved: analytics changed.");
    expect(calls.filter((c) => c.method === "PATCH").map((c) => c.body)).toEqual([{ analytics: { dataLayer: true } }]);
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

  describe("unsaved changes", () => {
    const owner: Access = { role: "owner", scopes: ["settings:write"] };
    const screen = (access: Access = owner) => render(<SettingsScreen credential="dss_x" access={access} />);

    it("come back after another screen, with a notice and a way to discard them", async () => {
      stub(() => json(500, {}));
      const first = screen();
      fireEvent.input(await first.findByLabelText("Primary colour"), { target: { value: "#123456" } });
      fireEvent.input(first.getByLabelText("Days to return after delivery (0: no returns)"), { target: { value: "45" } });
      first.unmount();

      const again = screen();
      const primary = (await again.findByLabelText("Primary colour")) as HTMLInputElement;
      expect(primary.value).toBe("#123456");
      expect((again.getByLabelText("Days to return after delivery (0: no returns)") as HTMLInputElement).value).toBe("45");
      again.getByText("Your unsaved changes to branding, returns from earlier in this tab are back. Save them, or discard them.");
      fireEvent.click(again.getByRole("button", { name: "Discard unsaved changes" }));
      expect(primary.value).toBe("#1f4b99");
      again.getByText("Unsaved changes discarded: the settings as saved.");
      expect(again.queryByRole("button", { name: "Discard unsaved changes" })).toBeNull();
      expect(document.activeElement).toBe(again.getByLabelText("Store name"));
      again.unmount();
      // Discarded is forgotten: the next visit starts from the saved settings, without a notice.
      const third = screen();
      expect(((await third.findByLabelText("Primary colour")) as HTMLInputElement).value).toBe("#1f4b99");
      expect(third.container.querySelector(".notice-inline")).toBeNull();
    });

    it("leave a section someone has saved since as they saved it, and say so", async () => {
      let now = settings;
      stub(
        () => json(500, {}),
        () => now,
      );
      const first = screen();
      fireEvent.input(await first.findByLabelText("Email"), { target: { value: "mine@shop.example" } });
      fireEvent.input(first.getByLabelText("Store name"), { target: { value: "Acme Outdoors" } });
      first.unmount();
      // A colleague changes support meanwhile.
      now = { ...settings, settings: { ...settings.settings, support: { email: "theirs@shop.example" } } };

      const again = screen();
      expect(((await again.findByLabelText("Email")) as HTMLInputElement).value).toBe("theirs@shop.example");
      expect((again.getByLabelText("Store name") as HTMLInputElement).value).toBe("Acme Outdoors");
      expect(again.container.querySelector(".notice-inline")!.textContent).toBe(
        "Your unsaved changes to store name from earlier in this tab are back. Save them, or discard them. " +
          "Your unsaved changes to support contacts were not brought back: someone has saved support contacts since.",
      );
    });

    it("are forgotten once saved, and never kept for someone who cannot save", async () => {
      stub((body) => json(200, { ...settings, settings: { ...settings.settings, ...(body as object) }, changed: ["name"] }));
      const first = screen();
      fireEvent.input(await first.findByLabelText("Store name"), { target: { value: "Acme Outdoors" } });
      expect(sessionStorage.length).toBe(1);
      fireEvent.click(first.getByRole("button", { name: "Save settings" }));
      await first.findByText("Saved: store name changed.");
      expect(sessionStorage.length).toBe(0);
      first.unmount();

      const reader = screen({ role: "analyst", scopes: ["admin:read"] });
      fireEvent.input(await reader.findByLabelText("Store name"), { target: { value: "Mine" } });
      expect(sessionStorage.length).toBe(0);
    });

    it("make the browser ask before the tab closes, and only while there are some", async () => {
      stub(() => json(500, {}));
      const view = screen();
      const name = await view.findByLabelText("Store name");
      const leave = () => {
        const e = new Event("beforeunload", { cancelable: true });
        dispatchEvent(e);
        return e.defaultPrevented;
      };
      expect(leave()).toBe(false);
      fireEvent.input(name, { target: { value: "Acme Outdoors" } });
      expect(leave()).toBe(true);
      fireEvent.input(name, { target: { value: "Acme" } });
      expect(leave()).toBe(false);
    });
  });
});
