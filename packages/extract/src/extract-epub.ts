import { basename, join } from 'node:path';
import {
  BOOK_SCHEMA_VERSION,
  type Book,
  type Chapter,
  commitDirectory,
  type Reporter,
  sha256File,
  silentReporter,
  type TopicKind,
  UserInputError,
  writeJsonAtomic,
} from '@kalvimate/core';
import { EPub } from 'epub2';
import { type DocumentItem, documentItems } from './dom-items.js';
import { checkEpub } from './epub-check.js';
import { compileHeadingRules } from './headings.js';
import { type ExtractOptionsInput, ExtractOptionsSchema } from './options.js';
import { segmentBook } from './segment.js';

/** What an extraction produced, for the CLI and the run report. */
export interface ExtractSummary {
  book: string;
  language: string;
  chapters: number;
  topics: number;
  numberedTopics: number;
  topicsByKind: Partial<Record<TopicKind, number>>;
  blocks: number;
  figures: number;
  words: number;
  outDir: string;
}

export interface ExtractEpubOptions extends ExtractOptionsInput {
  /** The folder to write `book.json` and `chapter_N.json` into (replaced whole). */
  outDir: string;
  reporter?: Reporter;
}

function firstString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return firstString(value[0]);
  if (value && typeof value === 'object' && '_' in value) return firstString((value as { _: unknown })._);
  return '';
}

async function openEpub(file: string): Promise<EPub> {
  try {
    return await EPub.createAsync(file);
  } catch (cause) {
    throw new UserInputError(
      'EPUB_UNREADABLE',
      `${file}: the EPUB could not be parsed (${(cause as Error).message})`,
      {
        file,
        cause,
        hint: 'Re-export the book as EPUB 2 or 3 and try again.',
      },
    );
  }
}

/** Counts words (runs of letters, marks or digits) in a text. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{M}\p{N}]+/gu)?.length ?? 0;
}

/**
 * Extracts an EPUB into `outDir` as `book.json` + `chapter_N.json` (the folder appears whole or not
 * at all). Bad input is a UserInputError naming the file and the problem.
 * @example await extractEpub('data/raw/book.epub', { outDir: 'data/structured_chapters' });
 */
export async function extractEpub(file: string, options: ExtractEpubOptions): Promise<ExtractSummary> {
  const { outDir, reporter = silentReporter, ...rest } = options;
  const parsed = ExtractOptionsSchema.parse(rest);
  const rules = compileHeadingRules(parsed);
  reporter.phase('checking the EPUB');
  const layout = await checkEpub(file, parsed.limits);
  const sha256 = await sha256File(file);
  const epub = await openEpub(file);
  const byPath = new Map(Object.values(epub.manifest).map((m) => [m.href ?? '', m.id ?? '']));

  reporter.phase('reading documents', layout.spine.length, 'documents');
  const items: DocumentItem[] = [];
  let done = 0;
  for (const doc of layout.spine) {
    const id = epub.manifest[doc.id] ? doc.id : (byPath.get(doc.path) ?? doc.id);
    let html: string;
    try {
      html = await epub.getChapterRawAsync(id);
    } catch (cause) {
      throw new UserInputError(
        'EPUB_DOCUMENT_UNREADABLE',
        `${file}: document ${doc.path} could not be read (${(cause as Error).message})`,
        {
          file,
          cause,
          hint: 'The book is damaged; re-export it.',
        },
      );
    }
    for (const item of documentItems(html)) items.push(item);
    done += 1;
    reporter.progress(done, layout.spine.length);
  }

  reporter.phase('segmenting chapters and topics');
  const chapters = segmentBook(items, rules);
  if (!chapters.some((c) => c.topics.some((t) => t.blocks.length > 0))) {
    throw new UserInputError('EPUB_NO_TEXT', `${file}: no text found in the book`, {
      file,
      hint: 'The EPUB may hold only images (a scan); run OCR on it first.',
    });
  }
  const book: Book = {
    schemaVersion: BOOK_SCHEMA_VERSION,
    title: firstString(epub.metadata.title) || basename(file, '.epub'),
    language: firstString(epub.metadata.language) || 'und',
    identifier:
      firstString((epub.metadata as Record<string, unknown>).UUID) ||
      firstString((epub.metadata as Record<string, unknown>).ISBN) ||
      sha256.slice(0, 16),
    source: { file: basename(file), sha256 },
    chapters: chapters.map((c) => ({ number: c.number, title: c.title, file: `chapter_${c.number}.json` })),
  };
  await commitDirectory(outDir, async (dir) => {
    await writeJsonAtomic(join(dir, 'book.json'), book);
    for (const chapter of chapters)
      await writeJsonAtomic(join(dir, `chapter_${chapter.number}.json`), chapter);
  });
  return summarize(book, chapters, outDir);
}

function summarize(book: Book, chapters: Chapter[], outDir: string): ExtractSummary {
  const topicsByKind: Partial<Record<TopicKind, number>> = {};
  let topics = 0;
  let numberedTopics = 0;
  let blocks = 0;
  let figures = 0;
  let words = 0;
  for (const chapter of chapters) {
    for (const topic of chapter.topics) {
      topics += 1;
      if (topic.number) numberedTopics += 1;
      topicsByKind[topic.kind] = (topicsByKind[topic.kind] ?? 0) + 1;
      for (const block of topic.blocks) {
        blocks += 1;
        if (block.type === 'figure') figures += 1;
        words += countWords(block.text);
      }
    }
  }
  return {
    book: book.title,
    language: book.language,
    chapters: chapters.length,
    topics,
    numberedTopics,
    topicsByKind,
    blocks,
    figures,
    words,
    outDir,
  };
}
