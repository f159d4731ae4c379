/**
 * One stylesheet per shadow root. A constructable stylesheet where the browser has them (one parsed
 * sheet shared by every root that uses the same CSS); otherwise a `<style>` carrying the script tag's
 * nonce, which is what a strict `style-src` without 'unsafe-inline' accepts.
 */
const sheets = new Map<string, CSSStyleSheet>();

/**
 * Makes `css` the root's only stylesheet. Answers a `<style>` element the caller must put in the root
 * when constructable stylesheets are unavailable, else `undefined`.
 */
export function adoptStyles(root: ShadowRoot, css: string, nonce?: string): HTMLStyleElement | undefined {
  try {
    if ("adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
      let sheet = sheets.get(css);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        sheets.set(css, sheet);
      }
      root.adoptedStyleSheets = [sheet];
      return undefined;
    }
  } catch {
    /* fall through to a <style> element */
  }
  const style = document.createElement("style");
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  return style;
}

/** Replaces everything in the root with `content`, under `css`. */
export function fill(root: ShadowRoot, css: string, nonce: string | undefined, ...content: Node[]): void {
  const style = adoptStyles(root, css, nonce);
  root.replaceChildren(...(style ? [style] : []), ...content);
}
