import { Component } from "preact";
import type { OrderView } from "../../../contract/order-view.ts";
import { saveReviews } from "../../api.ts";
import type { FeedbackText } from "./messages.ts";

interface Props {
  ft: FeedbackText;
  api: string;
  token: string;
  view: OrderView;
  onSaved(count: number): void;
}

/**
 * The items to ask about: those in a delivered parcel. An order without parcels on record (the view
 * placed on a page by the merchant, who knows it arrived) asks about every item.
 */
function reviewable(view: OrderView) {
  if (!view.shipments.length) return view.order.lines;
  const delivered = new Set(view.shipments.filter((s) => s.status == "delivered").flatMap((s) => s.lines.map((l) => l.sku)));
  return view.order.lines.filter((line) => delivered.has(line.sku));
}

type Draft = { rating?: number; title?: string; body?: string };

/**
 * A review for each item: stars (a radio group per item), an optional title and text. Offered to
 * everyone who reaches it, whatever they answered in the survey. Sending again edits the reviews.
 */
export class ReviewForm extends Component<Props, { drafts: Record<string, Draft>; message?: string }> {
  override state = {
    drafts: Object.fromEntries(this.props.view.feedback.reviews.map((r) => [r.sku, r])) as Record<string, Draft>,
    message: undefined as string | undefined,
  };

  set(sku: string, change: Draft) {
    this.setState({ drafts: { ...this.state.drafts, [sku]: { ...this.state.drafts[sku], ...change } } });
  }

  submit = async (event: Event) => {
    event.preventDefault();
    const { ft, api, token, onSaved } = this.props;
    const rated = Object.entries(this.state.drafts)
      .filter(([, d]) => d.rating)
      .map(([sku, d]) => ({ sku, rating: d.rating, title: d.title?.trim() || undefined, body: d.body?.trim() || undefined }));
    if (!rated.length) return;
    const saved = await saveReviews(api, token, rated);
    this.setState({ message: saved.ok ? ft("reviewed") : ft("failed", { message: saved.error.message }) });
    if (saved.ok) onSaved(rated.length);
  };

  render({ ft, view }: Props, { drafts, message }: this["state"]) {
    return (
      <form class="card" onSubmit={this.submit}>
        <h3>{ft("reviewTitle")}</h3>
        <p class="muted">{ft("reviewIntro")}</p>
        {reviewable(view).map((line) => {
          const d = drafts[line.sku] ?? {};
          return (
            <fieldset key={line.sku} class="review">
              <legend>{ft("stars", { item: line.name })}</legend>
              <div class="stars">
                {[1, 2, 3, 4, 5].map((n) => (
                  <label key={n} class={(d.rating ?? 0) >= n ? "on" : ""}>
                    <input
                      type="radio"
                      class="vh"
                      name={`stars-${line.sku}`}
                      aria-label={ft("star", { n })}
                      checked={d.rating == n}
                      onChange={() => this.set(line.sku, { rating: n })}
                    />
                    <span aria-hidden="true">★</span>
                  </label>
                ))}
              </div>
              <label class="field">
                {ft("title")}
                <input maxLength={120} value={d.title ?? ""} onInput={(e) => this.set(line.sku, { title: e.currentTarget.value })} />
              </label>
              <label class="field">
                {ft("body")}
                <textarea
                  rows={3}
                  maxLength={5000}
                  value={d.body ?? ""}
                  onInput={(e) => this.set(line.sku, { body: e.currentTarget.value })}
                />
              </label>
            </fieldset>
          );
        })}
        <button class="btn">{ft("submit")}</button>
        <p role="status">{message}</p>
      </form>
    );
  }
}
