/** XML text for the product review feed: escaped, and without the characters XML 1.0 cannot carry. */

/**
 * Characters XML 1.0 does not allow anywhere (C0 controls but tab, LF and CR; lone surrogates; U+FFFE
 * and U+FFFF): removed, since no escape can carry them and one would make the whole feed unreadable.
 */
const NOT_XML = new RegExp(
  "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]",
  "g",
);

/** Text for an element's content or an attribute value in double quotes. */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** `<name attr="…">text</name>`, or nothing when the text is absent or blank. */
export function element(name: string, text: string | undefined | null, attributes: Record<string, string> = {}): string {
  if (text === undefined || text === null || !text.trim()) return "";
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${xmlText(value)}"`)
    .join("");
  return `<${name}${attrs}>${xmlText(text)}</${name}>`;
}
