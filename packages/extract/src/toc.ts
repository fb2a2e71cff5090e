import * as cheerio from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { resolveFromDocument } from './container-url.js';
import { caseMatcher, fileNameMatcher } from './path-case.js';

/** One entry of the book's table of contents: its label and the zip path of the document it opens. */
export interface TocEntry {
  label: string;
  /** Zip path of the target document, without a fragment. */
  path: string;
  /** True when the entry points at the start of the document (no `#fragment`). */
  atStart: boolean;
}

/**
 * One node of the table of contents as the book nests it (EPUB 3 nav `<ol>`s, or NCX `navPoint`s).
 * A node without `path` only groups its children (a `<span>` heading in the nav, an NCX point with no
 * content).
 */
export interface TocNode {
  label: string;
  path?: string;
  fragment?: string;
  children: TocNode[];
}

/** A landmark (EPUB 3 nav `landmarks`) or guide reference (EPUB 2): a structural type and where it is. */
export interface Landmark {
  type: string;
  path: string;
  fragment?: string;
}

/**
 * A printed contents page's dot leader and page number at a label's end ("Motion .......... 5", "Heat ···
 * xii"), as a converter copies them into the TOC: four leader marks or more, or three and a page number.
 * A bare number stays ("Apollo 13" is a title), and so does an ellipsis ("To be continued...").
 */
const LEADER_AND_PAGE =
  /\s*(?:(?:[.·•…_]\s*){4,}|(?:[.·•…_]\s*){3}(?=\d|[ivxlcdm]))(?:\d{1,4}|[ivxlcdm]{1,7})?$/i;
/** Longest label the leader is looked for in (the pattern backtracks over a long run of dots). */
const MAX_LEADER_LABEL = 300;

function cleanLabel(label: string): string {
  const clean = label.replace(/\s+/g, ' ').trim();
  if (clean.length > MAX_LEADER_LABEL) return clean;
  const bare = clean.replace(LEADER_AND_PAGE, '');
  return bare === '' ? clean : bare;
}

/** Resolves a TOC link written in `fromPath`; an unreadable or external link resolves to nothing. */
function resolveLink(fromPath: string, href: string): { path: string; fragment?: string } | undefined {
  try {
    return resolveFromDocument(fromPath, href) ?? undefined;
  } catch {
    // a malformed escape in one TOC link only means that entry leads nowhere
    return undefined;
  }
}

function splitHref(href: string): { path: string; atStart: boolean } | undefined {
  const resolved = resolveLink('', href);
  return resolved ? { path: resolved.path, atStart: resolved.fragment === undefined } : undefined;
}

function localName(node: AnyNode): string | undefined {
  return node.type === 'tag' ? (node as Element).tagName.toLowerCase().replace(/^.*:/, '') : undefined;
}

function childrenNamed(el: Element, name: string): Element[] {
  return el.children.filter((c): c is Element => localName(c) === name);
}

function firstDescendant(root: AnyNode, name: string): Element | undefined {
  // Depth first in document order: children pushed in reverse, so the first child is popped first.
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (localName(node) === name) return node as Element;
    if ('children' in node) for (const child of [...(node as Element).children].reverse()) stack.push(child);
  }
  return undefined;
}

function textOf(node: AnyNode): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (!('children' in node)) return '';
  return (node as Element).children.map(textOf).join('');
}

/** A class naming a chapter's number set apart: Pandoc's "toc-section-number", "section-header-number". */
const NUMBER_CLASS = /number/i;
/** A chapter's number alone: "2", "2." (a section's, "2.1", keeps its place in the label). */
const CHAPTER_NUMBER = /^(\d{1,3})\.?$/;

/**
 * The label of a nav link. A chapter number the link sets apart in a span of a number class
 * (`<span class="toc-section-number">2</span> Heat`, as Pandoc numbers sections) is written as the book's
 * designation, "2. Heat": the chapter is "Heat", numbered 2 (see `chapterNaming`), where "2 Heat" would
 * be a title starting with a number.
 */
function navLabel(link: Element): string {
  const label = cleanLabel(textOf(link));
  const first = link.children.find((c) => c.type !== 'text' || textOf(c).trim() !== '');
  if (first === undefined || localName(first) !== 'span') return label;
  const className = (first as Element).attribs.class;
  const written = cleanLabel(textOf(first));
  const number = CHAPTER_NUMBER.exec(written)?.[1];
  if (number === undefined || className === undefined || !NUMBER_CLASS.test(className)) return label;
  const rest = label.slice(written.length).trim();
  return rest === '' || /^[.:)]/.test(rest) ? label : `${number}. ${rest}`;
}

/** The value of an attribute by its local name, whatever its prefix (`epub:type`, `ops:type`). */
function attrByLocalName(el: Element, name: string): string | undefined {
  for (const [key, value] of Object.entries(el.attribs)) if (key.replace(/^.*:/, '') === name) return value;
  return undefined;
}

function loadXml(text: string) {
  return cheerio.load(text, { xml: { xmlMode: true, decodeEntities: true } });
}

function navsOf(xhtml: string): Element[] {
  const $ = loadXml(xhtml);
  const out: Element[] = [];
  const stack: AnyNode[] = [...$.root().toArray()];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (localName(node) === 'nav') out.push(node as Element);
    else if ('children' in node) stack.push(...(node as Element).children);
  }
  return out.reverse();
}

function navOfType(xhtml: string, type: string): Element | undefined {
  return navsOf(xhtml).find((n) => (attrByLocalName(n, 'type') ?? '').split(/\s+/).includes(type));
}

/** Reads the EPUB 3 navigation document's `toc` nav as the book nests it. */
export function tocTreeFromNav(xhtml: string, navPath: string): TocNode[] {
  const nav = navOfType(xhtml, 'toc') ?? navsOf(xhtml)[0];
  const ol = nav ? firstDescendant(nav, 'ol') : undefined;
  if (!ol) return [];
  const walk = (list: Element): TocNode[] =>
    childrenNamed(list, 'li').flatMap((li): TocNode[] => {
      const link = childrenNamed(li, 'a')[0] ?? childrenNamed(li, 'span')[0];
      const sub = childrenNamed(li, 'ol')[0];
      const children = sub ? walk(sub) : [];
      const label = link ? navLabel(link) : '';
      const href = link ? (attrByLocalName(link, 'href') ?? '') : '';
      const target = href === '' ? undefined : resolveLink(navPath, href);
      if (href !== '' && !target) return children;
      if (label === '' && href === '') return children;
      return [{ label, ...target, children }];
    });
  return walk(ol);
}

/** Reads the EPUB 2 NCX's `navMap` as the book nests it (any namespace prefix). */
export function tocTreeFromNcx(xml: string, ncxPath: string): TocNode[] {
  return readNcx(xml, ncxPath).toc;
}

/** The NCX's `docTitle`: the title it gives the book, which Calibre writes in full ("Calibre Quick Start Guide"). */
export function ncxDocTitle(xml: string): string | undefined {
  return readNcx(xml, '').docTitle;
}

/** An NCX read once: its `navMap` as the book nests it, and its `docTitle` when it has one (any prefix). */
export function readNcx(xml: string, ncxPath: string): { toc: TocNode[]; docTitle?: string } {
  const root = loadXml(xml).root()[0] as AnyNode;
  const docTitleEl = firstDescendant(root, 'doctitle');
  const text = docTitleEl ? childrenNamed(docTitleEl, 'text')[0] : undefined;
  const docTitle = text ? cleanLabel(textOf(text)) : '';
  const navMap = firstDescendant(root, 'navmap');
  const walk = (parent: Element): TocNode[] =>
    childrenNamed(parent, 'navpoint').map((point) => {
      const labelEl = childrenNamed(point, 'navlabel')[0];
      const content = childrenNamed(point, 'content')[0];
      const src = content ? (attrByLocalName(content, 'src') ?? '') : '';
      const label = labelEl ? cleanLabel(textOf(labelEl)) : '';
      return { label, ...(src === '' ? undefined : resolveLink(ncxPath, src)), children: walk(point) };
    });
  return { toc: navMap ? walk(navMap) : [], ...(docTitle !== '' ? { docTitle } : {}) };
}

/** The `landmarks` nav of an EPUB 3 navigation document: `bodymatter`, `toc`, `copyright-page`… */
export function landmarksFromNav(xhtml: string, navPath: string): Landmark[] {
  const nav = navOfType(xhtml, 'landmarks');
  if (!nav) return [];
  const out: Landmark[] = [];
  const stack: AnyNode[] = [nav];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (localName(node) === 'a') {
      const el = node as Element;
      const href = attrByLocalName(el, 'href') ?? '';
      const type = attrByLocalName(el, 'type') ?? '';
      const target = href === '' ? undefined : resolveLink(navPath, href);
      if (target && type !== '') for (const t of type.split(/\s+/)) out.push({ type: t, ...target });
    } else if ('children' in node)
      for (const child of [...(node as Element).children].reverse()) stack.push(child);
  }
  return out;
}

/** The tree's entries in reading order, each with its depth (1 for the top level). */
export function flattenToc(nodes: readonly TocNode[], depth = 1): Array<TocNode & { depth: number }> {
  return nodes.flatMap((n) => [{ ...n, depth }, ...flattenToc(n.children, depth + 1)]);
}

/**
 * The TOC as epub2 parsed it from the NCX (hrefs are already zip paths). Entries without a
 * label or a target are left out.
 */
export function tocFromNcx(toc: ReadonlyArray<{ title?: unknown; href?: unknown }>): TocEntry[] {
  const out: TocEntry[] = [];
  for (const entry of toc) {
    const label =
      typeof entry.title === 'string' ? cleanLabel(entry.title.replaceAll(EMPTY_NCX_LABEL, '')) : '';
    if (label === '' || typeof entry.href !== 'string' || entry.href === '') continue;
    const target = splitHref(entry.href);
    if (target) out.push({ label, ...target });
  }
  return out;
}

/**
 * What the NCX handed to epub2 holds for an empty label (a word joiner, which no label of a real book is
 * made of, and which trimming keeps): see `package-info.ts`.
 */
export const EMPTY_NCX_LABEL = '\u2060';

/** Reads the EPUB 3 navigation document's `toc` nav as a flat list of links, in order. */
export function tocFromNav(xhtml: string, navPath: string): TocEntry[] {
  return tocEntries(tocTreeFromNav(xhtml, navPath));
}

/** A TOC tree as the flat list of its linked entries. */
export function tocEntries(nodes: readonly TocNode[]): TocEntry[] {
  return flattenToc(nodes).flatMap((n) =>
    n.path !== undefined && n.label !== ''
      ? [{ label: n.label, path: n.path, atStart: n.fragment === undefined }]
      : [],
  );
}

/** The first TOC label that opens each document at its start, by zip path. */
export function tocLabelsByDocument(entries: readonly TocEntry[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const entry of entries)
    if (entry.atStart && !labels.has(entry.path)) labels.set(entry.path, entry.label);
  return labels;
}

/**
 * The TOC (or landmarks) with every link to a path the book's documents (`paths`) lack pointed at the one
 * of them that spells it in another letter case (`caseMatcher`), else at the one document of the reading
 * order (`readingPaths`) of its file name in another folder (`fileNameMatcher`): such a TOC had reached no
 * document.
 */
export function matchTocPaths<T extends { path?: string }>(
  nodes: readonly (T & { children?: readonly T[] })[],
  paths: readonly string[],
  readingPaths: readonly string[] = paths,
): T[] {
  const sameFile = caseMatcher(paths);
  const sameName = fileNameMatcher(readingPaths);
  const known = new Set(paths);
  const match = (path: string) => (known.has(path) ? undefined : (sameFile(path) ?? sameName(path)));
  const fix = (node: T & { children?: readonly T[] }): T => {
    const found = node.path === undefined ? undefined : match(node.path);
    const children = node.children?.map((c) => fix(c as T & { children?: readonly T[] }));
    return { ...node, ...(found ? { path: found } : {}), ...(children ? { children } : {}) };
  };
  return nodes.map(fix);
}
