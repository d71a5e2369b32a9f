/*
 * Reads the XML the serializers write with a real parser (any well-formedness error throws) and
 * walks it by qualified name: "cac:LegalMonetaryTotal/cbc:PayableAmount" from the root. The
 * prefixes are the ones the writers declare, and the root's namespace is asserted separately.
 */
import { DOMParser, type Element } from "@xmldom/xmldom";

export function readXml(xml: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  if (!root) throw new Error("no root element");
  return root;
}

export function childElements(node: Element): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes.item(i);
    if (child && child.nodeType === 1) out.push(child as Element);
  }
  return out;
}

/** Every element at the path, in document order. */
export function all(node: Element, path: string): Element[] {
  return path.split("/").reduce<Element[]>((nodes, step) => nodes.flatMap((n) => childElements(n).filter((c) => c.nodeName === step)), [node]);
}

/** The text of the one element at the path; throws when there is none or several. */
export function value(node: Element, path: string): string {
  const found = all(node, path);
  if (found.length !== 1) throw new Error(`${path}: ${found.length} elements`);
  return found[0]!.textContent ?? "";
}

export function values(node: Element, path: string): string[] {
  return all(node, path).map((e) => e.textContent ?? "");
}

/** Names of the element's children with repeats collapsed: the order a schema sequence sees. */
export function childOrder(node: Element): string[] {
  return childElements(node)
    .map((c) => c.nodeName)
    .filter((name, i, names) => name !== names[i - 1]);
}

/** Every element below the node whose name ends with the suffix. */
export function descendants(node: Element, suffix: string): Element[] {
  return childElements(node).flatMap((c) => [...(c.nodeName.endsWith(suffix) ? [c] : []), ...descendants(c, suffix)]);
}
