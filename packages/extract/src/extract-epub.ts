import { basename, join } from 'node:path';
import {
  BOOK_SCHEMA_VERSION,
  type Book,
  type Chapter,
  commitDirectory,
  parseOptions,
  type Reporter,
  sha256File,
  silentReporter,
  type TopicKind,
  UserInputError,
  writeJsonAtomic,
} from '@kalvimate/core';
import { type DocumentItem, documentItems } from './dom-items.js';
import { checkEpub, type EpubLayout } from './epub-check.js';
import { classifyHeading, compileHeadingRules, type HeadingRules } from './headings.js';
import { type ExtractOptionsInput, ExtractOptionsSchema } from './options.js';
import { readPackage } from './package-info.js';
import { BookSegmenter } from './segment.js';
import { tocLabelsByDocument } from './toc.js';
import { readEntry } from './zip-inspect.js';

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

/** Counts what was written, chapter by chapter, for the summary. */
class SummaryCounter {
  readonly topicsByKind: Partial<Record<TopicKind, number>> = {};
  chapters = 0;
  topics = 0;
  numberedTopics = 0;
  blocks = 0;
  figures = 0;
  words = 0;

  add(chapter: Chapter): void {
    this.chapters += 1;
    for (const topic of chapter.topics) {
      this.topics += 1;
      if (topic.number) this.numberedTopics += 1;
      this.topicsByKind[topic.kind] = (this.topicsByKind[topic.kind] ?? 0) + 1;
      for (const block of topic.blocks) {
        this.blocks += 1;
        if (block.type === 'figure') this.figures += 1;
        this.words += countWords(block.text);
      }
    }
  }
}

/** Counts words (runs of letters, marks or digits) in a text. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{M}\p{N}]+/gu)?.length ?? 0;
}

/** True when a document's own headings already start a chapter (so its TOC label adds nothing). */
function startsOwnChapter(items: readonly DocumentItem[], rules: HeadingRules): boolean {
  return items.some((i) => i.kind === 'heading' && classifyHeading(i.text, rules).role === 'chapter');
}

/**
 * Extracts an EPUB into `outDir` as `book.json` + `chapter_N.json` (the folder appears whole or not
 * at all). Documents are read one at a time and each chapter is written as soon as it is complete,
 * so memory holds one document and one chapter, whatever the size of the book. Bad input is a
 * UserInputError naming the file and the problem.
 * @example await extractEpub('data/raw/book.epub', { outDir: 'data/structured_chapters' });
 */
export async function extractEpub(file: string, options: ExtractEpubOptions): Promise<ExtractSummary> {
  const { outDir, reporter = silentReporter, ...rest } = options;
  const parsed = parseOptions(ExtractOptionsSchema, rest, 'extract');
  const rules = compileHeadingRules(parsed);
  reporter.phase('checking the EPUB');
  const layout = await checkEpub(file, parsed.limits);
  const sha256 = await sha256File(file);
  const info = await readPackage(file, layout);
  const tocLabels = tocLabelsByDocument(info.toc);

  return commitDirectory(outDir, async (dir) => {
    const segmenter = new BookSegmenter(rules);
    const counter = new SummaryCounter();
    const refs: Book['chapters'] = [];
    const usedFiles = new Set<string>();
    let hasText = false;
    const write = async (chapters: readonly Chapter[]) => {
      for (const chapter of chapters) {
        // A number seen twice (a book that restarts its numbering) gets its own file, never overwrites.
        let name = `chapter_${chapter.number}.json`;
        for (let k = 2; usedFiles.has(name); k += 1) name = `chapter_${chapter.number}-${k}.json`;
        usedFiles.add(name);
        await writeJsonAtomic(join(dir, name), chapter);
        refs.push({ number: chapter.number, title: chapter.title, file: name });
        counter.add(chapter);
        if (chapter.topics.some((t) => t.blocks.length > 0)) hasText = true;
      }
    };

    reporter.phase('reading documents', layout.spine.length, 'documents');
    let done = 0;
    for (const doc of layout.spine) {
      const entry = layout.entries.get(doc.path);
      let html: string;
      try {
        if (!entry) throw new Error('not in the archive');
        html = (await readEntry(file, entry)).toString('utf8');
      } catch (cause) {
        if (cause instanceof UserInputError) throw cause;
        throw new UserInputError(
          'EPUB_DOCUMENT_UNREADABLE',
          `${file}: document ${doc.path} could not be read (${(cause as Error).message})`,
          { file, cause, hint: 'The book is damaged; re-export it.' },
        );
      }
      const items = documentItems(html);
      // The TOC helps when a document opens a unit whose heading the text does not carry
      // (a unit title set as an image or a styled paragraph).
      const label = tocLabels.get(doc.path);
      if (label && !startsOwnChapter(items, rules)) {
        const role = classifyHeading(label, rules);
        if (role.role === 'chapter' && role.number !== segmenter.currentChapterNumber)
          await write(segmenter.push({ kind: 'heading', level: 1, text: label }));
      }
      for (const item of items) await write(segmenter.push(item));
      done += 1;
      reporter.progress(done, layout.spine.length);
    }
    await write(segmenter.finish());

    if (!hasText) {
      throw new UserInputError('EPUB_NO_TEXT', `${file}: no text found in the book`, {
        file,
        hint: 'The EPUB may hold only images (a scan); run OCR on it first.',
      });
    }
    const book: Book = {
      schemaVersion: BOOK_SCHEMA_VERSION,
      title: info.title || basename(file, '.epub'),
      language: info.language || 'und',
      identifier: info.identifier || sha256.slice(0, 16),
      source: { file: basename(file), sha256 },
      chapters: refs,
    };
    await writeJsonAtomic(join(dir, 'book.json'), book);
    return {
      book: book.title,
      language: book.language,
      chapters: counter.chapters,
      topics: counter.topics,
      numberedTopics: counter.numberedTopics,
      topicsByKind: counter.topicsByKind,
      blocks: counter.blocks,
      figures: counter.figures,
      words: counter.words,
      outDir,
    };
  });
}
