import type { BookContext } from '../book-context.js';
import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { touchesVerbatim } from './verbatim.js';

/**
 * Four or more Latin letters, each alone between single spaces: a word set letter by letter ("C H A P T E R",
 * small capitals set one span per letter: "T h i s S e c t i o n").
 */
const SPACED_LETTERS = /(?<![\p{L}\p{N}\p{M}])[A-Za-z](?: [A-Za-z]){3,}(?![\p{L}\p{N}\p{M}])/gu;

/** The fewest times a word must occur in the book to be read out of spaced letters. */
const MIN_COUNT = 2;
/** Words of one letter that may stand in a spaced run (English's "a" and "I"). */
const ONE_LETTER_WORDS = new Set(['a', 'i']);
/** Longest word tried: a longer run of letters is matched piece by piece. */
const MAX_WORD = 24;

/**
 * The words a run of letters reads as, in the book's dictionary: the fewest words (each written at least
 * twice in the book; of one letter, only "a" and "I"), a capital after a small letter opening a word; the
 * more frequent reading where two tie. Undefined where no reading uses book words alone. Pure.
 */
export function readSpacedLetters(letters: string, context: BookContext): string[] | undefined {
  const lower = letters.toLowerCase();
  const n = letters.length;
  // best[i]: the fewest words reading letters[0, i), with their summed log counts and where the last began.
  const words = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const weight = new Array<number>(n + 1).fill(Number.NEGATIVE_INFINITY);
  const from = new Array<number>(n + 1).fill(-1);
  words[0] = 0;
  weight[0] = 0;
  for (let end = 1; end <= n; end += 1) {
    for (let start = Math.max(0, end - MAX_WORD); start < end; start += 1) {
      if (words[start] === Number.POSITIVE_INFINITY) continue;
      // A capital after a small letter opens a word: no word runs across it.
      if (crossesCapital(letters, start, end)) continue;
      const word = lower.slice(start, end);
      const count = context.words(word);
      if (count < MIN_COUNT || (word.length === 1 && !ONE_LETTER_WORDS.has(word))) continue;
      const total = (words[start] as number) + 1;
      const score = (weight[start] as number) + Math.log(count);
      if (total < (words[end] as number) || (total === words[end] && score > (weight[end] as number))) {
        words[end] = total;
        weight[end] = score;
        from[end] = start;
      }
    }
  }
  if (words[n] === Number.POSITIVE_INFINITY) return undefined;
  const out: string[] = [];
  for (let end = n; end > 0; end = from[end] as number) out.unshift(letters.slice(from[end] as number, end));
  return out;
}

/** True when a capital letter after a small one falls inside [start, end) past its first letter. */
function crossesCapital(letters: string, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i += 1) {
    const code = letters.charCodeAt(i);
    const before = letters.charCodeAt(i - 1);
    if (code >= 65 && code <= 90 && before >= 97 && before <= 122) return true;
  }
  return false;
}

/** Fewest letters of the longest word of a reading, and of a word in capitals read alone ("CHAPTER"). */
const LONG_WORD = 4;
const LONE_CAPITALS = 5;

/**
 * True when a reading of spaced letters is words of text, not symbols spelled out: a word of four letters
 * or more in it, no short word in capitals and no capital inside a word of small letters ("C u S O" reads
 * "Cu SO", "C O O N" "CO ON", "C O O N a" "COONa": a formula an accessible edition spells out), a word read
 * alone in capitals of five letters at least ("C O O H" stays), and one word alone in small letters never
 * (a spelling exercise: "w a t e r").
 */
function isWordsReading(words: readonly string[]): boolean {
  if (!words.some((w) => w.length >= LONG_WORD)) return false;
  for (const w of words) {
    const capitals = w === w.toUpperCase();
    if (w.length > 1 && w.length < LONG_WORD && capitals) return false;
    // A capital inside a word of small letters: a formula's "COONa", "NaCl", not a word.
    if (!capitals && w.slice(1) !== w.slice(1).toLowerCase()) return false;
  }
  const [only] = words;
  if (words.length > 1 || only === undefined) return true;
  if (only === only.toUpperCase()) return only.length >= LONE_CAPITALS;
  return only !== only.toLowerCase();
}

/**
 * Mends words set letter by letter with the book as its dictionary: "T h i s S e c t i o n i s a D r a f t"
 * → "This Section is a Draft", "C H A P T E R" → "CHAPTER", when each word of the reading occurs elsewhere
 * in the book. Letters that read as no such words stay as they are ("A B C D", "x y z w"), and so do
 * symbols spelled out and one word spelled out in small letters (`isWordsReading`).
 */
export const mendLetterSpacing: Rule = {
  name: 'mend-letter-spacing',
  summary:
    'mend words set letter by letter ("T h i s S e c t i o n" → "This Section") into words the book writes elsewhere',
  usesBookContext: true,
  apply(text, context, onEdit) {
    if (!text.includes(' ')) return text;
    return replaceMatches(
      text,
      SPACED_LETTERS,
      (m) => {
        if (touchesVerbatim(m.input, m.index, m.index + m[0].length)) return m[0];
        const read = readSpacedLetters(m[0].replaceAll(' ', ''), context);
        return read && isWordsReading(read) ? read.join(' ') : m[0];
      },
      onEdit,
    );
  },
};
