import { UserInputError } from '@kalvimate/core';
import { EPub } from 'epub2';
import { EPUB_MEDIA_TYPE, type EpubLayout } from './epub-check.js';
import { markupText } from './markup-text.js';
import { parsePackageDocument } from './package-document.js';
import { EMPTY_NCX_LABEL, type TocEntry, tocFromNav, tocFromNcx } from './toc.js';
import { NS, parseXml, unprefixed } from './xml-names.js';
import { readEntry, zipStored } from './zip-inspect.js';

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
  /**
   * Why the NCX could not be read ("it is empty", or epub2's or the XML parser's message), when it could
   * not: the book is read without it, its table of contents taken from the nav document or the spine.
   */
  ncxUnreadable?: string;
}

/** epub2's message, short and printable (some of its messages quote the whole input). */
function parserMessage(cause: unknown): string {
  const text = (cause instanceof Error ? cause.message : String(cause)).replace(/[^\P{C}]+/gu, ' ');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The package files as epub2 can read them, whatever the book's spelling of them. */
export interface NormalizedPackage {
  /** Zip path of the rewritten package document. */
  opfPath: string;
  files: Array<{ name: string; data: Buffer }>;
}

/**
 * Rewrites the package files for epub2, which reads element names literally (`manifest.item`, not
 * `opf:manifest/opf:item`), and resolves hrefs by string concatenation: a container.xml naming a
 * package document at the zip root, holding the book's own `<metadata>` as written, a manifest of
 * the NCX alone under its zip path, and the NCX with its elements unprefixed.
 */
export function normalizedPackage(
  opfXml: string,
  opfPath: string,
  ncx?: { path: string; xml: string },
): NormalizedPackage {
  const pkg = parsePackageDocument(opfXml, opfPath);
  const rootOpf = ncx?.path.toLowerCase() === 'package.opf' ? 'package-1.opf' : 'package.opf';
  const container = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="${NS.container}">
  <rootfiles><rootfile full-path="${rootOpf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`;
  // epub2 walks the manifest only when xml2js gives it an array, i.e. when it lists two items or more:
  // the package document lists itself beside the NCX.
  const opf = `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="${NS.opf}" version="${escapeXml(pkg.version)}">
${pkg.metadataSource || '<metadata/>'}
<manifest>
<item id="kalvimate-package" href="${rootOpf}" media-type="application/oebps-package+xml"/>
${ncx ? `<item id="ncx" href="${escapeXml(ncx.path)}" media-type="application/x-dtbncx+xml"/>` : ''}
</manifest>
<spine${ncx ? ' toc="ncx"' : ''}/>
</package>
`;
  const files: NormalizedPackage['files'] = [
    { name: 'META-INF/container.xml', data: Buffer.from(container) },
    { name: rootOpf, data: Buffer.from(opf) },
  ];
  // epub2 refuses an archive without the EPUB mimetype; the book's own was checked (`checkEpub`).
  files.unshift({ name: 'mimetype', data: Buffer.from(EPUB_MEDIA_TYPE) });
  if (ncx)
    files.push({
      name: ncx.path,
      data: Buffer.from(withoutEmptyLabels(unprefixed(parseXml(ncx.xml), NS.ncx))),
    });
  return { opfPath: rootOpf, files };
}

/** An empty label's `<text>` (`<text></text>`, `<text/>`, or white space alone). */
const EMPTY_TEXT = /<text(\s[^>]*)?>\s*<\/text>|<text(\s[^>]*)?\/>/g;

/**
 * An NCX whose empty labels hold `EMPTY_NCX_LABEL`: epub2 cannot read an empty `<text>` (it takes the
 * navLabel element for its text and fails: "….trim is not a function"), as pandoc writes for a book
 * without a title. `tocFromNcx` reads the mark as the empty label it stands for.
 */
function withoutEmptyLabels(ncx: string): string {
  return ncx.replace(EMPTY_TEXT, `<text>${EMPTY_NCX_LABEL}</text>`);
}

/**
 * Reads metadata and the NCX with epub2. epub2 (on adm-zip) loads the whole archive it is given into
 * memory and reads element names literally, so it gets a small archive of normalized package files
 * (`normalizedPackage`): memory then depends on the package files, not on the size of the book, and
 * a package document that spells its namespace with a prefix (`<opf:package>`) reads like any other.
 */
export async function readPackage(file: string, layout: EpubLayout): Promise<PackageInfo> {
  const bytes = async (path: string | undefined): Promise<Buffer | undefined> => {
    const entry = path === undefined ? undefined : layout.entries.get(path);
    return entry ? await readEntry(file, entry) : undefined;
  };
  const text = async (path: string | undefined) => {
    const read = await bytes(path);
    return read && markupText(read);
  };
  const opfXml = (await text(layout.opfPath)) ?? '';
  const ncxXml = await text(layout.ncxPath);
  const ncx =
    layout.ncxPath !== undefined && ncxXml !== undefined ? { path: layout.ncxPath, xml: ncxXml } : undefined;
  const open = async (withNcx: typeof ncx): Promise<EPub> => {
    const archive = zipStored(normalizedPackage(opfXml, layout.opfPath, withNcx).files);
    // adm-zip, under epub2, takes a Buffer as readily as a path.
    return await EPub.createAsync(archive as unknown as string);
  };
  let epub: EPub;
  let ncxUnreadable: string | undefined;
  try {
    try {
      epub = await open(ncx);
    } catch (cause) {
      // A broken NCX (empty, or not XML) costs its table of contents, not the book: read it without.
      if (!ncx) throw cause;
      epub = await open(undefined);
      ncxUnreadable = ncx.xml.trim() === '' ? 'it is empty' : parserMessage(cause);
    }
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
    if (nav) toc = tocFromNav(markupText(await readEntry(file, nav)), layout.navPath);
  }
  // Only these small fields are kept: the parser (and the whole zip it holds) can be collected
  // before the documents are read one at a time.
  return {
    title: firstString(metadata.title),
    language: firstString(metadata.language),
    identifier: firstString(metadata.UUID) || firstString(metadata.ISBN),
    toc,
    ...(ncxUnreadable ? { ncxUnreadable } : {}),
  };
}
