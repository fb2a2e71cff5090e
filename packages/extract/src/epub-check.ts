import { formatCount, type Reporter, silentReporter, UserInputError } from '@kalvimate/core';
import { resolveInContainer } from './container-url.js';
import { markupText } from './markup-text.js';
import type { ExtractLimits } from './options.js';
import {
  type ContentKind,
  followFallbacks,
  type GuideReference,
  type ManifestItem,
  type PackageDocument,
  parsePackageDocument,
} from './package-document.js';
import { caseMatcher } from './path-case.js';
import { descendantsNamed, NS, parseXml } from './xml-names.js';
import { checkZipLimits, readCentralDirectory, readEntry, type ZipEntry } from './zip-inspect.js';

/** One document of the reading order, after fallbacks: what the reader inflates and renders. */
export interface SpineDocument {
  /** The spine's `idref` (the manifest id it names, which may have fallen back to another item). */
  id: string;
  /** Zip path of the document that is read (the XHTML or SVG item at the end of the fallback chain). */
  path: string;
  /** False for `linear="no"`: auxiliary content (answers, notes, pop-ups) outside the reading order. */
  linear: boolean;
  /** Media type of the document read: `image/svg+xml` for SVG, an (X)HTML type otherwise. */
  mediaType: string;
  /** The itemref's `properties` (e.g. `page-spread-left`, `rendition:layout-pre-paginated`). */
  properties: string[];
  /** The manifest item's `properties` (e.g. `nav`, `svg`, `mathml`, `scripted`). */
  itemProperties: string[];
  /**
   * True for a page of a fixed-layout book: `rendition:layout` is `pre-paginated` for the whole book
   * (and the itemref does not say `rendition:layout-reflowable`) or for this itemref.
   */
  prePaginated: boolean;
}

/** A spine item that was left out: no XHTML or SVG document stands for it, or its document is not in the archive. */
export interface SkippedSpineItem {
  id: string;
  href: string;
  mediaType: string;
  reason: string;
}

/** What the structural check learned about the book, for the reader that follows. */
export interface EpubLayout {
  opfPath: string;
  entries: Map<string, ZipEntry>;
  /** Documents in spine order (fallbacks followed; unreadable items left out and listed in `skipped`). */
  spine: SpineDocument[];
  skipped: SkippedSpineItem[];
  /** The EPUB 2 `<guide>` (cover, toc, title-page, text, copyright-page, …), hrefs resolved. */
  guide: GuideReference[];
  /** Zip path of the EPUB 3 navigation document, when the package names one. */
  navPath?: string;
  /** Zip path of the EPUB 2 NCX (the spine's `toc`, else the manifest's NCX item). */
  ncxPath?: string;
}

const MEDIA_TYPE_OF: Record<ContentKind, string> = { xhtml: 'application/xhtml+xml', svg: 'image/svg+xml' };
const NCX_MEDIA_TYPE = 'application/x-dtbncx+xml';
/** The package's global layout property saying the book is made of fixed pages. */
const PRE_PAGINATED =
  /<(?:[\w-]+:)?meta\b[^>]*\bproperty\s*=\s*["']rendition:layout["'][^>]*>\s*pre-paginated\s*</i;
const PACKAGE_MEDIA_TYPE = 'application/oebps-package+xml';
const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';

function problem(code: string, file: string, text: string, hint: string): UserInputError {
  return new UserInputError(code, `${file}: ${text}`, { file, hint });
}

/** The package file that container.xml names (the first OPF rootfile, any namespace prefix). */
function packagePath(file: string, containerXml: string): string {
  const rootfiles = descendantsNamed(parseXml(containerXml).root, NS.container, 'rootfile');
  const rootfile =
    rootfiles.find(
      (el) => el.attribs['media-type']?.trim() === PACKAGE_MEDIA_TYPE && el.attribs['full-path'],
    ) ?? rootfiles.find((el) => el.attribs['full-path']);
  const fullPath = rootfile?.attribs['full-path'];
  const resolved = fullPath
    ? resolveInContainer('', fullPath, { file, source: 'META-INF/container.xml' })
    : null;
  if (!resolved || resolved.path === '') {
    throw problem(
      'EPUB_NO_ROOTFILE',
      file,
      'META-INF/container.xml names no package (OPF) file',
      'Re-export the book as EPUB 2 or 3.',
    );
  }
  return resolved.path;
}

/** True when META-INF/encryption.xml encrypts more than fonts (fonts are only obfuscated). */
function encryptedContent(encryptionXml: string): string[] | undefined {
  const root = parseXml(encryptionXml).root;
  const data = descendantsNamed(root, XMLENC, 'EncryptedData');
  const references = descendantsNamed(root, XMLENC, 'CipherReference');
  const uris = references
    .map((el) => el.attribs.URI ?? '')
    .filter((uri) => !/\.(otf|ttf|woff2?)$/i.test(uri));
  return uris.length > 0 || data.length > references.length ? uris : undefined;
}

/** Why a spine item was left out, as a clause: "foo.dmg is application/octet-stream and …". */
function skippedWhy(item: SkippedSpineItem): string {
  if (!item.href) return `spine item "${item.id}" is not in the manifest`;
  return `${item.href} is ${item.mediaType || 'of no media type'} and ${item.reason}`;
}

/**
 * The archive's entries by their names in the book: as they are, or, where `META-INF/container.xml` is
 * missing but one top-level folder holds one (a book's folder zipped whole: the Debian Edu manuals), the
 * entries of that folder named from it (`folder`). Pure.
 */
export function bookRoot<T>(all: Map<string, T>): { entries: Map<string, T>; folder?: string } {
  if (all.has('META-INF/container.xml')) return { entries: all };
  const roots = [...all.keys()].filter((name) => /^[^/]+\/META-INF\/container\.xml$/.test(name));
  const [only] = roots;
  if (roots.length !== 1 || only === undefined) return { entries: all };
  const prefix = only.slice(0, only.indexOf('/') + 1);
  const entries = new Map<string, T>();
  for (const [name, entry] of all) if (name.startsWith(prefix)) entries.set(name.slice(prefix.length), entry);
  return { entries, folder: prefix.slice(0, -1) };
}

/** What an EPUB's mimetype file says. */
export const EPUB_MEDIA_TYPE = 'application/epub+zip';

/** The warning for a mimetype file that is missing (`declared` undefined) or says something else. */
function mimetypeWarning(file: string, declared: string | undefined): string {
  const what =
    declared === undefined
      ? 'has no mimetype file'
      : `has a mimetype file that says ${JSON.stringify(declared.replace(/[^\x20-\x7e]/g, '?').slice(0, 60))}, not ${EPUB_MEDIA_TYPE}`;
  return `${file}: the archive ${what}; it is read as an EPUB, since META-INF/container.xml names its package`;
}

/**
 * The package with each manifest href (and guide reference) that names a file the archive holds in another
 * letter case alone pointed at that file (`sameFile`, a `caseMatcher` of the archive's entries);
 * `onRecased` hears of them, once. Such a book's documents had all been missing.
 */
function withEntryCase(
  pkg: PackageDocument,
  sameFile: (path: string) => string | undefined,
  onRecased: (paths: string[]) => void,
): PackageDocument {
  const recased: string[] = [];
  const manifest = new Map(
    [...pkg.manifest].map(([id, item]) => {
      const found = item.path === null ? undefined : sameFile(item.path);
      if (!found) return [id, item];
      recased.push(item.path as string);
      return [id, { ...item, path: found }];
    }),
  );
  const guide = pkg.guide.map((ref) => {
    const found = sameFile(ref.path);
    return found ? { ...ref, path: found } : ref;
  });
  if (recased.length > 0) onRecased(recased);
  return { ...pkg, manifest, guide };
}

function recasedWarning(file: string, paths: readonly string[]): string {
  const named = paths.slice(0, MISSING_NAMED).join(', ');
  const more = paths.length > MISSING_NAMED ? ` and ${formatCount(paths.length - MISSING_NAMED)} more` : '';
  return `${file}: the package names ${formatCount(paths.length)} file(s) in another letter case than the archive (${named}${more}); they are read from the files so named`;
}

/** Spine documents named in a warning; the others are counted. */
const MISSING_NAMED = 5;

/** One warning for every spine document the archive lacks. */
function missingWarning(file: string, paths: readonly string[]): string {
  if (paths.length === 1)
    return `${file}: spine document ${paths[0]} is missing from the archive; the book is read without it (a complete copy would have its text)`;
  const named = paths.slice(0, MISSING_NAMED).join(', ');
  const more = paths.length > MISSING_NAMED ? ` and ${formatCount(paths.length - MISSING_NAMED)} more` : '';
  return `${file}: ${formatCount(paths.length)} spine documents are missing from the archive (${named}${more}); the book is read without them (a complete copy would have their text)`;
}

/**
 * Checks an EPUB's structure from its central directory and its small XML files before a full parser
 * touches it (zip bombs, DRM, zip entries outside the book, a missing container or OPF), and reads the
 * package by namespace (any prefix): the reading order, the guide, the nav and the NCX. A non-XHTML/SVG
 * spine item is replaced by its manifest fallback; one without a fallback, one not in the manifest and
 * one whose document the archive lacks are skipped with a warning to `reporter`, as reading systems
 * skip them. Hrefs resolve inside the container (`resolveInContainer`).
 */
export async function checkEpub(
  file: string,
  limits: ExtractLimits,
  reporter: Reporter = silentReporter,
): Promise<EpubLayout> {
  const list = await readCentralDirectory(file);
  checkZipLimits(file, list, limits);
  const { entries, folder } = bookRoot(new Map(list.map((e) => [e.name, e])));
  if (folder !== undefined)
    reporter.warn(
      `${file}: the book's files are in the archive's folder "${folder}", not at its root (a folder zipped whole); they are read from there`,
    );
  for (const entry of list) {
    if (entry.name.startsWith('/') || entry.name.split('/').includes('..')) {
      throw problem(
        'EPUB_PATH_ESCAPES',
        file,
        `zip entry "${entry.name}" points outside the book`,
        'The file is malformed or malicious; do not use it.',
      );
    }
    if (entry.flags & 1) {
      throw problem(
        'EPUB_ENCRYPTED',
        file,
        `entry ${entry.name} is encrypted`,
        'DRM-protected books cannot be read; use a DRM-free copy.',
      );
    }
  }
  const container = entries.get('META-INF/container.xml');
  if (!container) {
    throw problem(
      'EPUB_NO_CONTAINER',
      file,
      'META-INF/container.xml is missing, so this is not a valid EPUB',
      'Re-export the book as EPUB 2 or 3.',
    );
  }
  // Reading systems go by container.xml and open a book whose mimetype file is missing or says
  // something else (a folder zipped by hand); so does extract, with a warning.
  const mimetype = entries.get('mimetype');
  const declared = mimetype ? (await readEntry(file, mimetype)).toString('latin1').trim() : undefined;
  if (declared !== EPUB_MEDIA_TYPE) reporter.warn(mimetypeWarning(file, declared));
  const encryption = entries.get('META-INF/encryption.xml');
  if (encryption) {
    const encrypted = encryptedContent(markupText(await readEntry(file, encryption)));
    if (encrypted) {
      throw problem(
        'EPUB_DRM',
        file,
        `the book is DRM-protected (META-INF/encryption.xml lists ${encrypted[0] ?? 'content'})`,
        'DRM-protected books cannot be read; use a DRM-free copy.',
      );
    }
  }
  const sameFile = caseMatcher(entries.keys());
  const named = packagePath(file, markupText(await readEntry(file, container)));
  const opfPath = sameFile(named) ?? named;
  const opfEntry = entries.get(opfPath);
  if (!opfEntry) {
    throw problem(
      'EPUB_NO_OPF',
      file,
      `the package file ${opfPath} named in container.xml is missing`,
      'Re-export the book as EPUB 2 or 3.',
    );
  }
  const pkg = withEntryCase(
    parsePackageDocument(markupText(await readEntry(file, opfEntry)), opfPath, { file }),
    sameFile,
    (recased) => reporter.warn(recasedWarning(file, recased)),
  );
  const inBook = (item: ManifestItem | undefined): string | undefined =>
    item?.path && entries.has(item.path) ? item.path : undefined;
  const navPath = inBook([...pkg.manifest.values()].find((item) => item.properties.includes('nav')));
  const spine: SpineDocument[] = [];
  const skipped: SkippedSpineItem[] = [];
  const missing: string[] = [];
  const listed = new Set<string>();
  let again = 0;
  const fixedLayout = PRE_PAGINATED.test(pkg.metadataSource);
  for (const ref of pkg.spine) {
    const declared = pkg.manifest.get(ref.idref);
    if (!declared) {
      skipped.push({ id: ref.idref, href: '', mediaType: '', reason: 'it is not in the manifest' });
      reporter.warn(
        `${file}: spine item "${ref.idref}" is not in the manifest, so no document stands for it; the book is read without it`,
      );
      continue;
    }
    const found = followFallbacks(pkg.manifest, ref.idref);
    const path = found.item?.path;
    if (!found.item || !path) {
      const reason = found.item ? `its document ${found.item.href} is outside the book` : found.reason;
      skipped.push({ id: ref.idref, href: declared.href, mediaType: declared.mediaType, reason });
      reporter.warn(
        `${file}: spine item "${ref.idref}" (${declared.href}, ${declared.mediaType || 'no media type'}) is skipped: ${reason}; only XHTML and SVG documents are read`,
      );
      continue;
    }
    const { item, kind } = found;
    // A document the spine has listed already (SiSU lists "about.xhtml#o8", "about.xhtml#o12" … as items
    // of their own after "about.xhtml") is read once, where it first comes. A reading system shows it
    // again; a dataset would teach its text again.
    if (listed.has(path)) {
      again += 1;
      continue;
    }
    listed.add(path);
    if (!entries.has(path)) {
      // A packaging mistake the reader of the book cannot mend: reading systems show the rest, and so
      // does extract, saying what is lost.
      const reason = 'its document is missing from the archive';
      skipped.push({ id: ref.idref, href: declared.href, mediaType: declared.mediaType, reason });
      missing.push(path);
      continue;
    }
    spine.push({
      id: ref.idref,
      path,
      linear: ref.linear,
      mediaType: item.mediaType || MEDIA_TYPE_OF[kind],
      properties: ref.properties,
      itemProperties: item.properties,
      prePaginated:
        ref.properties.includes('rendition:layout-pre-paginated') ||
        (fixedLayout && !ref.properties.includes('rendition:layout-reflowable')),
    });
  }
  if (missing.length > 0 && spine.length > 0) reporter.warn(missingWarning(file, missing));
  if (again > 0)
    reporter.warn(
      `${file}: the spine lists ${again} document${again === 1 ? '' : 's'} again; each is read once, where it first comes`,
    );
  if (spine.length === 0) {
    const first = skipped[0];
    throw problem(
      'EPUB_EMPTY_SPINE',
      file,
      first
        ? `none of the spine's ${skipped.length} document(s) can be read (${skippedWhy(first)})`
        : 'the spine lists no documents',
      'The book has no readable content: KalviMate reads XHTML and SVG content documents.',
    );
  }
  const ncxPath =
    inBook(pkg.spineToc ? pkg.manifest.get(pkg.spineToc) : undefined) ??
    inBook([...pkg.manifest.values()].find((item) => item.mediaType === NCX_MEDIA_TYPE));
  return {
    opfPath,
    entries,
    spine,
    skipped,
    guide: pkg.guide,
    ...(navPath ? { navPath } : {}),
    ...(ncxPath ? { ncxPath } : {}),
  };
}
