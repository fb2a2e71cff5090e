import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { type Book, BookSchema, type Chapter, ChapterSchema } from './book-schema.js';
import { UserInputError } from './errors.js';

async function readValidated<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new UserInputError('BOOK_FILE_MISSING', `${what} not found: ${file}`, {
      file,
      cause,
      hint: 'Run the stage that writes this folder first (kalvimate extract), or pass the right --in folder.',
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new UserInputError('BOOK_FILE_NOT_JSON', `${file}: not valid JSON (${(cause as Error).message})`, {
      file,
      cause,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? `field ${issue.path.join('.')}` : 'the file';
    throw new UserInputError('BOOK_FILE_INVALID', `${file}: ${field}: ${issue?.message ?? 'invalid'}`, {
      file,
      hint: 'The folder was not written by this version of KalviMate or was edited by hand; run extract again.',
    });
  }
  return parsed.data;
}

/** Reads and validates a book folder (`book.json` + the `chapter_N.json` files it lists). */
export async function readBookFolder(dir: string): Promise<{ book: Book; chapters: Chapter[] }> {
  const book = await readValidated(join(dir, 'book.json'), BookSchema, 'book.json');
  const chapters: Chapter[] = [];
  for (const ref of book.chapters)
    chapters.push(await readValidated(join(dir, ref.file), ChapterSchema, 'chapter file'));
  return { book, chapters };
}
