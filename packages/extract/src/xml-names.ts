import * as cheerio from 'cheerio/slim';
import { type AnyNode, type Element, isCDATA, isTag, isText } from 'domhandler';

/** Namespaces of the EPUB package files. */
export const NS = {
  opf: 'http://www.idpf.org/2007/opf',
  container: 'urn:oasis:names:tc:opendocument:xmlns:container',
  dc: 'http://purl.org/dc/elements/1.1/',
  ncx: 'http://www.daisy.org/z3986/2005/ncx/',
  svg: 'http://www.w3.org/2000/svg',
  xhtml: 'http://www.w3.org/1999/xhtml',
} as const;

/** A parsed XML document: its elements (domhandler nodes, with source offsets) and the source text. */
export interface XmlDocument {
  root: Element | undefined;
  source: string;
}

const isElement = (node: AnyNode): node is Element => isTag(node);

/** Parses XML leniently (htmlparser2 in XML mode: no DTDs, no external entities, no network). */
export function parseXml(source: string): XmlDocument {
  const $ = cheerio.load(source, { xml: { xmlMode: true, withStartIndices: true, withEndIndices: true } });
  const root = $.root()[0]?.children.find(isElement);
  return { root, source };
}

/** The element's name without its prefix. */
export function localName(el: Element): string {
  const colon = el.name.indexOf(':');
  return colon === -1 ? el.name : el.name.slice(colon + 1);
}

/**
 * The namespace URI of an element, from the `xmlns`/`xmlns:p` declarations in scope: '' when it is in
 * no namespace, undefined when its prefix is declared nowhere (a sloppy but readable document).
 */
export function namespaceOf(el: Element): string | undefined {
  const colon = el.name.indexOf(':');
  const attribute = colon === -1 ? 'xmlns' : `xmlns:${el.name.slice(0, colon)}`;
  for (
    let node: Element | null = el;
    node;
    node = node.parent && isElement(node.parent) ? node.parent : null
  ) {
    const uri = node.attribs[attribute];
    if (uri !== undefined) return uri.trim();
  }
  return colon === -1 ? '' : undefined;
}

/**
 * True when `el` is `local` in namespace `ns`, whatever prefix spells it. An element in no namespace,
 * or with an undeclared prefix, also matches: old tools wrote package files without namespaces, and
 * reading them costs nothing; only an element bound to another namespace is something else.
 */
export function isNamed(el: Element, ns: string, local: string): boolean {
  if (localName(el) !== local) return false;
  const uri = namespaceOf(el);
  return uri === undefined || uri === '' || uri === ns;
}

/** The element children of a node. */
export function elementChildren(node: Element): Element[] {
  return node.children.filter(isElement);
}

/** The children of `node` named `local` in namespace `ns`. */
export function childrenNamed(node: Element | undefined, ns: string, local: string): Element[] {
  return node ? elementChildren(node).filter((el) => isNamed(el, ns, local)) : [];
}

/** The first child of `node` named `local` in namespace `ns`. */
export function childNamed(node: Element | undefined, ns: string, local: string): Element | undefined {
  return node ? elementChildren(node).find((el) => isNamed(el, ns, local)) : undefined;
}

/** Every descendant of `node` named `local` in namespace `ns`, in document order. */
export function descendantsNamed(node: Element | undefined, ns: string, local: string): Element[] {
  const out: Element[] = [];
  const walk = (el: Element) => {
    for (const child of elementChildren(el)) {
      if (isNamed(child, ns, local)) out.push(child);
      walk(child);
    }
  };
  if (node) walk(node);
  return out;
}

/** The text content of a node (entities decoded). */
export function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  return isCDATA(node) || isElement(node) ? node.children.map(textOf).join('') : '';
}

/** The element exactly as written in the source (offsets kept by the parser). */
export function sourceOf(doc: XmlDocument, el: Element): string {
  if (el.startIndex === null || el.endIndex === null) return '';
  return doc.source.slice(el.startIndex, el.endIndex + 1);
}

/**
 * Rewrites a document so that every element of namespace `ns` carries no prefix (the root declares
 * `ns` as the default namespace), for parsers that read element names literally.
 */
export function unprefixed(doc: XmlDocument, ns: string): string {
  const root = doc.root;
  if (!root) return doc.source;
  const renamed: Element[] = [];
  const walk = (el: Element) => {
    if (el.name.includes(':') && isNamed(el, ns, localName(el))) renamed.push(el);
    for (const child of elementChildren(el)) walk(child);
  };
  walk(root);
  if (renamed.length === 0) return doc.source;
  for (const el of renamed) el.name = localName(el);
  root.attribs.xmlns = ns;
  return `<?xml version="1.0" encoding="utf-8"?>\n${cheerio.load(root, { xml: true }).xml(root)}`;
}
