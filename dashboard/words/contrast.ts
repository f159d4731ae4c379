/** The colour pairs whose contrast the settings screen measures as brand colours are typed (dashboard/contrast.ts). */
export const contrastWords = {
  textOnBackground: "Text on the background",
  primaryOnBackground: "Links and outlines (primary colour) on the background",
  buttonTextOnPrimary: "Button text on the primary colour",
};
