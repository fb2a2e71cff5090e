import { type Element, isTag } from 'domhandler';
import {
  ELEMENTS_WITH_ATTRIBUTES,
  localName,
  type MathNode,
  normalizeMathTree,
  TOKEN_ELEMENTS,
} from './mathml-tree.js';

/** An element name that `parseMathml` reads whole from serialized markup. */
const PLAIN_NAME = /^[A-Za-z_][\w.:-]*$/;
/** An attribute name that `parseMathml` reads whole from serialized markup. */
const PLAIN_ATTRIBUTE = /^[\w.:-]+$/;

/** Names seen, by spelling: their local name, or null when the markup path must read them. */
const elementNames = new Map<string, string | null>();
const attributeNames = new Map<string, string | null>();

/** `name`'s local name when `plain` accepts it, else null; remembered (a formula repeats a few names). */
function localOf(names: Map<string, string | null>, plain: RegExp, name: string): string | null {
  let local = names.get(name);
  if (local === undefined) {
    local = plain.test(name) ? localName(name) : null;
    // Bounded: a hostile book could invent a name per element.
    if (names.size < 4096) names.set(name, local);
  }
  return local;
}

/** The MathNode of `el` and its descendants, or undefined at anything only the markup path decides. */
function build(el: Element): MathNode | undefined {
  const name = localOf(elementNames, PLAIN_NAME, el.name);
  if (name === null) return undefined;
  const attrs: Record<string, string> = {};
  const readAttributes = ELEMENTS_WITH_ATTRIBUTES.has(name);
  for (const key in el.attribs) {
    const local = localOf(attributeNames, PLAIN_ATTRIBUTE, key);
    if (local === null) return undefined;
    if (readAttributes) attrs[local] = el.attribs[key] ?? '';
  }
  const node: MathNode = { name, attrs, children: [], text: '' };
  const keepsText = TOKEN_ELEMENTS.has(name);
  for (const child of el.children) {
    if (isTag(child)) {
      const inner = build(child);
      if (inner === undefined) return undefined;
      node.children.push(inner);
    } else if (child.type === 'text') {
      if (keepsText) node.text += child.data;
    } else if (child.type !== 'comment') {
      // CDATA, processing instructions, doctypes: rare in a formula; the markup path reads them.
      return undefined;
    }
  }
  return node;
}

/**
 * The tree `parseMathml` gives for `el` as XML, read from the parsed document instead of its serialized
 * markup: the same names, kept attributes, token text (already decoded) and normalization, without writing
 * the formula out and parsing it again (books with megabytes of MathML spent a quarter of their
 * extraction on that). Undefined when the element holds something (an odd name, a CDATA section) whose
 * reading only the markup path decides: the caller then serializes the element for `parseMathml`.
 */
export function mathTreeOfElement(el: Element): MathNode | undefined {
  const node = build(el);
  if (node === undefined) return undefined;
  // parseMathml keeps a lone <math> as the root and wraps anything else in one.
  const math = node.name === 'math' ? node : { name: 'math', attrs: {}, children: [node], text: '' };
  return normalizeMathTree(math);
}
