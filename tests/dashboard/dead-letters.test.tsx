/** The dashboard's dead letters: messages kept because they could not be written, in plain words, sent again with one button. */
import { fireEvent, render, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeadLettersAnswer } from "../../contract/admin.ts";
import { DeadLettersSection, messageInWords } from "../../dashboard/dead-letters.tsx";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => vi.unstubAllGlobals());

const event = {
  v: 1,
  storeId: "acme",
  orderId: "1044",
  customerId: "c1",
  receivedAt: "2026-12-06T10:00:00.000Z",
  event: { id: "e1", type: "click", target: "support", at: "2026-12-06T09:59:00.000Z" },
};

const letters: DeadLettersAnswer = {
  total: 2,
  deadLetters: [
    {
      id: "m-2",
      queue: "doorstep-events-dead",
      reason: "retries_exhausted",
      detail: "Writing this event kept failing; the queue gave up retrying it.",
      body: JSON.stringify(event),
      at: "2026-12-06T10:05:00.000Z",
    },
    {
      id: "m-1",
      queue: "doorstep-events",
      reason: "invalid_message",
      detail: "event.id: Invalid string",
      body: JSON.stringify({ ...event, event: { id: "not an id!", type: "view" } }),
      at: "2026-12-06T10:00:00.000Z",
    },
  ],
};

const owner = { scopes: ["admin:read", "orders:write"] as const, role: "owner" as const };

describe("messages Doorstep could not write", () => {
  it.each([
    [{ body: JSON.stringify(event), queue: "q" }, "Shopper activity on order 1044: click (support)"],
    [{ body: JSON.stringify({ storeId: "a", vendor: "easypost", orderId: "9" }), queue: "q" }, "EasyPost tracking update on order 9"],
    [{ body: JSON.stringify({ storeId: "a", vendor: "shopify" }), queue: "q" }, "Shopify update"],
    [
      { body: JSON.stringify({ kind: "platform", platform: "shopify", topic: "orders/create" }), queue: "q" },
      "Shopify webhook (orders/create)",
    ],
    [
      { body: '{"v":1,"storeId":"a","pad":"xxxx', queue: "doorstep-events-dead" },
      "A message too large to keep whole (queue doorstep-events-dead)",
    ],
    [{ body: "{}", queue: "doorstep-events" }, "A message on the doorstep-events queue"],
  ])("names %j as %s", (letter, words) => expect(messageInWords(letter)).toBe(words));

  it("lists each with its reason, offers to send again only what can be, and reloads after a replay", async () => {
    let replayed = false;
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === "/v1/admin/dead-letters/m-2/replay" && init?.method === "POST") {
        replayed = true;
        return json(202, { id: "m-2", queue: "doorstep-events" });
      }
      return json(200, replayed ? { total: 1, deadLetters: [letters.deadLetters[1]] } : letters);
    });
    vi.stubGlobal("fetch", fetch);
    const { container } = render(<DeadLettersSection credential="dss_x" access={{ scopes: [...owner.scopes], role: owner.role }} />);
    const view = within(container as HTMLElement);
    await waitFor(() => view.getByRole("region", { name: "Messages Doorstep could not write" }));
    view.getByText(/2 messages reached Doorstep but could not be saved/);
    const items = view.getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain("Writing it kept failing");
    expect(items[1]!.textContent).toContain("Refused on arrival");
    // Only the one whose write kept failing can be sent again; its button says which message it is.
    const buttons = view.getAllByRole("button");
    expect(buttons.map((b) => [b.textContent, b.getAttribute("aria-label")])).toEqual([
      ["Send again", "Send again: Shopper activity on order 1044: click (support)"],
    ]);
    fireEvent.click(buttons[0]!);
    await waitFor(() => view.getByRole("status"));
    expect(view.getByRole("status").textContent).toBe("Shopper activity on order 1044: click (support): sent again.");
    await waitFor(() => expect(view.getAllByRole("listitem")).toHaveLength(1));
  });

  it("shows no button to an analyst, says why a replay was refused, and draws nothing when there is nothing", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => json(200, letters)),
    );
    const analyst = render(<DeadLettersSection credential="dss_a" access={{ scopes: ["admin:read"], role: "analyst" }} />);
    const view = within(analyst.container as HTMLElement);
    await waitFor(() => view.getByRole("region", { name: "Messages Doorstep could not write" }));
    expect(view.queryAllByRole("button")).toEqual([]);
    analyst.unmount();

    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init?: RequestInit) =>
        init?.method === "POST"
          ? json(503, { error: { code: "storage_unavailable", message: "The database is not available right now." } })
          : json(200, letters),
      ),
    );
    const support = render(<DeadLettersSection credential="dss_s" access={{ scopes: ["admin:read", "orders:write"], role: "support" }} />);
    const second = within(support.container as HTMLElement);
    fireEvent.click(await waitFor(() => second.getByRole("button")));
    await waitFor(() => second.getByRole("alert"));
    expect(second.getByRole("alert").textContent).toContain("The database is not available right now.");
    support.unmount();

    vi.stubGlobal(
      "fetch",
      vi.fn(async () => json(200, { total: 0, deadLetters: [] })),
    );
    const empty = render(<DeadLettersSection credential="dss_x" access={{ scopes: ["admin:read"], role: "owner" }} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(empty.container.innerHTML).toBe("");
  });
});
