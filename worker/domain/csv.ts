/**
 * CSV (RFC 4180: comma, CRLF, quotes doubled) that a spreadsheet opens safely: a cell starting with
 * `=`, `+`, `-`, `@`, tab or carriage return is a formula to Excel and Sheets, so a shopper's comment
 * like `=HYPERLINK(…)` gets a leading apostrophe and stays text (OWASP's advice on CSV injection).
 */
type Cell = string | number | boolean | null | undefined;

function cell(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<K extends string>(columns: readonly K[], rows: readonly Record<K, Cell>[]): string {
  return [columns.join(","), ...rows.map((row) => columns.map((c) => cell(row[c])).join(","))].join("\r\n") + "\r\n";
}
