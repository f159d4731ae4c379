/**
 * What to paste into the shop's pages, for this store from this worker, ready to copy: the two lines for
 * the `<head>` (contract/install.ts, the README's install), an element per view, and the sources a
 * Content-Security-Policy needs. A merchant who writes no code copies them from here instead of the
 * README. The worker is the origin this dashboard was opened from (it serves /admin/ itself).
 */
import { useRef, useState } from "preact/hooks";
import { cspSources, headLines } from "../contract/install.ts";
import { wordsOf } from "./words.ts";
import { installWords } from "./words/install.ts";

const say = wordsOf(installWords);

/** Each view a shop is likely to have a page for: where it goes, and its element. */
const ELEMENTS = [
  ["viewConfirmation", '<div data-doorstep="confirmation"></div>'],
  ["viewTracking", '<div data-doorstep="tracking"></div>'],
  ["viewSurvey", '<div data-doorstep="survey"></div>'],
  ["viewReviews", '<div data-doorstep="reviews" data-sku="SKU"></div>'],
] as const satisfies readonly (readonly [keyof typeof installWords, string])[];

export function InstallPanel({
  storeId,
  origins,
  workerOrigin = location.origin,
}: {
  storeId: string;
  origins: readonly string[];
  workerOrigin?: string;
}) {
  const lines = headLines(workerOrigin, storeId);
  const code = useRef<HTMLElement>(null);
  const [status, setStatus] = useState("");
  const copy = async () => {
    setStatus("");
    try {
      await navigator.clipboard.writeText(lines);
      setStatus(say("copied"));
    } catch {
      // No clipboard (an insecure origin, a browser that refuses): the lines selected, to copy by hand.
      const selection = getSelection();
      if (code.current && selection) selection.selectAllChildren(code.current);
      setStatus(say("copyByHand"));
    }
  };
  return (
    <section class="install" aria-labelledby="install-title">
      <h2 id="install-title">{say("title")}</h2>
      <p>{say("headIntro")}</p>
      <pre dir="ltr">
        <code ref={code}>{lines}</code>
      </pre>
      <p class="actions">
        <button type="button" onClick={() => void copy()}>
          {say("copyHead")}
        </button>
      </p>
      <p role="status">{status}</p>
      <p>{say("elementsIntro")}</p>
      <ul class="elements">
        {ELEMENTS.map(([where, element]) => (
          <li key={where}>
            {say(where)} <code dir="ltr">{element}</code>
          </li>
        ))}
      </ul>
      <p class={origins.length ? undefined : "problem"}>
        {origins.length ? say("originsListed", { origins: origins.join(", ") }) : say("noOrigins")}
      </p>
      <p>{say("cspIntro")}</p>
      <pre dir="ltr">
        <code>{cspSources(workerOrigin)}</code>
      </pre>
    </section>
  );
}
