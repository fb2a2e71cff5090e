import { posix } from 'node:path';
import { type HrefContext, resolveInContainer } from './container-url.js';
import { childNamed, childrenNamed, NS, parseXml, sourceOf } from './xml-names.js';

/** One `<item>` of the manifest. */
export interface ManifestItem {
  id: string;
  href: string;
  /** Zip path, or null for a resource outside the container (a remote URL). */
  path: string | null;
  /** Lower case, without parameters ('' when the item declares none). */
  mediaType: string;
  fallback?: string;
  properties: string[];
}

/** One `<itemref>` of the spine. */
export interface SpineItemRef {
  idref: string;
  /** False for `linear="no"` (auxiliary content read out of the reading order). */
  linear: boolean;
  properties: string[];
}

/** One EPUB 2 `<guide>` reference (cover, toc, title-page, text, copyright-page, …). */
export interface GuideReference {
  type: string;
  path: string;
  fragment?: string;
  title?: string;
}

/** The package document (OPF) as KalviMate reads it, whatever namespace prefix it uses. */
export interface PackageDocument {
  version: string;
  manifest: Map<string, ManifestItem>;
  spine: SpineItemRef[];
  /** The `toc` attribute of the spine (the NCX's manifest id), if any. */
  spineToc?: string;
  guide: GuideReference[];
  /** The `<metadata>` element exactly as written, for the metadata parser. */
  metadataSource: string;
}

const words = (value: string | undefined): string[] => (value ?? '').split(/\s+/).filter((w) => w !== '');

/** A media type compared as the spec compares it: lower case, parameters dropped. */
export function normalizeMediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads the package document (OPF) of EPUB 2 or 3 by namespace, not by spelling: `<opf:item>` under
 * `<opf:manifest>` is read as `<item>` under `<manifest>`. Hrefs are resolved inside the container
 * (see `resolveInContainer`); a malformed percent-escape is an `EPUB_BAD_HREF` error.
 */
export function parsePackageDocument(
  xml: string,
  opfPath: string,
  context: HrefContext = {},
): PackageDocument {
  const doc = parseXml(xml);
  const root = doc.root;
  const base = posix.dirname(opfPath) === '.' ? '' : posix.dirname(opfPath);
  const hrefContext = { source: opfPath, ...context };
  const manifest = new Map<string, ManifestItem>();
  const manifestEl = childNamed(root, NS.opf, 'manifest');
  for (const el of childrenNamed(manifestEl, NS.opf, 'item')) {
    const id = el.attribs.id?.trim();
    const href = el.attribs.href;
    if (!id || href === undefined || manifest.has(id)) continue;
    const resolved = resolveInContainer(base, href, hrefContext);
    const fallback = el.attribs.fallback?.trim();
    manifest.set(id, {
      id,
      href,
      path: resolved ? resolved.path : null,
      mediaType: normalizeMediaType(el.attribs['media-type']),
      ...(fallback ? { fallback } : {}),
      properties: words(el.attribs.properties),
    });
  }
  const spineEl = childNamed(root, NS.opf, 'spine');
  const spine = childrenNamed(spineEl, NS.opf, 'itemref').map((el) => ({
    idref: el.attribs.idref?.trim() ?? '',
    linear: el.attribs.linear?.trim().toLowerCase() !== 'no',
    properties: words(el.attribs.properties),
  }));
  const guide: GuideReference[] = [];
  for (const el of childrenNamed(childNamed(root, NS.opf, 'guide'), NS.opf, 'reference')) {
    const type = el.attribs.type?.trim();
    const href = el.attribs.href;
    if (!type || href === undefined) continue;
    const resolved = resolveInContainer(base, href, hrefContext);
    if (!resolved) continue;
    const title = el.attribs.title?.trim();
    guide.push({ type, ...resolved, ...(title ? { title } : {}) });
  }
  const metadata = childNamed(root, NS.opf, 'metadata');
  const spineToc = spineEl?.attribs.toc?.trim();
  return {
    version: root?.attribs.version?.trim() || '2.0',
    manifest,
    spine,
    ...(spineToc ? { spineToc } : {}),
    guide,
    metadataSource: metadata ? sourceOf(doc, metadata) : '',
  };
}

/** The kinds of content document KalviMate reads. */
export type ContentKind = 'xhtml' | 'svg';

const XHTML_TYPES = new Set(['application/xhtml+xml', 'text/html', 'text/x-oeb1-document']);

/**
 * What kind of content document an item is: XHTML (HTML and OEB 1 documents of old EPUB 2 books too)
 * or SVG; undefined for anything else (JSON, XML, images, …). An item without a media type is judged
 * by its extension.
 */
export function contentKind(item: ManifestItem): ContentKind | undefined {
  if (XHTML_TYPES.has(item.mediaType)) return 'xhtml';
  if (item.mediaType === 'image/svg+xml') return 'svg';
  if (item.mediaType === '') {
    if (/\.x?html?$/i.test(item.path ?? '')) return 'xhtml';
    if (/\.svg$/i.test(item.path ?? '')) return 'svg';
  }
  return undefined;
}

/** A spine item read through its fallback chain: the readable item, or why there is none. */
export type FallbackResult =
  | { item: ManifestItem; kind: ContentKind; chain: string[] }
  | { item?: undefined; reason: string; chain: string[] };

/**
 * Follows a manifest item's `fallback` chain to the first XHTML or SVG item (EPUB 3.3 §3.5 "Foreign
 * content documents"). The chain ends at an item without fallback, at an id the manifest does not
 * hold, or where it comes back to an id already seen (a cycle).
 */
export function followFallbacks(manifest: ReadonlyMap<string, ManifestItem>, id: string): FallbackResult {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current = manifest.get(id);
  while (current) {
    chain.push(current.id);
    seen.add(current.id);
    const kind = contentKind(current);
    if (kind) return { item: current, kind, chain };
    const next = current.fallback;
    if (next === undefined) {
      const reason =
        chain.length === 1
          ? 'it has no fallback'
          : `its fallbacks (${chain.join(' → ')}) lead to no XHTML or SVG document`;
      return { reason, chain };
    }
    if (seen.has(next))
      return { reason: `its fallbacks form a cycle (${[...chain, next].join(' → ')})`, chain };
    current = manifest.get(next);
    if (!current) return { reason: `its fallback "${next}" is not in the manifest`, chain };
  }
  return { reason: 'it is not in the manifest', chain };
}
