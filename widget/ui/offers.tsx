import { Component } from "preact";
import type { OfferView } from "../../contract/offers.ts";
import type { WidgetPlacement } from "../../contract/vocabularies.ts";
import { getOffers } from "../api.ts";
import { emit } from "../context.ts";
import { track } from "../events/queue.ts";
import { enOffers } from "../i18n/en-offers.ts";
import { fillIn, type I18n } from "../i18n/index.ts";
import { money } from "../i18n/format.ts";
import css from "./offers.css?inline";
import { safeUrl } from "./safe-url.ts";

type Placement = "confirmation" | "tracking" | "survey";

let sheet: CSSStyleSheet | undefined;

/**
 * Adds the offers' stylesheet to the shadow root `node` is in, once: views that never draw offers never
 * carry their CSS (the survey's module fetches it with the review form). A `<style>`, where constructable
 * stylesheets are missing, takes the nonce of the root's own (styles.ts).
 */
function styled(node: Element) {
  const root = node.getRootNode();
  if (!(root instanceof ShadowRoot)) return;
  try {
    if ("adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
      if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(css);
      if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return;
    }
  } catch {
    /* fall through to a <style> element */
  }
  if (root.querySelector("style.offers-css")) return;
  const style = document.createElement("style");
  style.className = "offers-css";
  style.nonce = root.querySelector("style")?.nonce ?? "";
  style.textContent = css;
  root.prepend(style);
}

/** Starts loading a placement's offers; never rejects (no offers on any failure). */
export const loadOffers = (api: string, token: string, placement: WidgetPlacement): Promise<OfferView[]> =>
  getOffers(api, token, placement).then((answer) => (answer.ok && Array.isArray(answer.data.offers) ? answer.data.offers : []));

interface Props {
  i18n: I18n;
  api: string;
  token: string;
  /** The mount point, told `doorstep:offer-click`. */
  host: Element;
  /** Offers already loaded; else `load` is awaited after the first paint. */
  offers?: OfferView[];
  load?: Promise<OfferView[]>;
}

const REASONS = ["co_purchase", "pairs_with", "replenish_due", "reorder_window", "upsell_family", "how_to", "detractor_support"];

type OfferKey = keyof typeof enOffers;

/** The shopper's words for the offers: their catalogue's, else the English that comes with this code (a
 * module that draws offers only later, the survey's, carries no offer words in its catalogue). */
const say = (i18n: I18n, key: OfferKey, params?: Record<string, string | number>) => i18n.t(key, params) || fillIn(enOffers[key], params);

/** The sentence saying why, in the shopper's language; the worker's English one for a code it does not know. */
const reasonText = (i18n: I18n, { reason }: OfferView) =>
  REASONS.includes(reason.code) ? say(i18n, `o_${reason.code}` as OfferKey, reason.params) : reason.text;

/** Product cards: image, name, price in the order's currency, the reason, and a link that records the click. */
export class Offers extends Component<Props, { offers?: OfferView[] }> {
  override state = { offers: this.props.offers };

  override componentDidMount() {
    if (!this.state.offers) this.props.load?.then((offers) => this.setState({ offers }));
  }

  /** `offer_click` with `<kind>:<sku>`: the worker attributes the customer's later orders of that sku. */
  clicked({ kind, sku }: OfferView) {
    track(this.props.api, this.props.token, "offer_click", `${kind}:${sku}`);
    emit(this.props.host, "offer-click", { kind, sku });
  }

  render({ i18n }: Props, { offers }: { offers?: OfferView[] }) {
    if (!offers?.length) return null;
    return (
      // Its stylesheet joins the view's as the card is put in, before the frame that paints it.
      <section
        class="card offers"
        ref={(el) => {
          if (el) styled(el);
        }}
      >
        <h3>{say(i18n, "offersTitle")}</h3>
        <ul>
          {offers.map((offer) => {
            const href = offer.url?.startsWith("mailto:") ? offer.url : safeUrl(offer.url);
            const image = safeUrl(offer.imageUrl);
            return (
              <li key={offer.sku}>
                <a class="offer" href={href} onClick={() => this.clicked(offer)}>
                  {image ? <img src={image} alt="" width={64} height={64} loading="lazy" /> : <span class="ph" aria-hidden="true" />}
                  <span>
                    <strong>{offer.kind == "support" ? say(i18n, "offerSupport") : offer.name}</strong>
                    {offer.price > 0 && <span class="price">{money(i18n, offer.price, offer.currency)}</span>}
                    <span class="muted">{reasonText(i18n, offer)}</span>
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      </section>
    );
  }
}
