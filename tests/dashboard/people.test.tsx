/** Invite links by role: made for a person with a role, shown once with its expiry; only roles the credential could grant. */
import { cleanup, fireEvent, render } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PeopleScreen } from "../../dashboard/people.tsx";

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

const ALL = ["orders:write", "catalog:write", "admin:read", "settings:write", "customers:erase", "webhooks:write"] as const;

describe("people", () => {
  it("makes a support sign-in link for a named colleague and shows it once with when it stops working", async () => {
    const sent: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init: RequestInit = {}) => {
        sent.push(JSON.parse(String(init.body)));
        return new Response(
          JSON.stringify({
            url: "https://doorstep.test/admin/#code=dsl_once",
            role: "support",
            person: "Robin",
            expiresAt: "2026-12-06T10:15:00.000Z",
          }),
          { status: 201, headers: { "Content-Type": "application/json" } },
        );
      }),
    );
    const view = render(<PeopleScreen credential="dss_owner" access={{ role: "owner", scopes: [...ALL] }} />);
    expect((view.getByLabelText(/^Support/) as HTMLInputElement).checked).toBe(true);
    fireEvent.input(view.getByLabelText("Their name"), { target: { value: "Robin" } });
    fireEvent.submit(view.getByRole("button", { name: "Make sign-in link" }).closest("form")!);
    expect(await view.findByText("https://doorstep.test/admin/#code=dsl_once")).toBeTruthy();
    expect(view.getByText(/Sign-in link for Robin \(support\), works once until Dec 6/)).toBeTruthy();
    expect(sent).toEqual([{ role: "support", person: "Robin" }]);
  });

  it("offers only the roles the signed-in credential could grant", () => {
    const view = render(
      <PeopleScreen credential="dsk_x" access={{ role: null, scopes: ["admin:read", "orders:write", "settings:write"] }} />,
    );
    expect(view.queryByLabelText(/^Owner/)).toBeNull();
    expect(view.getByLabelText(/^Analyst/)).toBeTruthy();
    expect(view.getByLabelText(/^Support/)).toBeTruthy();
  });
});
