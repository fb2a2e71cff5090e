import { join } from 'node:path';
import { type Book, BookSchema, type Chapter, ChapterSchema } from './book-schema.js';
import { type JsonFileDescription, readJsonFile } from './json-file.js';
import { mapPool } from './pool.js';
import { WORKSPACE_NAMES } from './workspace.js';

const BOOK_FILE: Omit<JsonFileDescription, 'what'> = {
  code: 'BOOK_FILE',
  missingHint:
    'Run the stage that writes this folder first (kalvimate extract), or pass the right --in folder.',
  invalidHint:
    'The folder was not written by this version of KalviMate or was edited by hand; run extract again.',
};

const CHAPTER_FILE = /^chapter_\d+\.json$/;

/**
 * True for a name extract or preprocess writes into a book folder (`book.json`, `chapter_N.json`,
 * `changes.json`): what they may replace when they write the folder again.
 */
export function isBookFolderEntry(name: string): boolean {
  return name === WORKSPACE_NAMES.book || name === WORKSPACE_NAMES.changes || CHAPTER_FILE.test(name);
}

/** Chapter files read at once (libuv's thread pool has four threads). */
const CHAPTERS_AT_ONCE = 4;

/** Reads and validates a book folder (`book.json` + the `chapter_N.json` files it lists). */
export async function readBookFolder(dir: string): Promise<{ book: Book; chapters: Chapter[] }> {
  const book = await readJsonFile(join(dir, WORKSPACE_NAMES.book), BookSchema, {
    ...BOOK_FILE,
    what: 'book.json',
  });
  // A few chapters at a time: the thread pool reads the next files while this thread parses one.
  const chapters: Chapter[] = await mapPool(book.chapters, CHAPTERS_AT_ONCE, (ref) =>
    readJsonFile(join(dir, ref.file), ChapterSchema, { ...BOOK_FILE, what: 'chapter file' }),
  );
  return { book, chapters };
}
