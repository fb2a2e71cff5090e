import { posix } from 'node:path';
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

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

function cleanLabel(label: string): string {
  return label.replace(/\s+/g, ' ').trim();
}

/** Resolves an href against its file's folder, inside the container: `/` is the root, `..` stops there. */
export function resolveHref(href: string, baseDir: string): { path: string; fragment?: string } {
  const hash = href.indexOf('#');
  const file = hash === -1 ? href : href.slice(0, hash);
  const fragment = hash === -1 ? '' : href.slice(hash + 1);
  let decoded = file;
  try {
    decoded = decodeURIComponent(file);
  } catch {
    // keep the raw path: a bad escape only means no document will match it
  }
  const joined = decoded.startsWith('/') ? decoded : posix.join('/', baseDir, decoded);
  const path = posix.normalize(`/${joined}`).replace(/^\/+/, '');
  return { path, ...(fragment !== '' ? { fragment: safeDecode(fragment) } : {}) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function splitHref(href: string, base: string): { path: string; atStart: boolean } {
  const { path, fragment } = resolveHref(href, base);
  return { path, atStart: fragment === undefined };
}

function localName(node: AnyNode): string | undefined {
  return node.type === 'tag' ? (node as Element).tagName.toLowerCase().replace(/^.*:/, '') : undefined;
}

function childrenNamed(el: Element, name: string): Element[] {
  return el.children.filter((c): c is Element => localName(c) === name);
}

function firstDescendant(root: AnyNode, name: string): Element | undefined {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.shift() as AnyNode;
    if (localName(node) === name) return node as Element;
    if ('children' in node) stack.unshift(...(node as Element).children);
  }
  return undefined;
}

function textOf(node: AnyNode): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (!('children' in node)) return '';
  return (node as Element).children.map(textOf).join('');
}

/** The value of an attribute by its local name, whatever its prefix (`epub:type`, `ops:type`). */
function attrByLocalName(el: Element, name: string): string | undefined {
  for (const [key, value] of Object.entries(el.attribs)) if (key.replace(/^.*:/, '') === name) return value;
  return undefined;
}

function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href);
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
  const base = posix.dirname(navPath);
  const walk = (list: Element): TocNode[] =>
    childrenNamed(list, 'li').flatMap((li): TocNode[] => {
      const link = childrenNamed(li, 'a')[0] ?? childrenNamed(li, 'span')[0];
      const sub = childrenNamed(li, 'ol')[0];
      const children = sub ? walk(sub) : [];
      const label = link ? cleanLabel(textOf(link)) : '';
      const href = link ? (attrByLocalName(link, 'href') ?? '') : '';
      if (href !== '' && isExternal(href)) return children;
      if (label === '' && href === '') return children;
      return [{ label, ...(href !== '' ? resolveHref(href, base) : {}), children }];
    });
  return walk(ol);
}

/** Reads the EPUB 2 NCX's `navMap` as the book nests it (any namespace prefix). */
export function tocTreeFromNcx(xml: string, ncxPath: string): TocNode[] {
  const $ = loadXml(xml);
  const navMap = firstDescendant($.root()[0] as AnyNode, 'navmap');
  if (!navMap) return [];
  const base = posix.dirname(ncxPath);
  const walk = (parent: Element): TocNode[] =>
    childrenNamed(parent, 'navpoint').map((point) => {
      const labelEl = childrenNamed(point, 'navlabel')[0];
      const content = childrenNamed(point, 'content')[0];
      const src = content ? (attrByLocalName(content, 'src') ?? '') : '';
      const label = labelEl ? cleanLabel(textOf(labelEl)) : '';
      return {
        label,
        ...(src !== '' && !isExternal(src) ? resolveHref(src, base) : {}),
        children: walk(point),
      };
    });
  return walk(navMap);
}

/** The `landmarks` nav of an EPUB 3 navigation document: `bodymatter`, `toc`, `copyright-page`… */
export function landmarksFromNav(xhtml: string, navPath: string): Landmark[] {
  const nav = navOfType(xhtml, 'landmarks');
  if (!nav) return [];
  const base = posix.dirname(navPath);
  const out: Landmark[] = [];
  const stack: AnyNode[] = [nav];
  while (stack.length > 0) {
    const node = stack.shift() as AnyNode;
    if (localName(node) === 'a') {
      const el = node as Element;
      const href = attrByLocalName(el, 'href') ?? '';
      const type = attrByLocalName(el, 'type') ?? '';
      if (href !== '' && type !== '' && !isExternal(href))
        for (const t of type.split(/\s+/)) out.push({ type: t, ...resolveHref(href, base) });
    } else if ('children' in node) stack.unshift(...(node as Element).children);
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
    const label = typeof entry.title === 'string' ? cleanLabel(entry.title) : '';
    if (label === '' || typeof entry.href !== 'string' || entry.href === '') continue;
    out.push({ label, ...splitHref(entry.href, '') });
  }
  return out;
}

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
