/** The settings screen's install panel: this store's lines from this worker, copied as they are, by hand when the browser refuses. */
import { cleanup, fireEvent, render, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RENDER_WAIT_CSP, RENDER_WAIT_LINE } from "../../contract/install.ts";
import { InstallPanel } from "../../dashboard/install.tsx";

afterEach(() => (cleanup(), vi.unstubAllGlobals(), getSelection()?.removeAllRanges()));

const WORKER = "https://doorstep.acme.example";
const HEAD = `<script async blocking="render" src="${WORKER}/doorstep.js" data-store="acme"></script>\n${RENDER_WAIT_LINE}`;

const panel = (origins: string[] = ["https://acme.example"]) =>
  render(<InstallPanel storeId="acme" origins={origins} workerOrigin={WORKER} />);

describe("the install panel", () => {
  it("shows the two lines for the head with this store and worker, an element per view and the policy's sources", () => {
    const view = panel();
    const region = view.getByRole("region", { name: "Put Doorstep on your shop" });
    const [head, csp] = region.querySelectorAll("pre");
    expect(head!.textContent).toBe(HEAD);
    expect(csp!.textContent).toBe(`script-src ${WORKER} ${RENDER_WAIT_CSP}; connect-src ${WORKER}; img-src ${WORKER}`);
    const elements = within(region)
      .getAllByRole("listitem")
      .map((li) => li.querySelector("code")!.textContent);
    expect(elements).toEqual([
      '<div data-doorstep="confirmation"></div>',
      '<div data-doorstep="tracking"></div>',
      '<div data-doorstep="survey"></div>',
      '<div data-doorstep="reviews" data-sku="SKU"></div>',
    ]);
    expect(region.textContent).toContain("The views answer on your shop's origins as saved above: https://acme.example.");
    // Code reads left to right in a right-to-left language too.
    expect(head!.getAttribute("dir")).toBe("ltr");
  });

  it("copies exactly those lines and says so", async () => {
    const writeText = vi.fn(async (_: string) => {});
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    const view = panel();
    fireEvent.click(view.getByRole("button", { name: "Copy the two lines" }));
    await view.findByText("Copied. Paste them into your theme's <head>.");
    expect(writeText).toHaveBeenCalledWith(HEAD);
    expect(view.getByRole("status").textContent).toBe("Copied. Paste them into your theme's <head>.");
  });

  it("selects the lines to copy by hand when the browser refuses the clipboard", async () => {
    vi.stubGlobal("navigator", {
      ...navigator,
      clipboard: { writeText: async () => Promise.reject(new DOMException("denied", "NotAllowedError")) },
    });
    const view = panel();
    fireEvent.click(view.getByRole("button", { name: "Copy the two lines" }));
    await view.findByText(/did not let the page copy/);
    expect(getSelection()?.toString()).toBe(HEAD);
  });

  it("warns when no origin of the shop is saved: the views could not read orders", () => {
    const view = panel([]);
    const warning = view.getByText(/No origin of your shop is saved above yet/);
    expect(warning.className).toBe("problem");
  });
});
