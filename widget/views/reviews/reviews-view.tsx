import { Component } from "preact";
import type { ProductReviewsAnswer, PublicReview } from "../../../contract/reviews.ts";
import { REVIEW_SORTS } from "../../../contract/vocabularies.ts";
import { getProductReviews, type Result } from "../../api.ts";
import type { ReviewsText } from "./messages.ts";

type Sort = ProductReviewsAnswer["sort"];

interface Props {
  rt: ReviewsText;
  locale: string;
  api: string;
  storeId: string;
  sku: string;
  storeName?: string;
  /** The first page (newest first), asked for as the view was mounted. */
  first: Result<ProductReviewsAnswer>;
  /** Every answer, the first one included: the mount places the JSON-LD and tells the page. */
  onLoad(result: Result<ProductReviewsAnswer>): void;
}

interface State {
  answer?: ProductReviewsAnswer;
  /** The order and page asked for (what the controls show, and what "Try again" asks for again). */
  sort: Sort;
  page: number;
  busy: boolean;
  failed: boolean;
}

/** The view's Intl formatters, made once per locale. */
function formats(locale: string) {
  const plural = new Intl.PluralRules(locale);
  const whole = new Intl.NumberFormat(locale);
  return {
    n: (n: number) => whole.format(n),
    average: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    date: new Intl.DateTimeFormat(locale, { dateStyle: "medium" }),
    /** The One form for Intl's "one", the Other form for every other category. */
    one: (n: number) => plural.select(n) == "one",
  };
}

/** Five stars filled to `value` (0–5): ☆ under ★, the ★ cut at the value. Seen, not read (the text says it). */
function Stars({ value }: { value: number }) {
  return (
    <span class="stars" aria-hidden="true">
      ☆☆☆☆☆
      <span class="fill" style={{ width: `${(value / 5) * 100}%` }}>
        ★★★★★
      </span>
    </span>
  );
}

/**
 * A product's reviews: the average and count, how many reviews gave each number of stars, then the
 * reviews ten at a time (newest first, or by rating, or those with photos first), each with its stars,
 * words, signature, the verified-buyer mark, date, photos (lazy) and the store's reply. Every review is
 * a verified buyer's, published whatever its rating.
 */
export class ReviewsView extends Component<Props, State> {
  list?: HTMLElement | null;
  /** Only the latest request's answer is drawn (a fast second click wins over a slow first). */
  asked = 0;
  fmt = formats(this.props.locale);

  override state: State = {
    answer: this.props.first.ok ? this.props.first.data : undefined,
    sort: "newest",
    page: 1,
    busy: false,
    failed: !this.props.first.ok,
  };

  /** Asks for one page in one order; `focus`: move to the list once it is drawn (paging, not sorting). */
  async go(sort: Sort, page: number, focus = false) {
    const { api, storeId, sku, onLoad } = this.props;
    const mine = ++this.asked;
    this.setState({ sort, page, busy: true, failed: false });
    const result = await getProductReviews(api, storeId, sku, sort, page);
    if (mine != this.asked) return;
    this.setState({ busy: false, failed: !result.ok, answer: result.ok ? result.data : this.state.answer });
    onLoad(result);
    if (result.ok && focus) this.list?.focus();
  }

  render({ rt, storeName }: Props, { answer, sort, page, busy, failed }: State) {
    const { fmt } = this;
    const count = answer?.aggregate.count ?? 0;
    return (
      <section class="reviews" aria-labelledby="ds-reviews-h" aria-busy={busy}>
        <h2 id="ds-reviews-h">{rt("heading")}</h2>
        {answer && count == 0 && <p class="empty">{rt("empty")}</p>}
        {answer && count > 0 && (
          <>
            <Summary rt={rt} fmt={fmt} answer={answer} />
            <label class="sort">
              {rt("sortBy")}
              <select value={sort} onChange={(e) => this.go(e.currentTarget.value as Sort, 1)}>
                {REVIEW_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {rt(`s_${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <ol
              class="list"
              tabIndex={-1}
              ref={(el) => {
                this.list = el;
              }}
              aria-label={rt("list", { page: fmt.n(answer.page), pages: fmt.n(answer.pages) })}
            >
              {answer.reviews.map((review) => (
                <Review key={review.id} rt={rt} fmt={fmt} review={review} storeName={storeName} />
              ))}
            </ol>
            {answer.pages > 1 && (
              <nav class="pager" aria-label={rt("pages")}>
                <button type="button" disabled={busy || answer.page <= 1} onClick={() => this.go(sort, answer.page - 1, true)}>
                  {rt("previous")}
                </button>
                <span>{rt("page", { page: fmt.n(answer.page), pages: fmt.n(answer.pages) })}</span>
                <button type="button" disabled={busy || answer.page >= answer.pages} onClick={() => this.go(sort, answer.page + 1, true)}>
                  {rt("next")}
                </button>
              </nav>
            )}
          </>
        )}
        {failed && (
          <div class="notice card" role="alert">
            <p>{rt("failed")}</p>
            <button type="button" class="btn quiet" onClick={() => this.go(sort, page)}>
              {rt("retry")}
            </button>
          </div>
        )}
        <p class="vh" role="status">
          {busy ? rt("loading") : ""}
        </p>
      </section>
    );
  }
}

type Formats = ReturnType<typeof formats>;

/** The average with its stars, the count, and a row per star: "5 stars: 12" to a screen reader. */
function Summary({ rt, fmt, answer }: { rt: ReviewsText; fmt: Formats; answer: ProductReviewsAnswer }) {
  const { count, average, histogram } = answer.aggregate;
  const rating = fmt.average.format(average ?? 0);
  return (
    <div class="summary">
      <div>
        <p class="average">
          <span aria-hidden="true">{rating}</span>
          <Stars value={average ?? 0} />
          <span class="vh">{rt("rated", { rating })}</span>
        </p>
        <p>{rt(fmt.one(count) ? "countOne" : "countOther", { count: fmt.n(count) })}</p>
        <p class="muted">{rt("verifiedNote")}</p>
      </div>
      <ul class="histogram" aria-label={rt("histogram")}>
        {([5, 4, 3, 2, 1] as const).map((n) => {
          const k = histogram[String(n) as keyof typeof histogram];
          return (
            <li key={n}>
              <span aria-hidden="true">{fmt.n(n)} ★</span>
              <span class="bar" aria-hidden="true">
                <span style={{ width: `${count ? (k / count) * 100 : 0}%` }} />
              </span>
              <span aria-hidden="true">{fmt.n(k)}</span>
              <span class="vh">{rt(fmt.one(n) ? "rowOne" : "rowOther", { n: fmt.n(n), count: fmt.n(k) })}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** One review; the shopper's and the store's own words are marked `dir="auto"` (English on an Arabic page). */
function Review({ rt, fmt, review, storeName }: { rt: ReviewsText; fmt: Formats; review: PublicReview; storeName?: string }) {
  const { rating, title, body, authorKind, createdAt, photos, reply } = review;
  // "Verified buyer" is the signature of a review without a name: the mark says it already.
  const author = authorKind == "name" ? review.author : authorKind == "anonymous" ? rt("anonymous") : "";
  return (
    <li class="review">
      <p class="rating">
        <span aria-hidden="true">{"★".repeat(rating) + "☆".repeat(5 - rating)}</span>
        <span class="vh">{rt("rated", { rating: fmt.n(rating) })}</span>
      </p>
      {title && <h3 dir="auto">{title}</h3>}
      <p class="by">
        {author && (
          <span class="author" dir="auto">
            {author}
          </span>
        )}
        <span class="verified">
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2" />
          </svg>
          {rt("verified")}
        </span>
        <time dateTime={createdAt}>{fmt.date.format(new Date(createdAt))}</time>
      </p>
      {body && (
        <p class="body" dir="auto">
          {body}
        </p>
      )}
      {photos.length > 0 && (
        <ul class="photos">
          {photos.map((photo, i) => (
            <li key={photo.url}>
              <a href={photo.url} target="_blank" rel="noopener noreferrer">
                <img
                  src={photo.url}
                  alt={rt("photo", { n: fmt.n(i + 1), count: fmt.n(photos.length) })}
                  loading="lazy"
                  decoding="async"
                  width={96}
                  height={96}
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      {reply && (
        <div class="reply">
          <p class="reply-by">{storeName ? rt("reply", { store: storeName }) : rt("replyStore")}</p>
          <p class="body" dir="auto">
            {reply.body}
          </p>
        </div>
      )}
    </li>
  );
}
