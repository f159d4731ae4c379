/**
 * The house rule "every string in the catalogues", for the dashboard: no screen writes a sentence inline.
 * Each dashboard source outside dashboard/words/ is parsed (Babel's parser, TypeScript and JSX) and
 * searched for words a merchant would read: JSX text, the text attributes (aria-label, title,
 * placeholder, alt), and string or template literals that read as words (a capitalised phrase, or three
 * lowercase words in a row). Class names, ids, URLs and type names are none of these; nor is a literal
 * the code compares data with (`===`, `startsWith`, a `case`): that is a value the worker sends, not text.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@babel/parser";
import type { Node } from "@babel/types";
import { describe, expect, it } from "vitest";

const DASHBOARD = join(import.meta.dirname, "../../dashboard");
const TEXT_ATTRIBUTES = /^(aria-label|aria-description|aria-roledescription|title|placeholder|alt)$/;
const READS_AS_WORDS = /^[A-Z][a-z'’]*( [A-Za-z'’…]+)+|[a-z]{2,} [a-z]{2,} [a-z]{2,}/;
const COMPARING = /^(startsWith|endsWith|includes|indexOf|has|get)$/;

/** Whether `node`, a string literal under `parent`, is compared with data rather than shown. */
function compared(node: Node, parent: Node | undefined): boolean {
  if (!parent) return false;
  if (parent.type === "BinaryExpression") return ["===", "!==", "==", "!="].includes(parent.operator);
  if (parent.type === "SwitchCase") return parent.test === node;
  if (parent.type === "CallExpression" && parent.arguments.includes(node as never)) {
    const callee = parent.callee;
    return callee.type === "MemberExpression" && callee.property.type === "Identifier" && COMPARING.test(callee.property.name);
  }
  return false;
}

/** The words a merchant would read in one source file, as written there. */
function inlineWords(code: string): string[] {
  const found: string[] = [];
  const visit = (node: Node, parent?: Node): void => {
    switch (node.type) {
      case "ImportDeclaration":
      case "ExportAllDeclaration":
      case "TSLiteralType":
        return;
      case "JSXText": {
        const text = node.value.trim();
        if (/\p{L}/u.test(text)) found.push(text);
        break;
      }
      case "StringLiteral": {
        if (parent?.type === "ObjectProperty" && parent.key === node) break;
        const attribute = parent?.type === "JSXAttribute" && parent.name.type === "JSXIdentifier" ? parent.name.name : undefined;
        const shown = attribute && TEXT_ATTRIBUTES.test(attribute) && /\p{L}/u.test(node.value);
        if ((shown || READS_AS_WORDS.test(node.value)) && !compared(node, parent)) found.push(node.value);
        break;
      }
      case "TemplateLiteral": {
        const words = node.quasis.find((q) => /\p{L}{2,} \p{Ll}{2,}/u.test(q.value.cooked ?? ""));
        if (words) found.push(`\`${words.value.cooked}`);
        break;
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "loc" || key.endsWith("Comments")) continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === "object" && typeof (child as Node).type === "string") visit(child as Node, node);
      }
    }
  };
  visit(parse(code, { sourceType: "module", plugins: ["typescript", "jsx"] }).program);
  return found;
}

describe("the dashboard's words", () => {
  it("finds what a merchant reads, and not what the code compares or names", () => {
    expect(inlineWords(`const A = () => <p title="Open it">Hello {name}, <b>welcome</b></p>;`)).toEqual(["Open it", "Hello", "welcome"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test holds a template literal.
    expect(inlineWords('const m = `Sent again by ${c} through your tools`; const e = "the shopper chose not to";')).toEqual([
      "`Sent again by ",
      "the shopper chose not to",
    ]);
    expect(
      inlineWords(
        'import x from "Some Module"; type T = "Not Words Here"; const k = { "Not Words": 1 }; const c = <p class="field check" id="a-b" />;' +
          'if (e === "no longer exists" || e.startsWith("Klaviyo is not connected")) f(); switch (e) { case "the customer was erased": }',
      ),
    ).toEqual([]);
  });

  const sources = readdirSync(DASHBOARD).filter((f) => /\.tsx?$/.test(f) && f !== "words.ts");
  it.each(sources)("%s writes every word through a catalogue", (file) => {
    expect(inlineWords(readFileSync(join(DASHBOARD, file), "utf8"))).toEqual([]);
  });
});
