import { posix } from 'node:path';
import * as cheerio from 'cheerio';

/** One entry of the book's table of contents: its label and the zip path of the document it opens. */
export interface TocEntry {
  label: string;
  /** Zip path of the target document, without a fragment. */
  path: string;
  /** True when the entry points at the start of the document (no `#fragment`). */
  atStart: boolean;
}

function cleanLabel(label: string): string {
  return label.replace(/\s+/g, ' ').trim();
}

function splitHref(href: string, base: string): { path: string; atStart: boolean } {
  const [file = '', fragment] = href.split('#');
  let decoded = file;
  try {
    decoded = decodeURIComponent(file);
  } catch {
    // keep the raw path: a bad escape only means no document will match it
  }
  return {
    path: posix.normalize(posix.join(base, decoded)),
    atStart: fragment === undefined || fragment === '',
  };
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

/** Reads the EPUB 3 navigation document's `toc` nav (its `<a href>` links, in order). */
export function tocFromNav(xhtml: string, navPath: string): TocEntry[] {
  const $ = cheerio.load(xhtml, { xml: { xmlMode: false, decodeEntities: true } });
  let nav = $('nav')
    .filter((_, el) => /\btoc\b/.test($(el).attr('epub:type') ?? ''))
    .first();
  if (nav.length === 0) nav = $('nav').first();
  const base = posix.dirname(navPath);
  const out: TocEntry[] = [];
  for (const a of nav.find('a[href]').toArray()) {
    const label = cleanLabel($(a).text());
    const href = $(a).attr('href') ?? '';
    if (label === '' || href === '' || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
    out.push({ label, ...splitHref(href, base) });
  }
  return out;
}

/** The first TOC label that opens each document at its start, by zip path. */
export function tocLabelsByDocument(entries: readonly TocEntry[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const entry of entries)
    if (entry.atStart && !labels.has(entry.path)) labels.set(entry.path, entry.label);
  return labels;
}
