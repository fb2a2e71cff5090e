import type { AnyNode, Element } from 'domhandler';
import { isCDATA, isTag, isText } from 'domhandler';
import type { DocumentItem } from './dom-items.js';
import { isNamed, localName, NS, parseXml } from './xml-names.js';

/** Elements whose content is never text a reader sees. */
const HIDDEN = new Set(['style', 'script', 'metadata']);
/** XHTML elements (inside `<foreignObject>`) that end a line of text. */
const XHTML_BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'tr',
  'caption',
  'figure',
  'figcaption',
  'br',
  'hr',
]);

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

const paragraph = (text: string): DocumentItem => ({ kind: 'block', block: { type: 'paragraph', text } });

function isSvg(el: Element, local: string): boolean {
  return isNamed(el, NS.svg, local);
}

/**
 * The text of a `<text>` element with its `<tspan>`s and `<textPath>`s: a tspan placed on its own
 * (`x`, `y`, `dy`) starts a new run, so that lines of a label do not glue into one word.
 */
function svgText(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (isCDATA(node)) return node.children.map(svgText).join('');
  if (!isTag(node) || HIDDEN.has(localName(node))) return '';
  const inner = node.children.map(svgText).join('');
  const placed = ['x', 'y', 'dy'].some((a) => node.attribs[a] !== undefined);
  return localName(node) === 'tspan' && placed ? ` ${inner} ` : inner;
}

/** The XHTML inside a `<foreignObject>`: headings, and one paragraph per block of text. */
function foreignItems(node: Element, out: DocumentItem[]): void {
  let line = '';
  const flush = () => {
    const text = collapse(line);
    if (text !== '') out.push(paragraph(text));
    line = '';
  };
  const walk = (child: AnyNode) => {
    if (isText(child)) {
      line += child.data;
      return;
    }
    if (!isTag(child) || HIDDEN.has(localName(child))) return;
    const name = localName(child).toLowerCase();
    const heading = /^h([1-6])$/.exec(name);
    if (heading) {
      flush();
      const text = collapse(svgText(child));
      if (text !== '') out.push({ kind: 'heading', level: Number(heading[1]), text });
      return;
    }
    const block = XHTML_BLOCKS.has(name);
    if (block) flush();
    for (const c of child.children) walk(c);
    if (block) flush();
  };
  for (const child of node.children) walk(child);
  flush();
}

/**
 * The text of an SVG content document as headings and blocks, in document order: the root's
 * `<title>` is a level-1 heading; every other `<title>`, each `<desc>` and each `<text>` (with its
 * `<tspan>`s) is a paragraph; XHTML inside `<foreignObject>` gives its headings and paragraphs.
 * Styles, scripts and metadata are left out. Works with any namespace prefix (`<svg:text>`).
 * @example svgItems('<svg xmlns="http://www.w3.org/2000/svg"><title>Map</title><text>North</text></svg>')
 */
export function svgItems(svg: string): DocumentItem[] {
  const { root } = parseXml(svg);
  const out: DocumentItem[] = [];
  if (!root) return out;
  const walk = (el: Element) => {
    const name = localName(el);
    if (HIDDEN.has(name)) return;
    if (isSvg(el, 'foreignObject')) {
      foreignItems(el, out);
      return;
    }
    if (isSvg(el, 'title') || isSvg(el, 'desc') || isSvg(el, 'text')) {
      const text = collapse(svgText(el));
      if (text === '') return;
      const isBookTitle = name === 'title' && el.parent === root && !out.some((i) => i.kind === 'heading');
      out.push(isBookTitle ? { kind: 'heading', level: 1, text } : paragraph(text));
      return;
    }
    for (const child of el.children) if (isTag(child)) walk(child);
  };
  walk(root);
  return out;
}
