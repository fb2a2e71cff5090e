import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  type Catalogue,
  type CatalogueBook,
  type CatalogueEntryInput,
  catalogueFromEpubs,
  parseCatalogue,
  UserInputError,
  validateCatalogue,
} from '@kalvimate/core';
import { findRawEpub } from '../stages/extract.js';

/** Where the books of a catalogue run come from: exactly one of the three. */
export interface CatalogueSource {
  /** The entries themselves (as a catalogue file's `books`); files relative to `cwd`. */
  books?: readonly CatalogueEntryInput[];
  /** A catalogue file (`kalvimate.catalogue.json`, `.yaml`, `.yml`); files relative to its folder. */
  catalogueFile?: string;
  /** EPUB files and folders of EPUBs; ids from the file names. */
  epubs?: readonly string[];
}

/** A catalogue whose every book file is an absolute path to an EPUB that exists. */
export interface ResolvedCatalogue extends Catalogue {
  /** What the books came from, as errors name it: the catalogue file, `books`, or `the EPUBs given`. */
  source: string;
}

function entryLabel(index: number, book: CatalogueBook): string {
  return `books[${index}] (${book.file})`;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The EPUBs a path names: itself, or the `.epub` files of a folder (sorted by name). */
async function epubsAt(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new UserInputError('EPUB_NOT_FOUND', `EPUB not found: ${path}`, {
      file: path,
      hint: 'Name EPUB files or folders that hold them: kalvimate run a.epub b.epub, or kalvimate run books/',
    });
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.epub')).sort();
  if (names.length === 0) {
    throw new UserInputError('CATALOGUE_EMPTY_FOLDER', `${path}: the folder holds no .epub file`, {
      file: path,
      hint: 'Put the books (.epub) in the folder, or name the EPUB files themselves.',
    });
  }
  return names.map((n) => join(path, n));
}

async function readCatalogueFile(file: string): Promise<Catalogue> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new UserInputError('CATALOGUE_NOT_FOUND', `catalogue file not found: ${file}`, {
      file,
      cause,
      hint: 'Check the --catalogue path (a kalvimate.catalogue.json or .yaml file with a "books" list).',
    });
  }
  return parseCatalogue(text, file);
}

/**
 * The books of a catalogue run from one source, validated: ids decided and unique, every file made
 * absolute and checked to be there. Errors name the source and the entry (`books[2] (physics.epub)`).
 * Reads, never writes.
 * @example await resolveCatalogue({ catalogueFile: 'kalvimate.catalogue.json' })
 */
export async function resolveCatalogue(
  input: CatalogueSource,
  cwd: string = process.cwd(),
): Promise<ResolvedCatalogue> {
  const given = [input.books, input.catalogueFile, input.epubs].filter((s) => s !== undefined).length;
  if (given !== 1) {
    throw new UserInputError(
      'CATALOGUE_SOURCE',
      given === 0
        ? 'a catalogue run needs books: a catalogue file, EPUB files or a folder of them'
        : 'give the books one way: a catalogue file, or EPUB files and folders, not both',
      {
        hint: 'kalvimate run a.epub b.epub, kalvimate run books/, or kalvimate run --catalogue kalvimate.catalogue.json',
      },
    );
  }
  let catalogue: Catalogue;
  let source: string;
  let base: string;
  if (input.catalogueFile !== undefined) {
    source = resolve(cwd, input.catalogueFile);
    base = dirname(source);
    catalogue = await readCatalogueFile(source);
  } else if (input.books !== undefined) {
    source = 'books';
    base = cwd;
    catalogue = validateCatalogue({ books: input.books }, source);
  } else {
    source = 'the EPUBs given';
    base = cwd;
    const files: string[] = [];
    for (const path of input.epubs ?? []) files.push(...(await epubsAt(resolve(cwd, path))));
    if (files.length === 0) {
      throw new UserInputError('CATALOGUE_SOURCE', 'no EPUB was given', {
        hint: 'kalvimate run a.epub b.epub, or kalvimate run books/',
      });
    }
    const seen = new Set<string>();
    catalogue = catalogueFromEpubs(files.filter((f) => !seen.has(f) && seen.add(f)));
  }
  const books: CatalogueBook[] = [];
  for (const [index, book] of catalogue.books.entries()) {
    const file = resolve(base, book.file);
    if (!(await isFile(file))) {
      throw new UserInputError(
        'CATALOGUE_EPUB_NOT_FOUND',
        `${source}: ${entryLabel(index, book)}: EPUB not found: ${file}`,
        {
          file: source,
          hint: 'Fix the "file" of the entry (relative to the catalogue file\'s folder), or remove the entry.',
        },
      );
    }
    books.push({ ...book, file });
  }
  return { schemaVersion: catalogue.schemaVersion, books, source };
}

/**
 * Whether the books named on a command line make a catalogue run, and from what: a catalogue file,
 * several EPUBs, or a folder. Undefined for one EPUB file (or none): a one-book run.
 * @example await catalogueSourceOf(['a.epub', 'b.epub']) // { epubs: ['a.epub', 'b.epub'] }
 */
export async function catalogueSourceOf(
  paths: readonly string[],
  catalogueFile: string | undefined,
  cwd: string = process.cwd(),
): Promise<CatalogueSource | undefined> {
  if (catalogueFile !== undefined) {
    if (paths.length > 0) {
      throw new UserInputError('CATALOGUE_SOURCE', 'give EPUBs or --catalogue FILE, not both', {
        hint: 'List the EPUBs in the catalogue file, or leave --catalogue out.',
      });
    }
    return { catalogueFile };
  }
  if (paths.length > 1) return { epubs: [...paths] };
  const [only] = paths;
  if (only === undefined) return undefined;
  const info = await stat(resolve(cwd, only)).catch(() => undefined);
  return info?.isDirectory() ? { epubs: [only] } : undefined;
}

/** What `kalvimate run` runs: a catalogue, or one book and where it came from. */
export type RunSource =
  | { catalogue: CatalogueSource }
  | { epub: string; from: 'argument' | 'sample' | 'raw-folder' | 'sample-fallback' };

/**
 * What a run's command line names: a catalogue (several EPUBs, a folder of them, a catalogue file), or
 * one book: the EPUB given, the sample with `sample`, else the one `.epub` in `rawDir`, else the sample
 * (`sample-fallback`, for the caller to say so).
 * @example await runSourceOf({ epubs: [], sampleEpub, rawDir: 'data/raw' }) // { epub: 'data/raw/book.epub', from: 'raw-folder' }
 */
export async function runSourceOf(options: {
  epubs: readonly string[];
  catalogueFile?: string;
  sample?: boolean;
  sampleEpub: string;
  rawDir: string;
  cwd?: string;
}): Promise<RunSource> {
  const cwd = options.cwd ?? process.cwd();
  const catalogue = await catalogueSourceOf(options.epubs, options.catalogueFile, cwd);
  if (catalogue) return { catalogue };
  const [epub] = options.epubs;
  if (epub !== undefined && options.sample) {
    throw new UserInputError('RUN_EPUB_AND_SAMPLE', 'give an EPUB or --sample, not both', {
      hint: 'kalvimate run path/to/book.epub, or kalvimate run --sample',
    });
  }
  if (epub !== undefined) return { epub: resolve(cwd, epub), from: 'argument' };
  if (options.sample) return { epub: options.sampleEpub, from: 'sample' };
  const raw = await findRawEpub(options.rawDir);
  return raw ? { epub: raw, from: 'raw-folder' } : { epub: options.sampleEpub, from: 'sample-fallback' };
}
