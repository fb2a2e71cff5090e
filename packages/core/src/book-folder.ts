import { join } from 'node:path';
import { type Book, BookSchema, type Chapter, ChapterSchema } from './book-schema.js';
import { type JsonFileDescription, readJsonFile } from './json-file.js';
import { WORKSPACE_NAMES } from './workspace.js';

const BOOK_FILE: Omit<JsonFileDescription, 'what'> = {
  code: 'BOOK_FILE',
  missingHint:
    'Run the stage that writes this folder first (kalvimate extract), or pass the right --in folder.',
  invalidHint:
    'The folder was not written by this version of KalviMate or was edited by hand; run extract again.',
};

/** Reads and validates a book folder (`book.json` + the `chapter_N.json` files it lists). */
export async function readBookFolder(dir: string): Promise<{ book: Book; chapters: Chapter[] }> {
  const book = await readJsonFile(join(dir, WORKSPACE_NAMES.book), BookSchema, {
    ...BOOK_FILE,
    what: 'book.json',
  });
  const chapters: Chapter[] = [];
  for (const ref of book.chapters)
    chapters.push(
      await readJsonFile(join(dir, ref.file), ChapterSchema, { ...BOOK_FILE, what: 'chapter file' }),
    );
  return { book, chapters };
}
