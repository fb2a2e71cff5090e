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
  allWords(): IterableIterator<[string, number]>;
  /** Every adjacent pair ("first second") with its count. */
  allPairs(): IterableIterator<[string, number]>;
  /**
   * A value derived once from this context (such as a rule's table of candidates), computed on
   * first use and kept for the context's lifetime.
   */
  derived<T>(key: symbol, compute: (context: BookContext) => T): T;
}

const WORD = /[a-z]+/g;

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Builds the dictionary from the book's texts (block texts and titles, each counted once). */
export function buildBookContext(texts: Iterable<string>): BookContext {
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  const hyphenated = new Map<string, number>();
  for (const text of texts) {
    const lower = text.toLowerCase();
    let previous = '';
    let previousEnd = -2;
    WORD.lastIndex = 0;
    for (let m = WORD.exec(lower); m !== null; m = WORD.exec(lower)) {
      const word = m[0];
      bump(words, word);
      if (m.index === previousEnd + 1) {
        const between = lower.charCodeAt(previousEnd);
        if (between === 32) bump(pairs, `${previous} ${word}`);
        else if (between === 45) bump(hyphenated, `${previous}-${word}`);
      }
      previous = word;
      previousEnd = m.index + word.length;
    }
  }
  const cache = new Map<symbol, unknown>();
  const context: BookContext = {
    words: (word) => words.get(word) ?? 0,
    pairs: (first, second) => pairs.get(`${first} ${second}`) ?? 0,
    hyphenated: (first, second) => hyphenated.get(`${first}-${second}`) ?? 0,
    allWords: () => words.entries(),
    allPairs: () => pairs.entries(),
    derived<T>(key: symbol, compute: (c: BookContext) => T): T {
      if (!cache.has(key)) cache.set(key, compute(context));
      return cache.get(key) as T;
    },
  };
  return context;
}

/** A context that knows no words: the dictionary rules then change nothing. */
export const EMPTY_BOOK_CONTEXT: BookContext = buildBookContext([]);
