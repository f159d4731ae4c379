import { Component } from "preact";
import type { CheckoutFeel as Feel } from "../../../contract/vocabularies.ts";
import type { I18n, MessageKey } from "../../i18n/index.ts";

const CHOICES: [Feel, MessageKey][] = [
  ["easy", "feelEasy"],
  ["okay", "feelOkay"],
  ["hard", "feelHard"],
];

interface Props {
  i18n: I18n;
  /** What the shopper already said (the order remembers it across reloads). */
  initial?: Feel;
  onChoose(feel: Feel): void;
}

/**
 * "How did checkout feel?": one tap, toggle buttons, a polite thank-you for screen readers too.
 * A class, like every stateful widget component: preact/hooks would add ~1 KB gzip to every view.
 */
export class CheckoutFeel extends Component<Props, { chosen?: Feel; thanked?: boolean }> {
  override state = { chosen: this.props.initial, thanked: false };

  render({ i18n, onChoose }: Props, { chosen, thanked }: this["state"]) {
    return (
      <section class="card feel">
        <h3 id="ds-feel">{i18n.t("feelQuestion")}</h3>
        <div class="choices" role="group" aria-labelledby="ds-feel">
          {CHOICES.map(([feel, label]) => (
            <button
              key={feel}
              type="button"
              aria-pressed={chosen === feel}
              onClick={() => {
                if (chosen === feel) return; // a second tap on the same answer says nothing new
                this.setState({ chosen: feel, thanked: true });
                onChoose(feel);
              }}
            >
              {i18n.t(label)}
            </button>
          ))}
        </div>
        <p class="thanks" role="status">
          {thanked ? i18n.t("feelThanks") : ""}
        </p>
      </section>
    );
  }
}
