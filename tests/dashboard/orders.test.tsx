/** The order panel: find by email, open the order with its parcels, messages, survey and reviews; resend its status link; read-only without orders:write. */
import { cleanup, fireEvent, render } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { speak } from "../../dashboard/language.ts";
import { OrdersScreen, resentInWords } from "../../dashboard/orders.tsx";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

const found = (id: string, number: string) => ({
  id,
  number,
  placedAt: "2026-11-20T10:00:00.000Z",
  currency: "EUR",
  total: 4990,
  cancelledAt: null,
  customerId: "cust-1",
  email: "pat@example.com",
  parcels: 1,
});

const stored = {
  id: "o-2",
  number: "#1072",
  currency: "EUR",
  total: 4990,
  source: "shopify",
  cancelledAt: null,
  statusUrl: "https://shop.example/status?order=tok",
  customer: { id: "cust-1", email: "pat@example.com", erased: false },
  shipments: [{ id: "s-1", carrier: "DHL", trackingNumber: "JD0001", status: "in_transit", delayed: true, registrations: [] }],
  feedback: {
    survey: {
      rating: 2,
      comment: "Box was crushed",
      sentiment: "negative",
      stepsAnswered: 2,
      completedAt: "2026-11-30T10:00:00.000Z",
      createdAt: "2026-11-30T10:00:00.000Z",
    },
    reviews: [{ sku: "TRAIL-1", rating: 4, title: null, body: "Comfortable", status: "published", moderationReason: null }],
  },
};

function stub(orders = [found("o-2", "#1072"), found("o-1", "#1071")]) {
  const calls: { method: string; url: string }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      calls.push({ method, url });
      if (url.startsWith("/v1/admin/orders?")) return json(200, { orders });
      if (url.endsWith("/moments"))
        return json(200, {
          orderId: "o-2",
          moments: [
            {
              kind: "shipped",
              ref: "s-1",
              dueAt: "2026-11-21T10:00:00.000Z",
              marketing: false,
              first: true,
              status: "sent",
              reason: null,
              decidedAt: null,
              eventId: "mom_1",
              sentUnder: null,
              attempts: [],
            },
          ],
        });
      if (url.endsWith("/status-link"))
        return json(201, {
          orderId: "o-2",
          status: "sent",
          reason: null,
          channel: "email",
          eventId: "mom_2",
          statusUrl: stored.statusUrl,
          requestedAt: "2026-12-06T10:00:00.000Z",
          repeated: false,
        });
      return json(200, stored);
    }),
  );
  return calls;
}

const SUPPORT = { role: "support" as const, scopes: ["admin:read" as const, "orders:write" as const] };

async function findByEmail(view: ReturnType<typeof render>) {
  fireEvent.click(view.getByLabelText("Customer email"));
  fireEvent.input(view.getByRole("textbox", { name: "Customer email" }), { target: { value: "pat@example.com" } });
  fireEvent.submit(view.getByRole("button", { name: "Find" }).closest("form")!);
}

describe("order panel", () => {
  it("finds a customer's orders by email, opens one with its parcels, messages, survey and reviews", async () => {
    const calls = stub();
    const view = render(<OrdersScreen credential="dss_x" access={SUPPORT} />);
    await findByEmail(view);
    const table = await view.findByRole("table", { name: "Orders found, newest first" });
    expect(table.textContent).toContain("#1072");
    expect(calls[0]!.url).toBe("/v1/admin/orders?email=pat%40example.com");
    fireEvent.click(view.getByRole("button", { name: "Open order #1072" }));
    const panel = (await view.findByRole("heading", { name: "Order #1072" })).closest("section")!;
    expect(panel.textContent).toContain("DHL JD0001: in transit (delayed)");
    expect(panel.textContent).toContain("2 ★ · “Box was crushed”");
    expect(panel.textContent).toContain("TRAIL-1: 4 ★ · “Comfortable” (published)");
    const messages = view.getByRole("table", { name: "Lifecycle messages of order #1072" });
    expect(messages.textContent).toContain("Shipped");
    expect(messages.textContent).toContain("Sent");
  });

  it("shows the parcel's status, the messages and the review's status in the language spoken", async () => {
    await speak("fr");
    try {
      stub([found("o-2", "#1072")]);
      const view = render(<OrdersScreen credential="dss_x" access={SUPPORT} />);
      fireEvent.click(view.getByLabelText("E-mail du client"));
      fireEvent.input(view.getByRole("textbox", { name: "E-mail du client" }), { target: { value: "pat@example.com" } });
      fireEvent.submit(view.getByRole("button", { name: "Rechercher" }).closest("form")!);
      const panel = (await view.findByRole("heading", { name: "Commande #1072" })).closest("section")!;
      expect(panel.textContent).toContain("DHL JD0001: en transit (en retard)");
      expect(panel.textContent).toContain("“Comfortable” (publié)");
      const messages = view.getByRole("table", { name: "Messages du cycle de vie de la commande #1072" });
      expect(messages.textContent).toContain("Expédition");
      expect(messages.textContent).toContain("Envoyé");
    } finally {
      await speak("en");
    }
  });

  it("opens the only match at once and resends its status link", async () => {
    const calls = stub([found("o-2", "#1072")]);
    const view = render(<OrdersScreen credential="dss_x" access={SUPPORT} />);
    await findByEmail(view);
    fireEvent.click(await view.findByRole("button", { name: "Resend status link" }));
    expect(await view.findByText("Status link sent again by email through your tools.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")!.url).toBe("/v1/admin/orders/o-2/status-link");
  });

  it("offers no actions without orders:write, and says when nothing matches", async () => {
    stub([]);
    const view = render(<OrdersScreen credential="dsk_read" access={{ role: null, scopes: ["admin:read"] }} />);
    await findByEmail(view);
    expect(await view.findByText("No order matches exactly.")).toBeTruthy();
    cleanup();
    stub([found("o-2", "#1072")]);
    const readOnly = render(<OrdersScreen credential="dsk_read" access={{ role: null, scopes: ["admin:read"] }} />);
    await findByEmail(readOnly);
    await readOnly.findByRole("heading", { name: "Order #1072" });
    expect(readOnly.queryByRole("button", { name: "Resend status link" })).toBeNull();
    expect(readOnly.queryByRole("button", { name: "Replace shopper link" })).toBeNull();
  });

  it("says why a link was not sent, and that a double click sent once", () => {
    const base = { orderId: "o", eventId: null, statusUrl: null, requestedAt: "", channel: null };
    expect(resentInWords({ ...base, status: "suppressed", reason: "opted_out", repeated: false })).toBe(
      "Not sent: the shopper chose not to get updates about this order.",
    );
    expect(resentInWords({ ...base, status: "sent", reason: null, channel: "sms", repeated: true })).toBe(
      "Status link sent again by SMS through your tools (already asked a moment ago: sent once).",
    );
    // Another reason is worded as the lifecycle moments word it; one the dashboard does not know, as sent.
    expect(resentInWords({ ...base, status: "suppressed", reason: "no_marketing_consent", repeated: false })).toBe(
      "Not sent: no marketing consent.",
    );
    expect(resentInWords({ ...base, status: "suppressed", reason: "store_paused", repeated: false })).toBe("Not sent: store paused.");
  });
});
