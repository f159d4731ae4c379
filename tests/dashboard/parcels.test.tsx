/** The dashboard's parcels at risk: counts, each parcel with why and its registration, carriers' on-time rates. */
import { render, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ParcelsAtRiskSection } from "../../dashboard/parcels.tsx";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => vi.unstubAllGlobals());

const risk = {
  status: "at_risk",
  counts: { fulfillment_delayed: 1, stalled: 1, late: 0, arriving_soon: 2, exception: 0, unregistered: 1 },
  unshipped: [{ orderId: "1044", since: "2026-11-25T05:00:00.000Z" }],
  parcels: [
    {
      shipmentId: "1042-1",
      orderId: "1042",
      carrier: "UPS",
      trackingNumber: "1Z5R89390357567127",
      status: "in_transit",
      risks: ["stalled", "unregistered"],
      lastScanAt: "2026-11-22T10:00:00.000Z",
      promisedTo: "2026-11-26",
      expectedTo: "2026-11-26",
      registrations: [
        {
          provider: "easypost",
          status: "failed",
          attempts: 1,
          lastError: "This api key is no longer active. (APIKEY.INACTIVE)",
          nextAttemptAt: null,
        },
      ],
    },
  ],
};

describe("parcels at risk on the dashboard", () => {
  it("shows the counts, why each parcel is listed with the vendor's reason, unshipped orders and on-time rates", async () => {
    const fetch = vi.fn(async (url: string) =>
      url.startsWith("/v1/admin/parcels")
        ? json(200, risk)
        : json(200, { from: "x", to: "y", carriers: [{ carrier: "UPS", delivered: 4, onTime: 3, onTimeRate: 0.75 }] }),
    );
    vi.stubGlobal("fetch", fetch);
    const { container } = render(<ParcelsAtRiskSection credential="dss_x" range={{ from: "2026-11-01", to: "2026-12-01" }} />);
    const view = within(container as HTMLElement);
    await waitFor(() => view.getByRole("table", { name: "Parcels that need a look" }));
    expect(view.getByText("Stalled in transit").nextElementSibling!.textContent).toBe("1");
    expect(view.getByText("Not registered for tracking").nextElementSibling!.textContent).toBe("1");
    const row = view.getByRole("row", { name: /1042-1/ });
    expect(row.textContent).toContain("stalled, not registered");
    expect(row.textContent).toContain("EasyPost: failed");
    expect(row.textContent).toContain("APIKEY.INACTIVE");
    view.getByText(/order 1044/);
    const carriers = view.getByRole("table", { name: /On time by carrier/ });
    expect(within(carriers).getByRole("row", { name: /UPS/ }).textContent).toContain("75%");
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      "/v1/admin/parcels",
      "/v1/admin/carrier-performance?from=2026-11-01&to=2026-12-01",
    ]);
  });
});
