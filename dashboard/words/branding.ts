/** Brand colours served changed for contrast (dashboard/branding.tsx), on the figures and settings screens. */
export const brandingWords = {
  textColor: "Text colour",
  primaryColor: "Primary colour",
  onPrimaryColor: "Button text colour",
  heading: "Brand colours adjusted for readability",
  // Around <code>{settingName}</code>.
  explainOne:
    "Shoppers see this colour changed so text reads at WCAG AA contrast (4.5:1 or more). To choose the replacement yourself, update ",
  explainOther:
    "Shoppers see these colours changed so text reads at WCAG AA contrast (4.5:1 or more). To choose the replacement yourself, update ",
  settingName: "branding",
  explainEnd: " in your store settings.",
  caption: "Adjusted colours",
  colour: "Colour",
  given: "Given",
  shoppersSee: "Shoppers see",
  colourOn: "{colour} on {against}",
  darkColourOn: "{colour} (dark scheme) on {against}",
  againstPrimary: "the primary colour",
  againstBackground: "the background",
  againstDarkBackground: "the dark background",
  ratio: "{ratio}:1",
};
