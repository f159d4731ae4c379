import { useState } from "preact/hooks";
import type { CheckoutFeel as Feel } from "../../../worker/schemas/events.ts";
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

/** "How did checkout feel?": one tap, toggle buttons, a polite thank-you for screen readers too. */
export function CheckoutFeel({ i18n, initial, onChoose }: Props) {
  // Local state only, so plain hooks: @preact/signals would add ~2.8 KB gzip to this view's budget.
  const [chosen, choose] = useState(initial);
  const [thanked, thank] = useState(false);
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
              choose(feel);
              thank(true);
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
