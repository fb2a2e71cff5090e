import { UserInputError } from '@kalvimate/core';
import { EPub } from 'epub2';
import type { EpubLayout } from './epub-check.js';
import { type TocEntry, tocFromNav, tocFromNcx } from './toc.js';
import { copyEntries, readEntry } from './zip-inspect.js';

function firstString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return firstString(value[0]);
  if (value && typeof value === 'object' && '_' in value) return firstString((value as { _: unknown })._);
  return '';
}

/** What KalviMate takes from epub2's reading of the package: metadata and the NCX table of contents. */
export interface PackageInfo {
  title: string;
  language: string;
  identifier: string;
  toc: TocEntry[];
}

/** epub2's message, short and printable (some of its messages quote the whole input). */
function parserMessage(cause: unknown): string {
  const text = (cause instanceof Error ? cause.message : String(cause)).replace(/[^\P{C}]+/gu, ' ');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Reads metadata and the TOC with epub2. epub2 (on adm-zip) loads the whole archive it is given into
 * memory, so it gets a copy holding only the package files (mimetype, container, OPF, NCX): memory
 * then depends on the largest document, not on the size of the book and its images.
 */
export async function readPackage(file: string, layout: EpubLayout): Promise<PackageInfo> {
  const names = ['mimetype', 'META-INF/container.xml', layout.opfPath, layout.ncxPath];
  const packageFiles = names.flatMap((name) => {
    const entry = name === undefined ? undefined : layout.entries.get(name);
    return entry ? [entry] : [];
  });
  let epub: EPub;
  try {
    const archive = await copyEntries(file, packageFiles);
    // adm-zip, under epub2, takes a Buffer as readily as a path.
    epub = await EPub.createAsync(archive as unknown as string);
  } catch (cause) {
    throw new UserInputError(
      'EPUB_UNREADABLE',
      `${file}: the EPUB could not be parsed (${parserMessage(cause)})`,
      {
        file,
        cause,
        hint: 'Re-export the book as EPUB 2 or 3 and try again.',
      },
    );
  }
  const metadata = epub.metadata as Record<string, unknown>;
  let toc = tocFromNcx(epub.toc ?? []);
  if (toc.length === 0 && layout.navPath) {
    // epub2 reads only the NCX; an EPUB 3 book without one has its TOC in the nav document.
    const nav = layout.entries.get(layout.navPath);
    if (nav) toc = tocFromNav((await readEntry(file, nav)).toString('utf8'), layout.navPath);
  }
  // Only these small fields are kept: the parser (and the whole zip it holds) can be collected
  // before the documents are read one at a time.
  return {
    title: firstString(metadata.title),
    language: firstString(metadata.language),
    identifier: firstString(metadata.UUID) || firstString(metadata.ISBN),
    toc,
  };
}
