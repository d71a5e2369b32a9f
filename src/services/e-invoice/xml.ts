/*
 * The one way an e-invoice becomes text: a tree of elements serialized with every text and
 * attribute value escaped. Serializers build trees with el(); no user text is ever spliced
 * into markup.
 */

export type XmlNode = { name: string; attrs: Record<string, string>; children: XmlChild[] };
export type XmlChild = XmlNode | string;

/** A child that may be absent; arrays of them come from mapping a list of optional terms. */
type MaybeChild = XmlChild | null | undefined | false;

/**
 * An element. Children that are null, undefined or false are left out, so optional business
 * terms read as `value && el(...)`; a string child is text.
 */
export function el(name: string, attrs: Record<string, string | null | undefined> | null, ...children: (MaybeChild | MaybeChild[])[]): XmlNode {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== null && v !== undefined) clean[k] = v;
  // "" too: `value && el(...)` yields it for an empty value, and an empty text node is no content.
  return { name, attrs: clean, children: children.flat().filter((c): c is XmlChild => c !== null && c !== undefined && c !== false && c !== "") };
}

/** An element holding one text value, or nothing at all when the value is empty. */
export function text(name: string, value: string | null | undefined, attrs?: Record<string, string | null | undefined>): XmlNode | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  return el(name, attrs ?? null, value);
}

// XML 1.0 forbids most C0 controls even as character references; they are dropped, not escaped.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeText(value: string): string {
  // A literal CR would reach the reader as LF (XML 1.0 §2.11 end-of-line handling); the reference keeps it.
  return value.replace(FORBIDDEN, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

export function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;").replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

/** The document: an XML declaration and the root, indented two spaces per level. */
export function serialize(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, 0, out);
  return out.join("");
}

function write(node: XmlNode, depth: number, out: string[]): void {
  const pad = "  ".repeat(depth);
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join("");
  if (node.children.length === 0) {
    out.push(`${pad}<${node.name}${attrs}/>\n`);
    return;
  }
  if (node.children.every((c) => typeof c === "string")) {
    out.push(`${pad}<${node.name}${attrs}>${(node.children as string[]).map(escapeText).join("")}</${node.name}>\n`);
    return;
  }
  out.push(`${pad}<${node.name}${attrs}>\n`);
  for (const child of node.children) {
    if (typeof child === "string") out.push(`${pad}  ${escapeText(child)}\n`);
    else write(child, depth + 1, out);
  }
  out.push(`${pad}</${node.name}>\n`);
}
