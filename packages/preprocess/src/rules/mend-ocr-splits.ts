import type { BookContext } from '../book-context.js';
import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { touchesVerbatim } from './verbatim.js';
import { wordListPattern } from './word-list-pattern.js';

/** The smallest count at which a joined form is trusted as a word of the book. */
const MIN_JOINED = 2;

/**
 * True when "first second" is a broken word: the joined form occurs elsewhere in the book (at
 * least twice, so one run-together typo is not enough, and more often than the split form, so a
 * name such as "New Delhi" is not joined because of two "Newdelhi" typos), and one of the pieces
 * occurs nowhere but in this very split.
 */
export function isSplitWord(first: string, second: string, context: BookContext): boolean {
  const a = first.toLowerCase();
  const b = second.toLowerCase();
  const joined = context.words(a + b);
  const together = context.pairs(a, b);
  if (joined < MIN_JOINED || joined <= together) return false;
  return context.words(a) <= together || context.words(b) <= together;
}

const CANDIDATES = Symbol('mend-ocr-splits');

// Every split pair of the book, found once per book from its pair counts.
function candidatePattern(context: BookContext): RegExp | undefined {
  const splits: string[] = [];
  context.forEachPair((first, second, together, firstCount, secondCount) => {
    // Cheap test first: one of the two words must occur only in this pair.
    if (firstCount > together && secondCount > together) return;
    if (isSplitWord(first, second, context)) splits.push(`${first} ${second}`);
  });
  return wordListPattern(splits);
}

/**
 * Mends OCR splits inside words using the book as its dictionary: "G ravity" → "Gravity" when
 * "gravity" occurs elsewhere and "ravity" does not; "A and B" stays. The second piece must be
 * lower case (a split inside a word), so "Pusa Komal" is never joined.
 */
export const mendOcrSplits: Rule = {
  name: 'mend-ocr-splits',
  summary: 'mend OCR splits ("G ravity" → "Gravity") when the joined word occurs elsewhere in the book',
  usesBookContext: true,
  apply(text, context, onEdit) {
    const pattern = context.derived(CANDIDATES, candidatePattern);
    if (pattern === undefined || !text.includes(' ')) return text;
    return replaceMatches(
      text,
      pattern,
      (m) => {
        const [first = '', second = ''] = m[0].split(' ');
        if (!/^[a-z]+$/.test(second) || touchesVerbatim(m.input, m.index, m.index + m[0].length)) return m[0];
        return first + second;
      },
      onEdit,
    );
  },
};
