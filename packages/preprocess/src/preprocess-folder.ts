import { join, resolve } from 'node:path';
import {
  commitDirectory,
  isBookFolderEntry,
  type Reporter,
  readBookFolder,
  runToEnd,
  silentReporter,
  UserInputError,
  WORKSPACE_NAMES,
  writeJsonAtomic,
} from '@kalvimate/core';
import type { PreprocessOptionsInput } from './options.js';
import { cleanChaptersEvents } from './preprocess-book.js';

export interface PreprocessFolderOptions extends PreprocessOptionsInput {
  reporter?: Reporter;
}

/** What a preprocess run did, for the CLI and the run report. */
export interface PreprocessSummary {
  inDir: string;
  outDir: string;
  chapters: number;
  topics: number;
  blocks: number;
  fields: number;
  fieldsChanged: number;
  edits: number;
  /** Edits per enabled rule, in rule order. */
  rules: Record<string, number>;
  /** Rules switched off in the options. */
  disabledRules: string[];
  emptiedBlocks: number;
}

/** The name of the change report written beside the chapters. */
export const CHANGES_FILE = WORKSPACE_NAMES.changes;

// A chapter file must be a plain file name inside the folder (book.json names it).
function checkChapterFiles(inDir: string, files: string[]): void {
  const seen = new Set<string>();
  files.forEach((file, i) => {
    const plain = /^[^/\\]+\.json$/.test(file) && file !== WORKSPACE_NAMES.book && file !== CHANGES_FILE;
    if (!plain || seen.has(file)) {
      throw new UserInputError(
        'BOOK_FILE_INVALID',
        `${join(inDir, WORKSPACE_NAMES.book)}: field chapters.${i}.file: "${file}" must be a distinct chapter file name in the folder`,
        {
          file: join(inDir, WORKSPACE_NAMES.book),
          hint: 'Run kalvimate extract again to rewrite the folder.',
        },
      );
    }
    seen.add(file);
  });
}

/**
 * Reads a book folder (book.json + chapter files), cleans it and writes the same schema plus
 * changes.json to `outDir`, which appears whole or not at all. Bad input is a UserInputError
 * naming the file and field, and nothing is written.
 * @example await preprocessFolder('data/structured_chapters', 'data/preprocessed_chapters');
 */
export async function preprocessFolder(
  inDir: string,
  outDir: string,
  options: PreprocessFolderOptions = {},
): Promise<PreprocessSummary> {
  const { reporter = silentReporter, ...rest } = options;
  if (resolve(inDir) === resolve(outDir)) {
    throw new UserInputError(
      'PREPROCESS_SAME_FOLDER',
      `--in and --out are the same folder: ${resolve(inDir)}`,
      {
        hint: 'Write the cleaned book to another folder (default: <data-dir>/preprocessed_chapters).',
      },
    );
  }
  reporter.phase('reading the book');
  const { book, chapters } = await readBookFolder(inDir);
  checkChapterFiles(
    inDir,
    book.chapters.map((c) => c.file),
  );
  // The chapters were read for this alone: cleaned in place, not copied first.
  const result = await runToEnd(cleanChaptersEvents(book, chapters, rest), reporter);

  reporter.phase('writing', result.chapters.length + 2, 'files');
  // What this book names its chapter files (top-level names), besides extract's own chapter_N.json.
  const chapterFiles = new Set(result.book.chapters.map((ref) => ref.file.split(/[\\/]/)[0] ?? ref.file));
  const owns = (name: string) => isBookFolderEntry(name) || chapterFiles.has(name);
  await commitDirectory(outDir, { owns }, async (dir) => {
    // The book was validated as it was read, and cleaning changes only the text of its fields:
    // validating it again on the way out would cost a second pass over the whole book.
    const files: Array<[string, unknown]> = [
      [WORKSPACE_NAMES.book, result.book],
      ...result.book.chapters.map((ref, i): [string, unknown] => [ref.file, result.chapters[i]]),
      [CHANGES_FILE, result.changes],
    ];
    let written = 0;
    await Promise.all(
      files.map(async ([name, value]) => {
        await writeJsonAtomic(join(dir, name), value);
        written += 1;
        reporter.progress(written, files.length);
      }),
    );
  });

  const { changes } = result;
  const topics = result.chapters.reduce((n, c) => n + c.topics.length, 0);
  const blocks = result.chapters.reduce((n, c) => n + c.topics.reduce((m, t) => m + t.blocks.length, 0), 0);
  for (const emptied of changes.emptiedBlocks)
    reporter.warn(
      `chapter ${emptied.chapter}, topic ${emptied.topic}: block ${emptied.block} (${emptied.type}) is empty after cleaning (kept)`,
    );
  return {
    inDir,
    outDir,
    chapters: result.chapters.length,
    topics,
    blocks,
    fields: changes.fields,
    fieldsChanged: changes.fieldsChanged,
    edits: changes.edits,
    rules: Object.fromEntries(changes.rules.filter((r) => r.enabled).map((r) => [r.name, r.fired])),
    disabledRules: changes.rules.filter((r) => !r.enabled).map((r) => r.name),
    emptiedBlocks: changes.emptiedBlocks.length,
  };
}
