/**
 * The review form of the review and survey modules (feedback/review-extras.tsx): how the reviews are
 * signed, and up to three photos per item, sent once the reviews are saved. Through the review view's
 * module (`views/review.js`) in a real shadow root, `fetch` answering like the worker. The plain form
 * (tracking, the module with every view) has neither.
 */
import { fireEvent, render, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { OrderView } from "../../../contract/order-view.ts";
import { feedbackText } from "../../../widget/views/feedback/messages.ts";
import { ReviewForm } from "../../../widget/views/feedback/review-form.tsx";
import { mount } from "../../../widget/views/review.ts";
import { API, TOKEN, json, orderView } from "../fixtures.ts";

interface Sent {
  method: string;
  path: string;
  body: unknown;
  type?: string | null;
}

/** `photoStatus`: what a photo upload answers (201 with the review's photos, or an error status). */
function worker(order: OrderView = orderView(), photoStatus = 201) {
  const sent: Sent[] = [];
  let photos: { key: string; url: string }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url === `${API}/v1/o/${TOKEN}?view=survey`) return json(200, order);
      const path = url.slice(`${API}/v1/o/${TOKEN}/`.length);
      const method = init?.method ?? "GET";
      const type = new Headers(init?.headers).get("content-type");
      sent.push({ method, path, type, body: init?.body instanceof Blob ? init.body : JSON.parse(String(init?.body ?? "null")) });
      if (path === "reviews") return json(200, { reviews: init!.body });
      if (method === "POST" && /^reviews\/[^/]+\/photos$/.test(path)) {
        if (photoStatus !== 201) return json(photoStatus, { error: { code: "storage_unavailable", message: "Try again." } });
        const key = `ph_${photos.length + 1}`;
        photos = [...photos, { key, url: `${API}/v1/photos/${key}` }];
        return json(201, { photo: photos.at(-1), photos });
      }
      if (method === "DELETE") {
        photos = photos.filter((p) => !path.endsWith(`/${p.key}`));
        return json(200, { photos });
      }
      return json(200, { accepted: [], duplicates: [] });
    }),
  );
  return sent;
}

function start(locale?: string) {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: "open" });
  mount(root, { view: "review", api: API, storeId: "acme", token: TOKEN, host, locale });
  return within(root as unknown as HTMLElement);
}

const jpeg = (name: string, size = 1000) => new File([new Uint8Array(size)], name, { type: "image/jpeg" });

async function rate(view: ReturnType<typeof start>, item: string, stars: number) {
  const group = await view.findByRole("group", { name: `Rating for ${item}` });
  fireEvent.click(within(group).getByLabelText(`${stars} of 5 stars`));
  return within(group);
}

function choose(input: HTMLElement, files: File[]) {
  Object.defineProperty(input, "files", { value: files, configurable: true });
  fireEvent.change(input);
}

describe("review form with photos and a signature", () => {
  it("signs with the name unless the shopper chooses, and then as chosen", async () => {
    const sent = worker();
    const view = start();
    await rate(view, "Trail Shell Jacket", 5);
    const sign = view.getByRole("group", { name: "Sign my reviews with" });
    expect(within(sign).getByRole("button", { name: "My first name and last initial" }).getAttribute("aria-pressed")).toBe("true");
    // Left untouched, the review carries no author: an edit keeps what the shopper chose before.
    fireEvent.click(view.getByRole("button", { name: "Submit reviews" }));
    await view.findByText(/Thanks for your reviews/);
    expect(sent.find((s) => s.path === "reviews")!.body).toEqual([{ sku: "JKT-1", rating: 5 }]);

    fireEvent.click(within(sign).getByRole("button", { name: "Anonymous" }));
    expect(within(sign).getByRole("button", { name: "Anonymous" }).getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(view.getByRole("button", { name: "Submit reviews" }));
    await waitFor(() => expect(sent.filter((s) => s.path === "reviews")).toHaveLength(2));
    expect(sent.filter((s) => s.path === "reviews")[1]!.body).toEqual([{ sku: "JKT-1", rating: 5, author: "anonymous" }]);
  });

  it("shows the earlier choice of a shopper who chose before", async () => {
    const order = orderView();
    order.feedback.reviews = [{ sku: "JKT-1", rating: 4, status: "published", author: "anonymous", photos: [] }];
    worker(order);
    const view = start();
    const sign = await view.findByRole("group", { name: "Sign my reviews with" });
    expect(within(sign).getByRole("button", { name: "Anonymous" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("offers photos once an item has stars, and sends them after the reviews, as the image itself", async () => {
    const sent = worker();
    const view = start();
    await view.findByRole("group", { name: "Rating for Trail Shell Jacket" });
    // No stars, no review to hang a photo on yet.
    expect(view.queryByLabelText("Photos (optional, up to 3)")).toBeNull();
    const jacket = await rate(view, "Trail Shell Jacket", 4);
    const input = jacket.getByLabelText("Photos (optional, up to 3)") as HTMLInputElement;
    expect([input.type, input.accept, input.multiple]).toEqual(["file", "image/jpeg,image/png,image/webp", true]);
    const photo = jpeg("trail.jpg");
    choose(input, [photo]);
    expect(jacket.getByText("trail.jpg")).toBeTruthy();
    expect(jacket.getByRole("button", { name: "Remove trail.jpg" })).toBeTruthy();
    // Nothing is sent before the reviews.
    expect(sent.filter((s) => s.method !== "GET")).toEqual([]);

    fireEvent.click(view.getByRole("button", { name: "Submit reviews" }));
    await view.findByText(/Thanks for your reviews/);
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual(["POST reviews", "POST reviews/JKT-1/photos"]);
    const upload = sent[1]!;
    expect(upload.body).toBe(photo);
    expect(upload.type).toBe("image/jpeg");
    // Now on the review: listed as saved, and can be taken off at once.
    expect(jacket.queryByText("trail.jpg")).toBeNull();
    fireEvent.click(jacket.getByRole("button", { name: "Remove Photo 1" }));
    await waitFor(() => expect(jacket.queryByText("Photo 1")).toBeNull());
    expect(sent.at(-1)).toMatchObject({ method: "DELETE", path: "reviews/JKT-1/photos/ph_1" });
  });

  it("takes JPEG, PNG and WebP up to 5 MB, three per item, and says why it leaves any other out", async () => {
    worker();
    const view = start();
    const jacket = await rate(view, "Trail Shell Jacket", 5);
    const input = jacket.getByLabelText("Photos (optional, up to 3)") as HTMLInputElement;
    choose(input, [
      new File(["GIF89a"], "anim.gif", { type: "image/gif" }),
      jpeg("huge.jpg", 5 * 1024 * 1024 + 1),
      jpeg("a.jpg"),
      new File([new Uint8Array(10)], "b.png", { type: "image/png" }),
      new File([new Uint8Array(10)], "c.webp", { type: "image/webp" }),
      jpeg("d.jpg"),
    ]);
    expect(jacket.getAllByRole("button", { name: /^Remove / }).map((b) => b.getAttribute("aria-label"))).toEqual([
      "Remove a.jpg",
      "Remove b.png",
      "Remove c.webp",
    ]);
    expect(view.getByRole("status").textContent).toBe(
      "anim.gif isn't a JPEG, PNG or WebP photo. huge.jpg is larger than 5 MB. Up to 3 photos per item.",
    );
    // Full: no more can be chosen until one is removed (and the focus goes back to the picker).
    expect(input.disabled).toBe(true);
    fireEvent.click(jacket.getByRole("button", { name: "Remove b.png" }));
    expect(input.disabled).toBe(false);
  });

  it("says which photo could not be added, after saving the reviews", async () => {
    worker(orderView(), 503);
    const view = start();
    const jacket = await rate(view, "Trail Shell Jacket", 3);
    choose(jacket.getByLabelText("Photos (optional, up to 3)"), [jpeg("trail.jpg")]);
    fireEvent.click(view.getByRole("button", { name: "Submit reviews" }));
    await view.findByText("Your reviews are saved, but trail.jpg couldn't be added. Please try again.");
    // Still chosen: sending again tries it again.
    expect(jacket.getByText("trail.jpg")).toBeTruthy();
  });

  it("speaks German from its own part", async () => {
    worker(orderView("EUR", "de-DE"));
    const view = start();
    const jacket = within(await view.findByRole("group", { name: "Bewertung für Trail Shell Jacket" }));
    fireEvent.click(jacket.getByLabelText("5 von 5 Sternen"));
    await view.findByRole("group", { name: "Meine Bewertungen zeichnen mit" });
    expect(jacket.getByLabelText("Fotos (optional, bis zu 3)")).toBeTruthy();
  });
});

describe("the plain review form (tracking, every view in one module)", () => {
  it("has neither photos nor a signature choice", () => {
    const { container } = render(
      <ReviewForm ft={feedbackText()} api={API} token={TOKEN} view={orderView()} locale="en-US" onSaved={() => {}} />,
    );
    const form = within(container as HTMLElement);
    fireEvent.click(within(form.getByRole("group", { name: "Rating for Trail Shell Jacket" })).getByLabelText("5 of 5 stars"));
    expect(container.querySelector("input[type=file]")).toBeNull();
    expect(form.queryByRole("group", { name: "Sign my reviews with" })).toBeNull();
  });
});
