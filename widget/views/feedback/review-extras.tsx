import type { ComponentChild } from "preact";
import { addReviewPhoto, removeReviewPhoto } from "./extras/photo-api.ts";
import { languageOf, LANGUAGES } from "../../i18n/index.ts";
import { extrasText, loadExtrasText, type ExtrasText } from "./extras/messages.ts";
import { ReviewForm } from "./review-form.tsx";

/** What the worker takes (docs/contract.md, "Reviews on product pages"); it reads the type from the bytes. */
const TYPES = ["image/jpeg", "image/png", "image/webp"];
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_PHOTOS = 3;

/**
 * The review form of the review and survey modules: the same stars and words, plus how the reviews are
 * signed (first name and last initial, or anonymous) and up to three photos per item, offered once the
 * item has its stars. Photos are sent after the reviews are saved (a photo needs its review); one
 * already on a review can be taken off at once. Its words are a part of their own, so the modules that
 * draw the plain form (tracking, app) carry none of this.
 */
export class ReviewFormExtras extends ReviewForm {
  /** English at once; another language once its part is here (nothing of this is drawn until then). */
  xt?: ExtrasText = LANGUAGES.includes(languageOf(this.props.locale)) ? undefined : extrasText();
  /** How the reviews are signed as shown: the earlier choice, else a name. Sent only once the shopper
   * chooses (`sign`): left out, an edit keeps the earlier choice on the worker's side. */
  author: string = this.props.view.feedback.reviews.find((r) => r.author)?.author ?? "name";
  /** Photos on each item's review already, and files chosen for it but not sent yet. */
  saved: Record<string, { key: string }[]> = Object.fromEntries(this.props.view.feedback.reviews.map((r) => [r.sku, r.photos ?? []]));
  picked: Record<string, File[]> = {};
  inputs: Record<string, HTMLInputElement | null> = {};

  override componentDidMount() {
    // With the store's own wording, if it has any (English is drawn at once, then again with it).
    loadExtrasText(this.props.api, this.props.locale).then((xt) => {
      this.xt = xt;
      this.forceUpdate();
    });
  }

  /** Keeps the files of `input` that the worker would take, in the room left; says why any other is left out. */
  pick(sku: string, input: HTMLInputElement) {
    const xt = this.xt!;
    const list = [...(this.picked[sku] ?? [])];
    const problems = new Set<string>();
    for (const file of input.files ?? []) {
      if (!TYPES.includes(file.type)) problems.add(xt("notImage", { name: file.name }));
      else if (file.size > MAX_BYTES) problems.add(xt("tooLarge", { name: file.name }));
      else if ((this.saved[sku]?.length ?? 0) + list.length >= MAX_PHOTOS) problems.add(xt("tooMany"));
      else list.push(file);
    }
    input.value = "";
    this.picked[sku] = list;
    this.setState({ message: [...problems].join(" ") || undefined });
  }

  unpick(sku: string, file: File) {
    this.picked[sku] = (this.picked[sku] ?? []).filter((f) => f !== file);
    this.inputs[sku]?.focus();
    this.forceUpdate();
  }

  async unsave(sku: string, key: string) {
    const answer = await removeReviewPhoto(this.props.api, this.props.token, sku, key);
    if (answer.ok) this.saved[sku] = answer.data.photos;
    this.setState({ message: answer.ok ? undefined : this.xt!("notRemoved") });
    this.inputs[sku]?.focus();
  }

  /** Once the reviews are saved: each chosen photo to its item's review, one at a time. */
  override async sent(): Promise<string | undefined> {
    const { api, token } = this.props;
    const xt = this.xt;
    const failed: string[] = [];
    for (const [sku, files] of Object.entries(this.picked)) {
      if (!files.length || !this.state.drafts[sku]?.rating) continue;
      this.setState({ message: xt?.("uploading") });
      for (const file of files) {
        const answer = await addReviewPhoto(api, token, sku, file);
        if (!answer.ok) failed.push(file.name);
        else {
          this.saved[sku] = answer.data.photos;
          this.picked[sku] = (this.picked[sku] ?? []).filter((f) => f !== file);
        }
      }
    }
    return failed.length && xt ? xt("notUploaded", { name: failed.join(", ") }) : undefined;
  }

  /** After an item's words, its photos (once it has stars); after the items, how to sign. */
  override more(sku?: string): ComponentChild {
    const { xt } = this;
    if (!xt) return null;
    if (!sku) {
      return (
        <fieldset style={{ marginBottom: "16px" }}>
          <legend>{xt("sign")}</legend>
          <div class="choices">
            {(["name", "anonymous"] as const).map((author) => (
              <button
                key={author}
                type="button"
                aria-pressed={this.author == author}
                onClick={() => {
                  this.author = author;
                  this.sign = { author };
                  this.forceUpdate();
                }}
              >
                {xt(author == "name" ? "signName" : "signAnonymous")}
              </button>
            ))}
          </div>
        </fieldset>
      );
    }
    if (!this.state.drafts[sku]?.rating) return null;
    const saved = this.saved[sku] ?? [];
    const picked = this.picked[sku] ?? [];
    const row = { display: "flex", alignItems: "center", justifyContent: "space-between", gap: "8px" };
    const remove = (name: string, onClick: () => void) => (
      <button
        type="button"
        class="btn quiet"
        style={{ margin: 0, minHeight: "44px" }}
        aria-label={xt("removeNamed", { name })}
        onClick={onClick}
      >
        {xt("remove")}
      </button>
    );
    return (
      <>
        <label class="field">
          {xt("photos")}
          <input
            type="file"
            // A file input is as wide as its button and "No file chosen" at least: not wider than the form.
            style={{ minWidth: 0, width: "100%" }}
            accept={TYPES.join()}
            multiple
            disabled={saved.length + picked.length >= MAX_PHOTOS}
            ref={(el) => {
              this.inputs[sku] = el;
            }}
            onChange={(e) => this.pick(sku, e.currentTarget)}
          />
        </label>
        {saved.length + picked.length > 0 && (
          <ul style={{ listStyle: "none", display: "grid", gap: "8px" }}>
            {saved.map((photo, i) => {
              const name = xt("photo", { n: i + 1 });
              return (
                <li key={photo.key} style={row}>
                  {name}
                  {remove(name, () => this.unsave(sku, photo.key))}
                </li>
              );
            })}
            {picked.map((file, i) => (
              <li key={`${i}:${file.name}`} style={row}>
                <span style={{ overflowWrap: "anywhere" }}>{file.name}</span>
                {remove(file.name, () => this.unpick(sku, file))}
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
}
