import { posix } from 'node:path';
import { UserInputError } from '@kalvimate/core';
import * as cheerio from 'cheerio';
import type { ExtractLimits } from './options.js';
import { checkZipLimits, readCentralDirectory, readEntry, type ZipEntry } from './zip-inspect.js';

/** What the structural check learned about the book, for the reader that follows. */
export interface EpubLayout {
  opfPath: string;
  entries: Map<string, ZipEntry>;
  /** Spine documents in reading order: manifest id and zip path. */
  spine: Array<{ id: string; path: string }>;
  /** Zip path of the EPUB 3 navigation document, when the package names one. */
  navPath?: string;
  /** Zip path of the EPUB 2 NCX, when the spine names one. */
  ncxPath?: string;
}

function problem(code: string, file: string, text: string, hint: string): UserInputError {
  return new UserInputError(code, `${file}: ${text}`, { file, hint });
}

/** A manifest href as a zip path; a malformed `%` escape is the book's mistake, not ours. */
function decodeHref(href: string, id: string, file: string): string {
  try {
    return decodeURIComponent(href.split('#')[0] ?? href);
  } catch (cause) {
    if (!(cause instanceof URIError)) throw cause;
    throw new UserInputError(
      'EPUB_BAD_HREF',
      `${file}: manifest item "${id}" (${href}) has a malformed % escape`,
      {
        file,
        cause,
        hint: 'The package file is malformed; re-export the book.',
      },
    );
  }
}

/**
 * Checks an EPUB's structure from its central directory and its two small XML files before a full
 * parser touches it: zip bombs, DRM, missing container/OPF/spine documents, manifest paths that
 * escape the book.
 */
export async function checkEpub(file: string, limits: ExtractLimits): Promise<EpubLayout> {
  const list = await readCentralDirectory(file);
  checkZipLimits(file, list, limits);
  const entries = new Map(list.map((e) => [e.name, e]));
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
  const encryption = entries.get('META-INF/encryption.xml');
  if (encryption) {
    const xml = cheerio.load((await readEntry(file, encryption)).toString('utf8'), { xml: true });
    const encrypted = xml('EncryptedData CipherReference, enc\\:CipherReference')
      .toArray()
      .map((el) => xml(el).attr('URI') ?? '')
      .filter((uri) => !/\.(otf|ttf|woff2?)$/i.test(uri));
    if (
      encrypted.length > 0 ||
      xml('EncryptedData, enc\\:EncryptedData').length > xml('CipherReference, enc\\:CipherReference').length
    ) {
      throw problem(
        'EPUB_DRM',
        file,
        `the book is DRM-protected (META-INF/encryption.xml lists ${encrypted[0] ?? 'content'})`,
        'DRM-protected books cannot be read; use a DRM-free copy.',
      );
    }
  }
  const containerXml = cheerio.load((await readEntry(file, container)).toString('utf8'), { xml: true });
  const opfPath = containerXml('rootfile').first().attr('full-path');
  if (!opfPath) {
    throw problem(
      'EPUB_NO_ROOTFILE',
      file,
      'META-INF/container.xml names no package (OPF) file',
      'Re-export the book as EPUB 2 or 3.',
    );
  }
  const opfEntry = entries.get(opfPath);
  if (!opfEntry) {
    throw problem(
      'EPUB_NO_OPF',
      file,
      `the package file ${opfPath} named in container.xml is missing`,
      'Re-export the book as EPUB 2 or 3.',
    );
  }
  const opf = cheerio.load((await readEntry(file, opfEntry)).toString('utf8'), { xml: true });
  const base = posix.dirname(opfPath);
  const manifest = new Map<string, string>();
  let navPath: string | undefined;
  for (const item of opf('manifest > item').toArray()) {
    const id = opf(item).attr('id');
    const href = opf(item).attr('href');
    if (!id || !href) continue;
    const decoded = decodeHref(href, id, file);
    const path = posix.normalize(posix.join(base, decoded));
    if (path.startsWith('../') || path === '..' || posix.isAbsolute(decoded)) {
      throw problem(
        'EPUB_PATH_ESCAPES',
        file,
        `manifest item "${id}" (${href}) points outside the book`,
        'The file is malformed or malicious; do not use it.',
      );
    }
    manifest.set(id, path);
    if (/(?:^|\s)nav(?:\s|$)/.test(opf(item).attr('properties') ?? '') && entries.has(path)) navPath = path;
  }
  const spine: Array<{ id: string; path: string }> = [];
  for (const ref of opf('spine > itemref').toArray()) {
    const id = opf(ref).attr('idref') ?? '';
    const path = manifest.get(id);
    if (!path) {
      throw problem(
        'EPUB_BAD_SPINE',
        file,
        `spine item "${id}" is not in the manifest`,
        'The package file is malformed; re-export the book.',
      );
    }
    if (!entries.has(path)) {
      throw problem(
        'EPUB_MISSING_DOCUMENT',
        file,
        `spine document ${path} is missing from the archive`,
        'The book is incomplete; re-export it.',
      );
    }
    spine.push({ id, path });
  }
  if (spine.length === 0)
    throw problem(
      'EPUB_EMPTY_SPINE',
      file,
      'the spine lists no documents',
      'The book has no readable content.',
    );
  const ncxPath = manifest.get(opf('spine').first().attr('toc') ?? '');
  return {
    opfPath,
    entries,
    spine,
    ...(navPath ? { navPath } : {}),
    ...(ncxPath && entries.has(ncxPath) ? { ncxPath } : {}),
  };
}
