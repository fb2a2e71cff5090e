import type { Book, Chapter, StageEvent } from '@kalvimate/core';
import { type BookContext, BookDictionary, EMPTY_BOOK_CONTEXT } from './book-context.js';
import { type TextField, textFields } from './book-fields.js';
import {
  type ChangeReport,
  type EmptiedBlock,
  RuleChangeRecorder,
  type RuleChanges,
} from './change-report.js';
import { isRuleEnabled, type PreprocessOptionsInput, PreprocessOptionsSchema } from './options.js';
import { RULES, ruleForLanguage } from './rules.js';

/** At most this many passes; real books need one (and one more to see that nothing changes). */
const MAX_PASSES = 6;

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
  return yield* cleanChaptersEvents(book, structuredClone(chapters), options);
}

/**
 * `preprocessBookEvents` on chapters the caller gives up: their texts are cleaned in place and they are
 * the result's chapters (a book folder just read needs no copy).
 * @internal
 */
export function* cleanChaptersEvents(
  book: Book,
  out: Chapter[],
  options: PreprocessOptionsInput = {},
): Generator<StageEvent, PreprocessResult> {
  const parsed = PreprocessOptionsSchema.parse(options);
  // The blocks with text before cleaning: one left blank by it is reported (and kept).
  const blocksWithText: Array<{
    chapter: number;
    topic: string;
    block: number;
    item: Chapter['topics'][number]['blocks'][number];
  }> = [];
  for (const chapter of out)
    for (const topic of chapter.topics)
      topic.blocks.forEach((item, block) => {
        if (item.text.trim() !== '')
          blocksWithText.push({ chapter: chapter.number, topic: topic.id, block, item });
      });
  const fields = textFields(out);
  const original = fields.map((f) => f.get());
  const enabled = RULES.filter((rule) => isRuleEnabled(parsed, rule.name)).map((rule) =>
    ruleForLanguage(rule, book.language),
  );
  const recorders = enabled.map((rule) => new RuleChangeRecorder(rule, parsed.examplesPerRule));
  yield { type: 'phase', phase: 'cleaning', total: enabled.length, unit: 'rules' };

  // Passes run until one changes nothing, so that cleaning the output again changes nothing even
  // where one rule's repair gives another rule (or the book's dictionary) something new to see.
  // A pass after the first re-runs a rule on a text only when the text changed since that rule
  // last saw it (rules are pure, so elsewhere the answer is known), or when the rule reads the
  // dictionary, which is rebuilt each pass. On real books the second pass finds nothing.
  let dirty: Set<number> | undefined; // undefined: every text is new (first pass)
  let passes = 0;
  // The dictionary is counted once, from the texts as the character rules leave them in the first
  // pass, and then kept up to date: each later pass un-counts and re-counts the texts that changed.
  let dictionary: BookDictionary | undefined;
  let counted: string[] = [];
  while (passes < MAX_PASSES && (dirty === undefined || dirty.size > 0)) {
    passes += 1;
    const changed = new Set<number>();
    let context: BookContext | undefined;
    for (const [r, rule] of enabled.entries()) {
      const recorder = recorders[r] as RuleChangeRecorder;
      if (rule.usesBookContext && context === undefined) {
        if (dictionary === undefined) {
          dictionary = new BookDictionary();
          counted = fields.map((f) => (f.inDictionary ? f.get() : ''));
          for (const text of counted) dictionary.add(text);
        } else {
          for (let i = 0; i < fields.length; i += 1) {
            const field = fields[i] as TextField;
            const now = field.inDictionary ? field.get() : '';
            if (now === counted[i]) continue;
            dictionary.remove(counted[i] ?? '');
            dictionary.add(now);
            counted[i] = now;
          }
        }
        context = dictionary.context();
      }
      // An index loop: `fields.entries()` makes an [index, field] array per step, and this loop takes
      // some 30 rules × 2 passes × every text of the book (two fifths of what preprocess allocated).
      for (let i = 0; i < fields.length; i += 1) {
        const field = fields[i] as TextField;
        if (dirty !== undefined && !rule.usesBookContext && !dirty.has(i) && !changed.has(i)) continue;
        const before = field.get();
        recorder.inField(field, i);
        const after = rule.apply(before, context ?? EMPTY_BOOK_CONTEXT, recorder.listener);
        if (after !== before) {
          field.set(after);
          changed.add(i);
        }
      }
      if (passes === 1) yield { type: 'progress', done: r + 1, total: enabled.length };
    }
    dirty = changed;
  }
  for (const field of fields) field.commit();
  const reports: RuleChanges[] = RULES.map((rule) => {
    const recorder = recorders[enabled.findIndex((r) => r.name === rule.name)];
    return recorder ? recorder.result(true) : new RuleChangeRecorder(rule, 0).result(false);
  });

  const emptiedBlocks: EmptiedBlock[] = blocksWithText
    .filter(({ item }) => item.text.trim() === '')
    .map(({ chapter, topic, block, item }) => ({ chapter, topic, block, type: item.type }));
  const titles = new Map(out.map((c) => [c.number, c.title]));
  const cleanedBook: Book = {
    ...book,
    chapters: book.chapters.map((ref) => ({ ...ref, title: titles.get(ref.number) ?? ref.title })),
  };
  const changes: ChangeReport = {
    schemaVersion: 1,
    passes,
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
