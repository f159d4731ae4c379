/**
 * The tracking view's update opt-in keeps delivery updates and marketing apart: below the channel
 * choice, a box of its own for news and offers by that channel (email or text, never with "No
 * updates"), unticked unless the shopper already said yes, sent as `marketing` with the choice.
 */
import { fireEvent, render, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { OrderView } from "../../../contract/order-view.ts";
import { de as trackingDe } from "../../../widget/views/tracking/messages/de.ts";
import { trackingText } from "../../../widget/views/tracking/messages.ts";
import { UpdateOptIn } from "../../../widget/views/tracking/update-opt-in.tsx";
import { API, TOKEN, json } from "../fixtures.ts";

const EMAIL_BOX = "Also send me news and offers by email. Optional; unsubscribe anytime.";
const SMS_BOX = "Also send me news and offers by text message. Optional; unsubscribe anytime.";

/** The opt-in, with the worker answering the save as POST /v1/o/{token}/preferences does. */
function draw(current: OrderView["updates"] = null, marketing = { email: false, sms: false }, tt = trackingText()) {
  const sent: unknown[] = [];
  const saved: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_url: string, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { channel: "email" | "sms" | "none"; marketing?: boolean };
      sent.push(body);
      const granted = { ...marketing };
      if (body.channel != "none" && body.marketing !== undefined) granted[body.channel] = body.marketing;
      return json(200, { channel: body.channel, contactHint: body.channel == "sms" ? "•••0111" : "s•••@example.com", marketing: granted });
    }),
  );
  const { container } = render(
    <UpdateOptIn tt={tt} api={API} token={TOKEN} current={current} marketing={marketing} onSaved={(c) => saved.push(c)} />,
  );
  return { view: within(container as HTMLElement), sent, saved };
}

const box = (view: ReturnType<typeof draw>["view"], name: string) => view.getByRole("checkbox", { name }) as HTMLInputElement;

describe("the update opt-in's marketing box", () => {
  it("is a labelled checkbox of its own, unticked by default, outside the delivery-update group", () => {
    const { view } = draw();
    const email = box(view, EMAIL_BOX);
    expect(email.checked).toBe(false);
    expect(email.closest("fieldset")).toBeNull();
    // The delivery-update choice is still the radio group it was, email chosen.
    expect((view.getByRole("radio", { name: "Email" }) as HTMLInputElement).checked).toBe(true);
  });

  it("starts ticked when the shopper already gave marketing consent by that channel, and follows the channel", () => {
    const { view } = draw({ channel: "email", contactHint: "s•••@example.com" }, { email: true, sms: false });
    expect(box(view, EMAIL_BOX).checked).toBe(true);
    view.getByText("Saved. Updates and offers go to s•••@example.com.");
    fireEvent.click(view.getByLabelText("Text message"));
    expect(box(view, SMS_BOX).checked).toBe(false);
    expect(view.queryByRole("checkbox", { name: EMAIL_BOX })).toBeNull();
  });

  it("is not there with No updates, and nothing about marketing is sent then", async () => {
    const { view, sent } = draw();
    fireEvent.click(view.getByLabelText("No updates"));
    expect(view.queryByRole("checkbox")).toBeNull();
    fireEvent.click(view.getByRole("button", { name: "Save" }));
    await view.findByText("Saved. We won't send updates about this order.");
    expect(sent).toEqual([{ channel: "none" }]);
  });

  it("left unticked, saves updates only (marketing: false) and says so", async () => {
    const { view, sent, saved } = draw();
    fireEvent.click(view.getByRole("button", { name: "Save" }));
    await view.findByText("Saved. Updates go to s•••@example.com.");
    expect(sent).toEqual([{ channel: "email", marketing: false }]);
    expect(saved).toEqual(["email"]);
  });

  it("ticked, saves updates and offers by that channel (marketing: true) and says so", async () => {
    const { view, sent } = draw();
    fireEvent.click(view.getByLabelText("Text message"));
    fireEvent.input(view.getByLabelText("Mobile number"), { target: { value: "+1 720 555 0111" } });
    fireEvent.click(box(view, SMS_BOX));
    fireEvent.click(view.getByRole("button", { name: "Save" }));
    await view.findByText("Saved. Updates and offers go to •••0111.");
    expect(sent).toEqual([{ channel: "sms", contact: "+1 720 555 0111", marketing: true }]);
    expect(box(view, SMS_BOX).checked).toBe(true);
  });

  it("unticked after consent was given, withdraws it (marketing: false)", async () => {
    const { view, sent } = draw({ channel: "email" }, { email: true, sms: false });
    fireEvent.click(box(view, EMAIL_BOX));
    fireEvent.click(view.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(sent).toEqual([{ channel: "email", marketing: false }]));
    await view.findByText("Saved. Updates go to s•••@example.com.");
    expect(box(view, EMAIL_BOX).checked).toBe(false);
  });

  it("speaks the shopper's language", () => {
    const { view } = draw(null, undefined, trackingText(trackingDe));
    box(view, trackingDe.offers_email);
    fireEvent.click(view.getByLabelText("SMS"));
    box(view, trackingDe.offers_sms);
  });
});
