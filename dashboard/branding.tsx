/** Brand colours served changed for contrast, as the figures and the settings screen show them. */
import type { BrandingAdjustment } from "../contract/admin.ts";

const COLOUR_NAMES: Record<BrandingAdjustment["color"], string> = {
  textColor: "Text colour",
  primaryColor: "Primary colour",
  onPrimaryColor: "Button text colour",
};

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
      <h2 id="contrast">Brand colours adjusted for readability</h2>
      <p>
        Shoppers see {adjustments.length === 1 ? "this colour" : "these colours"} changed so text reads at WCAG AA contrast (4.5:1 or more).
        To choose the replacement yourself, update <code>branding</code> in your store settings.
      </p>
      <table>
        <caption>Adjusted colours</caption>
        <thead>
          <tr>
            <th scope="col">Colour</th>
            <th scope="col">Given</th>
            <th scope="col">Shoppers see</th>
          </tr>
        </thead>
        <tbody>
          {adjustments.map((a) => (
            <tr key={`${a.scheme}-${a.color}`}>
              <th scope="row">
                {COLOUR_NAMES[a.color]}
                {a.scheme === "dark" ? " (dark scheme)" : ""} on{" "}
                {a.against === "primaryColor" ? "the primary colour" : `the ${a.scheme === "dark" ? "dark " : ""}background`}
              </th>
              <td>
                <Swatch hex={a.from} /> {a.ratio}:1
              </td>
              <td>
                <Swatch hex={a.to} /> {a.servedRatio}:1
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
