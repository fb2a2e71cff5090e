import { UserInputError } from '@kalvimate/core';

/** A reference resolved to a file of the container: its zip path and its fragment, if any. */
export interface ContainerRef {
  /** Zip path from the container root ('' for the root itself); never starts with `/`, never holds `..`. */
  path: string;
  /** The part after `#`, percent-decoded. */
  fragment?: string;
}

/** Where an href was read, for the error message of one that cannot be parsed. */
export interface HrefContext {
  /** The EPUB file. */
  file?: string;
  /** The document that holds the href (e.g. `EPUB/package.opf`). */
  source?: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const DOT = /^(?:\.|%2e)$/i;
const DOT_DOT = /^(?:\.|%2e){2}$/i;

function badHref(href: string, context: HrefContext, cause: unknown): UserInputError {
  const where = [context.file, context.source].filter((s) => s !== undefined && s !== '').join(': ');
  return new UserInputError(
    'EPUB_BAD_HREF',
    `${where ? `${where}: ` : ''}the href "${href}" has a malformed percent-escape`,
    {
      ...(context.file ? { file: context.file } : {}),
      cause,
      hint: 'The book is malformed (a literal % must be written %25): fix the href or re-export the book.',
    },
  );
}

/** Splits a path into segments, resolving `.` and `..`; `..` at the root stays at the root. */
function dotSegments(segments: readonly string[], into: string[]): string[] {
  for (const segment of segments) {
    if (segment === '' || DOT.test(segment)) continue;
    if (DOT_DOT.test(segment)) into.pop();
    else into.push(segment);
  }
  return into;
}

/**
 * Resolves an href found in the container (manifest, spine, TOC, `src`) to a zip path, as EPUB 3.3
 * resolves URLs against the container root: a leading `/` is the root, `..` stops at the root (it never
 * leaves the book), percent-escapes are decoded and the query is dropped. `baseDir` is the folder of
 * the referring file ('' for the root). Returns null for an href that is not in the container (another
 * scheme such as `https:` or `mailto:`, or `//host/…`). A malformed percent-escape is a
 * `UserInputError` (`EPUB_BAD_HREF`) naming `context.file`, `context.source` and the href.
 * @example resolveInContainer('EPUB/text', '../../../img/a%20b.png#x') // { path: 'img/a b.png', fragment: 'x' }
 */
export function resolveInContainer(
  baseDir: string,
  href: string,
  context: HrefContext = {},
): ContainerRef | null {
  const trimmed = href.trim();
  if (SCHEME.test(trimmed) || trimmed.startsWith('//')) return null;
  const hash = trimmed.indexOf('#');
  const beforeHash = hash === -1 ? trimmed : trimmed.slice(0, hash);
  const rawFragment = hash === -1 ? undefined : trimmed.slice(hash + 1);
  const query = beforeHash.indexOf('?');
  const rawPath = query === -1 ? beforeHash : beforeHash.slice(0, query);
  const start = rawPath.startsWith('/') ? [] : dotSegments(baseDir.split('/'), []);
  // Dot segments are resolved on the URL, then again on the decoded names, so that an escaped
  // slash (`..%2F..%2Fetc`) cannot walk out of the book either.
  const encoded = dotSegments(rawPath.split('/'), start);
  let decoded: string[];
  let fragment: string | undefined;
  try {
    decoded = encoded.map((segment) => decodeURIComponent(segment));
    fragment = rawFragment === undefined || rawFragment === '' ? undefined : decodeURIComponent(rawFragment);
  } catch (cause) {
    throw badHref(href, context, cause);
  }
  const path = dotSegments(decoded.join('/').split('/'), []).join('/');
  return fragment === undefined ? { path } : { path, fragment };
}

/**
 * Resolves an href written inside the document at `documentPath`: like `resolveInContainer` from the
 * document's folder, except that a same-document reference (`#note-3`, or '') is that document.
 */
export function resolveFromDocument(
  documentPath: string,
  href: string,
  context: HrefContext = {},
): ContainerRef | null {
  const slash = documentPath.lastIndexOf('/');
  const baseDir = slash === -1 ? '' : documentPath.slice(0, slash);
  const pathPart = href.trim().split('#')[0] ?? '';
  const resolved = resolveInContainer(baseDir, href, { source: documentPath, ...context });
  if (resolved && pathPart.split('?')[0] === '') return { ...resolved, path: documentPath };
  return resolved;
}
