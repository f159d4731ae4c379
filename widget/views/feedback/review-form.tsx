import { Component, type ComponentChild } from "preact";
import type { SurveyOrderView } from "../../../contract/order-view.ts";
import { saveReviews } from "../../api.ts";
import type { FeedbackText } from "./messages.ts";
import { reviewable, reviewLink } from "./review-link.ts";

export interface Props {
  ft: FeedbackText;
  api: string;
  token: string;
  view: SurveyOrderView;
  /** The session's locale (the review and survey modules' form loads its own words in it). */
  locale: string;
  onSaved(count: number): void;
}

export type Draft = { rating?: number; title?: string; body?: string };

/**
 * A review for each item: stars (a radio group per item), an optional title and text. Offered to
 * everyone who reaches it, whatever they answered in the survey. Sending again edits the reviews.
 * Opened by a review link, that item has its stars chosen and the focus (the shopper still sends it).
 * The review and survey modules draw it with photos and a choice of signature (review-extras.tsx,
 * through the three hooks at the end), which other modules never carry.
 */
export class ReviewForm extends Component<Props, { drafts: Record<string, Draft>; message?: string }> {
  /** The item a review link opened, with the stars it chose. */
  link = reviewLink(this.props.view);
  override state = {
    // The link's stars for its item, unless the shopper has already reviewed it (a saved review wins).
    drafts: Object.fromEntries([
      ...(this.link?.stars ? [[this.link.sku, { rating: this.link.stars }]] : []),
      ...this.props.view.feedback.reviews.map((r) => [r.sku, r]),
    ]) as Record<string, Draft>,
    message: undefined as string | undefined,
  };

  /** Once drawn, a link's item takes the focus: that brings it into view, and a screen reader names it. */
  focus = (form: HTMLFormElement | null) => form?.querySelector<HTMLElement>("[tabindex]")?.focus();

  set(sku: string, change: Draft) {
    this.setState({ drafts: { ...this.state.drafts, [sku]: { ...this.state.drafts[sku], ...change } } });
  }

  submit = async (event: Event) => {
    event.preventDefault();
    const { ft, api, token, onSaved } = this.props;
    const rated = Object.entries(this.state.drafts)
      .filter(([, d]) => d.rating)
      .map(([sku, d]) => ({ sku, rating: d.rating, title: d.title?.trim() || undefined, body: d.body?.trim() || undefined, ...this.sign }));
    if (!rated.length) return;
    const saved = await saveReviews(api, token, rated);
    this.setState({ message: saved.ok ? (await this.sent()) || ft("reviewed") : ft("failed", { message: saved.error.message }) });
    if (saved.ok) onSaved(rated.length);
  };

  // Hooks (review-extras.tsx): how the reviews are signed; what follows an item's fields (`sku`) and the
  // items (none); what happens once they are saved, answering what to say instead of the thanks.
  declare sign?: { author: string };
  more(_sku?: string): ComponentChild {
    return undefined;
  }
  async sent(): Promise<string | undefined> {
    return undefined;
  }

  render({ ft, view }: Props, { drafts, message }: this["state"]) {
    return (
      <form class="card" onSubmit={this.submit} ref={this.focus}>
        <h3>{ft("reviewTitle")}</h3>
        <p class="muted">{ft("reviewIntro")}</p>
        {reviewable(view).map((line) => {
          const d = drafts[line.sku] ?? {};
          return (
            <fieldset key={line.sku} class="review" tabIndex={line.sku == this.link?.sku ? -1 : undefined}>
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
              {this.more(line.sku)}
            </fieldset>
          );
        })}
        {this.more()}
        <button class="btn">{ft("submit")}</button>
        <p role="status">{message}</p>
      </form>
    );
  }
}
