/** Driving a page with the keyboard alone, as a test: Tab until a named control has focus. */
import type { Page } from "playwright-core";

/** The focused element's accessible name, looking through shadow roots. */
export const focusedText = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return "";
    // As accessible names are computed: aria-label first, then the <label>, then the content.
    const named = el.getAttribute("aria-label") ?? (el as HTMLInputElement).labels?.[0]?.textContent;
    return (named ?? el.textContent ?? "").trim();
  });

/** Presses Tab until the focused element's name starts with `name`; fails after 80 stops. */
export async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    if ((await focusedText(page)).startsWith(name)) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}
