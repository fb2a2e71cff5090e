import { basename, extname } from 'node:path';
import { z } from 'zod';
import { UserInputError } from './errors.js';
import { parseYamlText } from './yaml-text.js';

/** The version of the catalogue file format this code writes and reads. */
export const CATALOGUE_SCHEMA_VERSION = 1;

/** A book id: the name of its folder under `books/` and its tag in the dataset. */
const BOOK_ID = /^[\p{L}\p{N}_-][\p{L}\p{M}\p{N}._-]*$/u;

/** One book of a catalogue, as the user writes it. */
export const CatalogueEntrySchema = z
  .object({
    /** The EPUB, relative to the catalogue file's folder (or absolute). */
    file: z.string().trim().min(1, 'the EPUB file is missing'),
    /** Stable id (folder name, dataset tag); from the file name when absent. */
    id: z
      .string()
      .trim()
      .regex(BOOK_ID, 'use letters, digits, ".", "_" and "-", not starting with a dot')
      .max(80)
      .optional(),
    /** Overrides the title the EPUB gives. */
    title: z.string().trim().min(1).optional(),
    /** BCP 47 code (`ta`, `en-IN`); overrides the EPUB's dc:language. */
    language: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, 'expected a language code such as "ta" or "en-IN"')
      .optional(),
    subject: z.string().trim().min(1).optional(),
    /** Class or grade, as the board names it ("9", "XII", "Class 10"). */
    grade: z
      .union([z.string().trim().min(1), z.number().int().min(0)])
      .transform(String)
      .optional(),
    /** Template names to use for this book (default: every template). */
    templates: z.array(z.string().trim().min(1)).min(1).optional(),
    /** Pilot: at most this many topics of this book. */
    limit: z.number().int().positive().optional(),
  })
  .strict();

export type CatalogueEntryInput = z.input<typeof CatalogueEntrySchema>;

/** One book of a catalogue, with its id decided. */
export interface CatalogueBook extends Omit<z.output<typeof CatalogueEntrySchema>, 'id'> {
  id: string;
}

/** A catalogue: the books of one dataset. */
export interface Catalogue {
  schemaVersion: number;
  books: CatalogueBook[];
}

const CatalogueFileSchema = z
  .object({
    schemaVersion: z.literal(CATALOGUE_SCHEMA_VERSION).default(CATALOGUE_SCHEMA_VERSION),
    books: z.array(z.unknown()).min(1, 'the catalogue lists no books'),
  })
  .strict();

/**
 * A book id from an EPUB's file name: lower case, runs of anything but letters, marks and digits as one
 * "-" ("Science Class 9 (EM).epub" → "science-class-9-em"; Tamil names keep their letters).
 */
export function bookIdFromFile(file: string): string {
  const stem = basename(file, extname(file)).normalize('NFC').toLowerCase();
  const id = stem
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return id === '' || !BOOK_ID.test(id) ? 'book' : id;
}

function entryName(index: number, raw: unknown): string {
  const file = raw && typeof raw === 'object' && 'file' in raw ? (raw as { file: unknown }).file : undefined;
  return typeof file === 'string' && file.trim() !== ''
    ? `books[${index}] (${file.trim()})`
    : `books[${index}]`;
}

function invalid(source: string, where: string, problem: string): UserInputError {
  return new UserInputError('CATALOGUE_INVALID', `${source}: ${where}: ${problem}`, {
    file: source,
    hint: 'Each entry of "books" needs "file" (the EPUB) and may give id, title, language, subject, grade, templates and limit.',
  });
}

/**
 * Validates a catalogue's parsed content: every entry, ids decided (from the file name when absent) and
 * unique. Errors name the catalogue file and the entry (`books[2] (physics.epub): limit: …`). Pure.
 */
export function validateCatalogue(value: unknown, source: string): Catalogue {
  const top = CatalogueFileSchema.safeParse(value);
  if (!top.success) {
    const issue = top.error.issues[0];
    throw invalid(source, issue?.path.join('.') || 'the catalogue', issue?.message ?? 'invalid');
  }
  const books: CatalogueBook[] = [];
  const seen = new Map<string, string>();
  top.data.books.forEach((raw, index) => {
    const parsed = CatalogueEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : 'the entry';
      throw invalid(source, `${entryName(index, raw)}: ${field}`, issue?.message ?? 'invalid');
    }
    const id = parsed.data.id ?? bookIdFromFile(parsed.data.file);
    const earlier = seen.get(id);
    if (earlier !== undefined)
      throw invalid(
        source,
        entryName(index, raw),
        `book id "${id}" is already used by ${earlier}; give one of them its own "id"`,
      );
    seen.set(id, entryName(index, raw));
    books.push({ ...parsed.data, id });
  });
  return { schemaVersion: top.data.schemaVersion, books };
}

/**
 * Parses a catalogue file's text: JSON (`.json`) or YAML (`.yaml`, `.yml`), then `validateCatalogue`.
 * @example parseCatalogue(readFileSync(path, 'utf8'), path)
 */
export function parseCatalogue(text: string, source: string): Catalogue {
  const yaml = /\.ya?ml$/i.test(source);
  let value: unknown;
  try {
    value = yaml ? parseYamlText(text) : JSON.parse(text);
  } catch (cause) {
    const first = (cause as Error).message.split('\n')[0];
    throw new UserInputError(
      'CATALOGUE_NOT_PARSED',
      `${source}: not valid ${yaml ? 'YAML' : 'JSON'} (${first})`,
      {
        file: source,
        cause,
        hint: 'A catalogue is a JSON (.json) or YAML (.yaml, .yml) file with a "books" list.',
      },
    );
  }
  return validateCatalogue(value, source);
}

/**
 * A catalogue from EPUB paths alone (`kalvimate run a.epub b.epub`, a folder of EPUBs): ids from the file
 * names, a number added when two names give the same id ("science-9", "science-9-2").
 */
export function catalogueFromEpubs(files: readonly string[]): Catalogue {
  const used = new Set<string>();
  const books = files.map((file) => {
    const base = bookIdFromFile(file);
    let id = base;
    for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
    used.add(id);
    return { file, id };
  });
  return { schemaVersion: CATALOGUE_SCHEMA_VERSION, books };
}
