/** Brand colours served changed for contrast, as the figures and the settings screen show them. */
import type { BrandingAdjustment } from "../contract/admin.ts";
import { Scroll } from "./scroll.tsx";
import { byCount, wordsOf } from "./words.ts";
import { brandingWords } from "./words/branding.ts";

const say = wordsOf(brandingWords);

const COLOUR_NAMES: Record<BrandingAdjustment["color"], string> = {
  textColor: say("textColor"),
  primaryColor: say("primaryColor"),
  onPrimaryColor: say("onPrimaryColor"),
};

/** What an adjusted colour was measured against, in words. */
const againstInWords = (a: BrandingAdjustment) =>
  a.against === "primaryColor" ? say("againstPrimary") : say(a.scheme === "dark" ? "againstDarkBackground" : "againstBackground");

/** A colour as a swatch beside its hex value (the swatch is decoration: the value is the text). */
export const Swatch = ({ hex }: { hex: string }) => (
  <span class="swatch-value">
    <svg aria-hidden="true" width="14" height="14" class="swatch">
      <rect width="14" height="14" rx="3" fill={hex} />
    </svg>
    <code>{hex}</code>
  </span>
);

/**
 * Brand colours that would be hard to read were served changed: the merchant sees which, from what
 * to what, and the contrast each reads at, so they can choose a readable colour of their own.
 */
export function ContrastNotice({ adjustments }: { adjustments: BrandingAdjustment[] }) {
  return (
    <section class="notice" aria-labelledby="contrast">
      <h2 id="contrast">{say("heading")}</h2>
      <p>
        {say(byCount(adjustments.length, { one: "explainOne", other: "explainOther" }))}
        <code>{say("settingName")}</code>
        {say("explainEnd")}
      </p>
      <Scroll label={say("caption")}>
        <table>
          <caption>{say("caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{say("colour")}</th>
              <th scope="col">{say("given")}</th>
              <th scope="col">{say("shoppersSee")}</th>
            </tr>
          </thead>
          <tbody>
            {adjustments.map((a) => (
              <tr key={`${a.scheme}-${a.color}`}>
                <th scope="row">
                  {say(a.scheme === "dark" ? "darkColourOn" : "colourOn", { colour: COLOUR_NAMES[a.color], against: againstInWords(a) })}
                </th>
                <td>
                  <Swatch hex={a.from} /> {say("ratio", { ratio: a.ratio })}
                </td>
                <td>
                  <Swatch hex={a.to} /> {say("ratio", { ratio: a.servedRatio })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}
