/**
 * A merchant runs their store from the dashboard in Chromium (issue 26), against `wrangler dev` and the
 * vendors' stand-in: the owner changes the brand colour and sees the preview warn and the contrast
 * notice, adds and pauses a webhook endpoint, creates a read-only key, and with the keyboard alone
 * connects, tests and removes an aggregator and invites a colleague into support; support, with the keyboard alone, finds an order by its
 * customer's email and sends its status link again. Each outcome is checked through the admin API.
 */
import { describe, expect, inject, it } from "vitest";
import type { OrderMoment } from "../../contract/admin.ts";
import type { ApiKeysAnswer, ConnectionsAnswer, SettingsAnswer, WebhookEndpointsAnswer } from "../../contract/self-service.ts";
import { demoStoreSettings } from "../../demo-store/settings.ts";
import { createLoginLink, parseSettings, updateStore } from "../../scripts/lib/store-admin.ts";
import { auditWholePage, describeViolations } from "./axe.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { focusedText, tabTo } from "./keyboard.ts";
import { merchantPost } from "./merchant.ts";

const demo = inject("demo");
const browser = browserPerFile({ viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: "UTC" });
const target = { persistTo: demo.persistTo };

const admin = async <T>(path: string, init: RequestInit = {}) => {
  const res = await fetch(`${demo.workerOrigin}${path}`, {
    ...init,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${demo.apiKey}` },
  });
  expect(res.ok, `${path}: ${res.status}`).toBe(true);
  return (res.status === 204 ? undefined : await res.json()) as T;
};

describe("the merchant runs the store from the dashboard", () => {
  it("owner: brand colour with preview and notice, an endpoint added and paused, a read-only key, an aggregator connected and removed, a colleague invited", async () => {
    const original = parseSettings(demoStoreSettings(demo.storeUrl));
    const hook = `https://hooks.example.com/doorstep-e2e-${Date.now()}`;
    const { url } = await createLoginLink("demo", demo.workerOrigin, target, new Date(), { role: "owner", person: "Olive" });
    const { page, problems } = await watchedPage(browser.context());
    page.on("dialog", (dialog) => void dialog.accept());
    try {
      await page.goto(url);
      const nav = page.getByRole("navigation", { name: "Dashboard" });

      // Settings: a pale primary colour is flagged in the preview as it is typed, and served adjusted once saved.
      await nav.getByRole("button", { name: "Settings" }).click();
      const primary = page.getByLabel("Primary colour", { exact: true });
      await primary.fill("#e6e6e6");
      await page
        .locator(".preview")
        .getByRole("status")
        .getByText(/hard to read/)
        .waitFor();
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText(/Saved: .*branding/).waitFor();
      const notice = page.getByRole("region", { name: "Brand colours adjusted for readability" });
      await notice.waitFor();
      expect(await notice.textContent()).toContain("#e6e6e6");
      const config = (await (await fetch(`${demo.workerOrigin}/v1/stores/demo/config`)).json()) as { branding: { primaryColor: string } };
      expect(config.branding.primaryColor).not.toBe("#e6e6e6");

      // Webhook endpoints: added (its secret shown once), then paused.
      await nav.getByRole("button", { name: "Webhook endpoints" }).click();
      await page.getByLabel("URL").fill(hook);
      await page.getByRole("button", { name: "Add endpoint" }).click();
      await page.getByText(/Signing secret for hooks\.example\.com/).waitFor();
      await page.getByRole("button", { name: "Done" }).click();
      await page.getByRole("button", { name: "Pause hooks.example.com" }).first().click();
      await page.getByText("Paused hooks.example.com.").waitFor();
      const endpoint = (await admin<WebhookEndpointsAnswer>("/v1/admin/webhooks")).endpoints.find((e) => e.url === hook)!;
      expect(endpoint.paused).toBe(true);

      // API keys: a read-only key (admin:read is the one ticked to begin with), shown once.
      await nav.getByRole("button", { name: "API keys" }).click();
      await page.getByLabel("Name", { exact: true }).fill("E2E reporting");
      await page.getByRole("button", { name: "Create key" }).click();
      const shown = (await page.locator("code.secret").textContent()) ?? "";
      expect(shown).toMatch(/^dsk_/);
      const key = (await admin<ApiKeysAnswer>("/v1/admin/keys")).keys.find((k) => k.name === "E2E reporting")!;
      expect(key.scopes).toEqual(["admin:read"]);
      const refused = await fetch(`${demo.workerOrigin}/v1/admin/settings`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${shown}` },
        body: "{}",
      });
      expect(refused.status).toBe(403);

      // Connections, with the keyboard alone: AfterShip connected, tested against the stand-in, removed.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await tabTo(page, "Connections");
      await page.keyboard.press("Enter");
      await tabTo(page, "Connect AfterShip");
      await page.keyboard.press("Enter");
      await tabTo(page, "API key");
      await page.keyboard.type(`asat_e2e_${Date.now()}`);
      await page.keyboard.press("Enter");
      await page.getByText(/AfterShip connected\. In AfterShip, send webhooks to .*\/v1\/webhooks\/aftership\/demo/).waitFor();
      const connected = (await admin<ConnectionsAnswer>("/v1/admin/connections")).connections.find((c) => c.platform === "aftership")!;
      expect(connected.status).toBe("active");
      const item = page.locator("li", { has: page.getByRole("heading", { name: /AfterShip Connected/ }) });
      expect(await item.textContent()).toMatch(/SecretAPI key set on /);
      expect(await item.textContent()).not.toContain("asat_e2e_");
      await tabTo(page, "Test AfterShip");
      await page.keyboard.press("Enter");
      await page.getByText(/AfterShip test: the credentials work \(HTTP 200/).waitFor();
      await tabTo(page, "Remove AfterShip");
      await page.keyboard.press("Enter");
      await page.getByText("AfterShip removed.").waitFor();
      expect((await admin<ConnectionsAnswer>("/v1/admin/connections")).connections.some((c) => c.platform === "aftership")).toBe(false);
      await page.screenshot({ path: "tests/.tmp/dashboard-connections.png", fullPage: true });

      // People, with the keyboard alone: a sign-in link for a colleague in support, shown once; it signs them in as support.
      await tabTo(page, "People");
      await page.keyboard.press("Enter");
      await tabTo(page, "Their name");
      await page.keyboard.type("Robin");
      await tabTo(page, "Make sign-in link");
      await page.keyboard.press("Enter");
      await page.getByText(/Sign-in link for Robin \(support\), works once until/).waitFor();
      const invite = (await page.locator("code.secret").textContent()) ?? "";
      expect(invite).toMatch(/\/admin\/#code=dsl_/);
      const colleague = await watchedPage(browser.context());
      await colleague.page.goto(invite);
      await colleague.page.getByText("Robin · support").waitFor();
      await colleague.page.close();
      expect(problems).toEqual([]);

      await admin(`/v1/admin/keys/${key.id}`, { method: "DELETE" });
    } finally {
      await page.close();
      await updateStore("demo", original, target);
      const endpoints = (await admin<WebhookEndpointsAnswer>("/v1/admin/webhooks")).endpoints.filter((e) => e.url === hook);
      for (const e of endpoints) await admin(`/v1/admin/webhooks/${e.id}`, { method: "DELETE" });
      await fetch(`${demo.workerOrigin}/v1/admin/connections/aftership`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${demo.apiKey}` },
      });
    }
  });

  it("owner: settings save only what was changed, and unsaved changes survive a reload", async () => {
    const original = parseSettings(demoStoreSettings(demo.storeUrl));
    const { url } = await createLoginLink("demo", demo.workerOrigin, target, new Date(), { role: "owner", person: "Olive" });
    const { page, problems } = await watchedPage(browser.context());
    const asked: string[] = [];
    page.on("dialog", (dialog) => {
      asked.push(dialog.type());
      void dialog.accept();
    });
    const settingsNow = async () => (await admin<SettingsAnswer>("/v1/admin/settings")).settings;
    const openSettings = async () => {
      await page.getByRole("navigation", { name: "Dashboard" }).getByRole("button", { name: "Settings" }).click();
      await page.getByRole("button", { name: "Save settings" }).waitFor();
    };
    try {
      await page.goto(url);
      await openSettings();
      const name = page.getByLabel("Store name", { exact: true });
      await name.click();
      await page.keyboard.press("End");
      await page.keyboard.type(" E2E");
      // A colleague, through the API, changes the support address while this form is open.
      const theirs = `colleague-${Date.now()}@shop.example`;
      await admin("/v1/admin/settings", { method: "PATCH", body: JSON.stringify({ support: { ...original.support, email: theirs } }) });
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByRole("status").filter({ hasText: "Saved: store name changed." }).waitFor();
      // The form still showed the old address; it sent only the name, so the colleague's change stands.
      expect(await settingsNow()).toMatchObject({ name: `${original.name} E2E`, support: { email: theirs } });
      expect(await page.getByLabel("Email", { exact: true }).inputValue()).toBe(theirs);

      // An unsaved colour: leaving asks first (accepted here), and the reload brings the change back.
      const returnDays = page.getByLabel("Days to return after delivery (0: no returns)");
      await returnDays.click();
      await page.keyboard.press("Control+A");
      await page.keyboard.type("45");
      await page.getByRole("button", { name: "Discard unsaved changes" }).waitFor();
      await page.reload();
      expect(asked).toEqual(["beforeunload"]);
      await openSettings();
      const notice = page.getByText("Your unsaved changes to returns from earlier in this tab are back. Save them, or discard them.");
      await notice.waitFor();
      expect(await returnDays.inputValue()).toBe("45");
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        const violations = await auditWholePage(page);
        expect(violations, `${width} px: ${describeViolations(violations)}`).toEqual([]);
      }
      await page.locator("form.settings").screenshot({ path: "tests/.tmp/dashboard-settings-kept.png" });

      await page.getByRole("button", { name: "Discard unsaved changes" }).click();
      await page.getByRole("status").filter({ hasText: "Unsaved changes discarded: the settings as saved." }).waitFor();
      expect(await returnDays.inputValue()).toBe(String(original.returnPolicy.days));
      expect(await notice.count()).toBe(0);
      expect((await settingsNow()).returnPolicy.days).toBe(original.returnPolicy.days);
      // Nothing left to lose, nothing asked.
      await page.reload();
      await openSettings();
      expect(asked).toEqual(["beforeunload"]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await updateStore("demo", original, target);
    }
  });

  it("support, with the keyboard alone: finds an order by its customer's email and sends its status link again, once", async () => {
    const email = `e2e.support.${Date.now()}@example.com`;
    const id = `E2E-SUP-${Date.now()}`;
    await merchantPost("/v1/orders", {
      id,
      placedAt: new Date().toISOString(),
      currency: "USD",
      customer: { id: `cust-${id}`, email },
      lines: [{ sku: "beacon-headlamp", name: "Beacon 400 Headlamp", family: "lighting", quantity: 1, unitPrice: 3900 }],
      total: 3900,
    });
    const { url } = await createLoginLink("demo", demo.workerOrigin, target, new Date(), { role: "support", person: "Sam" });
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(url);
    await page.getByText("Sam · support").waitFor();
    // Support sees no settings, keys or connections.
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    expect(await nav.getByRole("button").allTextContents()).toEqual(["Figures", "Orders"]);

    await tabTo(page, "Orders");
    await page.keyboard.press("Enter");
    // A radio group: Tab reaches the chosen option, an arrow moves the choice.
    await tabTo(page, "Order number");
    await page.keyboard.press("ArrowDown");
    expect(await focusedText(page)).toBe("Customer email");
    await tabTo(page, "Customer email");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe("email");
    await page.keyboard.type(email.toUpperCase());
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: `Order ${id}` }).waitFor();
    await tabTo(page, "Resend status link");
    await page.keyboard.press("Enter");
    await page.getByText("Status link sent again by email through your tools.").waitFor();
    // A second press within two minutes sends nothing more.
    await page.keyboard.press("Enter");
    await page.getByText(/already asked a moment ago: sent once/).waitFor();

    const { moments } = await admin<{ moments: OrderMoment[] }>(`/v1/admin/orders/${id}/moments`);
    const sent = moments.filter((m) => m.kind === "status_link");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: "sent", sentUnder: { basis: "updates", channel: "email" } });
    await page.screenshot({ path: "tests/.tmp/dashboard-order-panel.png", fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
