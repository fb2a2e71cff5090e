/**
 * The book as its own dictionary: how often each Latin word, each pair of adjacent words and each
 * hyphenated pair occurs (all lower-cased). The dictionary rules ask it whether a joined or split
 * form is a word of this book.
 */
export interface BookContext {
  /** Occurrences of `word` (lower case) as a whole word. */
  words(word: string): number;
  /** Occurrences of `first second` (lower case) as adjacent words separated by one space. */
  pairs(first: string, second: string): number;
  /** Occurrences of `first-second` (lower case, one hyphen, no spaces). */
  hyphenated(first: string, second: string): number;
  /** Every word with its count. */
  allWords(): Iterable<[string, number]>;
  /**
   * Calls `visit` for every word with its count, in the order of `allWords`: a pass over the book's words
   * without a tuple and an iterator step per word (a cold process runs such loops unoptimised).
   */
  forEachWord(visit: (word: string, count: number) => void): void;
  /** Every adjacent pair of words with its count: [first, second, count]. */
  allPairs(): Iterable<[string, string, number]>;
  /**
   * Calls `visit` for every adjacent pair of words with its count and the counts of its two words, in
   * the order of `allPairs`: a pass over some 150,000 pairs without a tuple or two look-ups per pair.
   */
  forEachPair(
    visit: (first: string, second: string, together: number, firstCount: number, secondCount: number) => void,
  ): void;
  /**
   * A value derived once from this context (such as a rule's table of candidates), computed on
   * first use and kept for the context's lifetime.
   */
  derived<T>(key: symbol, compute: (context: BookContext) => T): T;
}

/** a–z: the letters the dictionary counts (after lower-casing). */
function isLowerLatin(code: number): boolean {
  return code >= 97 && code <= 122;
}

// A pair of word ids is counted under one number. While both ids fit in 15 bits that number is a
// small integer, which V8 keeps unboxed: counting the book's ~150,000 adjacent pairs then allocates
// nothing (wider keys are heap numbers, several times slower). Larger vocabularies spill into a
// second map with keys of 21 bits per id.
const NARROW_ID = 2 ** 15;
const WIDE_ID = 2 ** 21;

function bump(map: Map<number, number>, key: number, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
}

/** Counts of ordered pairs of word ids. */
class PairCounts {
  private readonly narrow = new Map<number, number>();
  private readonly wide = new Map<number, number>();

  bump(first: number, second: number, by: number): void {
    if (first < NARROW_ID && second < NARROW_ID) bump(this.narrow, first * NARROW_ID + second, by);
    else if (second < WIDE_ID) bump(this.wide, first * WIDE_ID + second, by);
  }

  get(first: number, second: number): number {
    if (first < NARROW_ID && second < NARROW_ID) return this.narrow.get(first * NARROW_ID + second) ?? 0;
    return second < WIDE_ID ? (this.wide.get(first * WIDE_ID + second) ?? 0) : 0;
  }

  /** Every pair's ids with its count, in the order of `named`. */
  visitAll(visit: (first: number, second: number, count: number) => void): void {
    this.narrow.forEach((n, key) => {
      visit(key >>> 15, key & (NARROW_ID - 1), n);
    });
    this.wide.forEach((n, key) => {
      visit(Math.floor(key / WIDE_ID), key % WIDE_ID, n);
    });
  }

  /** Every pair with its count, the ids turned into words by `names`. */
  *named(names: readonly string[]): Iterable<[string, string, number]> {
    for (const [key, n] of this.narrow)
      yield [names[key >>> 15] ?? '', names[key & (NARROW_ID - 1)] ?? '', n];
    for (const [key, n] of this.wide)
      yield [names[Math.floor(key / WIDE_ID)] ?? '', names[key % WIDE_ID] ?? '', n];
  }
}

/**
 * The counts behind a BookContext, kept up to date as texts change: `add` a text, `remove` the
 * old version of a text, and take a fresh `context()` for the next pass. Do not change it while
 * a context taken from it is in use.
 */
export class BookDictionary {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly counts: number[] = [];
  private readonly pairs = new PairCounts();
  private readonly hyphenated = new PairCounts();

  /** Counts the words and pairs of `text`. */
  add(text: string): void {
    this.count(text, 1);
  }

  /** Un-counts a text added before. */
  remove(text: string): void {
    this.count(text, -1);
  }

  // A scan by character codes, the same words as /[a-z]+/g on the lower-cased text but without a
  // match object per word: the dictionary of a textbook is counted in a few milliseconds.
  private count(text: string, by: number): void {
    const lower = text.toLowerCase();
    const length = lower.length;
    let previous = -1;
    let previousEnd = -2;
    let i = 0;
    while (i < length) {
      if (!isLowerLatin(lower.charCodeAt(i))) {
        i += 1;
        continue;
      }
      const start = i;
      do i += 1;
      while (i < length && isLowerLatin(lower.charCodeAt(i)));
      const word = lower.slice(start, i);
      let id = this.ids.get(word);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(word, id);
        this.names.push(word);
        this.counts.push(0);
      }
      this.counts[id] = (this.counts[id] ?? 0) + by;
      if (start === previousEnd + 1 && previous >= 0) {
        const between = lower.charCodeAt(previousEnd);
        if (between === 32) this.pairs.bump(previous, id, by);
        else if (between === 45) this.hyphenated.bump(previous, id, by);
      }
      previous = id;
      previousEnd = i;
    }
  }

  /** A view of the current counts, with its own cache of derived values. */
  context(): BookContext {
    const { ids, names, counts, pairs, hyphenated } = this;
    const pairCount = (counted: PairCounts, first: string, second: string): number => {
      const a = ids.get(first);
      const b = ids.get(second);
      return a === undefined || b === undefined ? 0 : counted.get(a, b);
    };
    const cache = new Map<symbol, unknown>();
    const context: BookContext = {
      words: (word) => {
        const id = ids.get(word);
        return id === undefined ? 0 : (counts[id] ?? 0);
      },
      pairs: (first, second) => pairCount(pairs, first, second),
      hyphenated: (first, second) => pairCount(hyphenated, first, second),
      *allWords() {
        for (const [i, name] of names.entries()) {
          const n = counts[i] ?? 0;
          if (n > 0) yield [name, n];
        }
      },
      forEachWord: (visit) => {
        for (let i = 0; i < names.length; i += 1) {
          const n = counts[i] ?? 0;
          if (n > 0) visit(names[i] as string, n);
        }
      },
      allPairs: () => pairs.named(names),
      forEachPair: (visit) => {
        pairs.visitAll((a, b, n) => {
          visit(names[a] ?? '', names[b] ?? '', n, counts[a] ?? 0, counts[b] ?? 0);
        });
      },
      derived<T>(key: symbol, compute: (c: BookContext) => T): T {
        if (!cache.has(key)) cache.set(key, compute(context));
        return cache.get(key) as T;
      },
    };
    return context;
  }
}

/** Builds the dictionary from the book's texts (block texts and titles, each counted once). */
export function buildBookContext(texts: Iterable<string>): BookContext {
  const dictionary = new BookDictionary();
  for (const text of texts) dictionary.add(text);
  return dictionary.context();
}

/** A context that knows no words: the dictionary rules then change nothing. */
export const EMPTY_BOOK_CONTEXT: BookContext = buildBookContext([]);
