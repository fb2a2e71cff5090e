import type { Book, Chapter, StageEvent } from '@kalvimate/core';
import { type BookContext, buildBookContext, EMPTY_BOOK_CONTEXT } from './book-context.js';
import { textFields } from './book-fields.js';
import {
  type ChangeReport,
  type EmptiedBlock,
  RuleChangeRecorder,
  type RuleChanges,
} from './change-report.js';
import { isRuleEnabled, type PreprocessOptionsInput, PreprocessOptionsSchema } from './options.js';
import { RULES } from './rules.js';

/** The cleaned book: same schema as the input, plus what changed. */
export interface PreprocessResult {
  /** The book with chapter titles as cleaned; every other field as given. */
  book: Book;
  chapters: Chapter[];
  changes: ChangeReport;
}

/**
 * Cleans a book, yielding progress events and returning the result (see `preprocessBook`). The
 * input is not modified.
 */
export function* preprocessBookEvents(
  book: Book,
  chapters: Chapter[],
  options: PreprocessOptionsInput = {},
): Generator<StageEvent, PreprocessResult> {
  const parsed = PreprocessOptionsSchema.parse(options);
  const out = structuredClone(chapters);
  const fields = textFields(out);
  const original = fields.map((f) => f.get());
  const enabled = RULES.filter((rule) => isRuleEnabled(parsed, rule.name));
  yield { type: 'phase', phase: 'cleaning', total: enabled.length, unit: 'rules' };

  const reports: RuleChanges[] = [];
  let done = 0;
  // The dictionary is built once, from the text as the character rules leave it; each dictionary
  // rule only fixes pieces that are not words of the book, so later rules do not need it rebuilt.
  let context: BookContext | undefined;
  for (const rule of RULES) {
    const recorder = new RuleChangeRecorder(rule, parsed.examplesPerRule);
    if (isRuleEnabled(parsed, rule.name)) {
      if (rule.usesBookContext && context === undefined)
        context = buildBookContext(fields.flatMap((f) => (f.inDictionary ? [f.get()] : [])));
      for (const field of fields) {
        const before = field.get();
        recorder.inField(field);
        const after = rule.apply(before, context ?? EMPTY_BOOK_CONTEXT, recorder.listener);
        if (after !== before) {
          field.set(after);
          recorder.fieldChanged();
        }
      }
      done += 1;
      yield { type: 'progress', done, total: enabled.length };
    }
    reports.push(recorder.result(isRuleEnabled(parsed, rule.name)));
  }

  const emptiedBlocks: EmptiedBlock[] = [];
  const originalChapters = new Map(chapters.map((c) => [c.number, c]));
  for (const chapter of out) {
    const before = originalChapters.get(chapter.number);
    chapter.topics.forEach((topic, t) => {
      topic.blocks.forEach((block, b) => {
        const was = before?.topics[t]?.blocks[b]?.text ?? '';
        if (block.text.trim() === '' && was.trim() !== '')
          emptiedBlocks.push({ chapter: chapter.number, topic: topic.id, block: b, type: block.type });
      });
    });
  }
  const titles = new Map(out.map((c) => [c.number, c.title]));
  const cleanedBook: Book = {
    ...book,
    chapters: book.chapters.map((ref) => ({ ...ref, title: titles.get(ref.number) ?? ref.title })),
  };
  const changes: ChangeReport = {
    schemaVersion: 1,
    fields: fields.length,
    fieldsChanged: fields.reduce((n, f, i) => n + (f.get() === original[i] ? 0 : 1), 0),
    edits: reports.reduce((n, r) => n + r.fired, 0),
    rules: reports,
    emptiedBlocks,
  };
  return { book: cleanedBook, chapters: out, changes };
}

/**
 * Cleans every text field of a book (titles, block texts, list items, table cells and captions,
 * figure alt text and captions) with the enabled rules, in their documented order. Topic ids,
 * numbers, kinds, paths and order, and math LaTeX, are never changed; no block is dropped.
 * @example const { chapters, changes } = preprocessBook(book, chapters, { rules: { 'spoken-fractions': false } });
 */
export function preprocessBook(
  book: Book,
  chapters: Chapter[],
  options: PreprocessOptionsInput = {},
): PreprocessResult {
  const events = preprocessBookEvents(book, chapters, options);
  for (;;) {
    const next = events.next();
    if (next.done) return next.value;
  }
}
