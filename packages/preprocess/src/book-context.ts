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
  /** Every adjacent pair of words with its count: [first, second, count]. */
  allPairs(): Iterable<[string, string, number]>;
  /**
   * A value derived once from this context (such as a rule's table of candidates), computed on
   * first use and kept for the context's lifetime.
   */
  derived<T>(key: symbol, compute: (context: BookContext) => T): T;
}

const WORD = /[a-z]+/g;

// Pairs are counted under a number made of the two words' ids, which is much cheaper than
// building a string for each of the book's ~150,000 adjacent pairs.
const ID_SPACE = 2 ** 21;

function bump(map: Map<number, number>, key: number, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
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
  private readonly pairs = new Map<number, number>();
  private readonly hyphenated = new Map<number, number>();

  /** Counts the words and pairs of `text`. */
  add(text: string): void {
    this.count(text, 1);
  }

  /** Un-counts a text added before. */
  remove(text: string): void {
    this.count(text, -1);
  }

  private count(text: string, by: number): void {
    const lower = text.toLowerCase();
    let previous = -1;
    let previousEnd = -2;
    WORD.lastIndex = 0;
    for (let m = WORD.exec(lower); m !== null; m = WORD.exec(lower)) {
      const word = m[0];
      let id = this.ids.get(word);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(word, id);
        this.names.push(word);
        this.counts.push(0);
      }
      this.counts[id] = (this.counts[id] ?? 0) + by;
      if (m.index === previousEnd + 1 && previous >= 0 && id < ID_SPACE) {
        const between = lower.charCodeAt(previousEnd);
        if (between === 32) bump(this.pairs, previous * ID_SPACE + id, by);
        else if (between === 45) bump(this.hyphenated, previous * ID_SPACE + id, by);
      }
      previous = id;
      previousEnd = m.index + word.length;
    }
  }

  /** A view of the current counts, with its own cache of derived values. */
  context(): BookContext {
    const { ids, names, counts, pairs, hyphenated } = this;
    const pairCount = (map: Map<number, number>, first: string, second: string): number => {
      const a = ids.get(first);
      const b = ids.get(second);
      return a === undefined || b === undefined ? 0 : (map.get(a * ID_SPACE + b) ?? 0);
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
      *allPairs() {
        for (const [key, n] of pairs)
          yield [names[Math.floor(key / ID_SPACE)] ?? '', names[key % ID_SPACE] ?? '', n];
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
